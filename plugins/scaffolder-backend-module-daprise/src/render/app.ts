import { daprServiceName } from '@daprise/plugin-daprise-common';
import type { ServiceInput } from '../validation';
import { DAPRD_PORTS } from './daprShared';
import { appLabels, appSelector, serviceHost } from './labels';
import type { KubernetesManifest } from './types';

/**
 * The app's own Deployment and Service. The pods carry no `dapr.io/enabled` annotation (their
 * daprd is the Dapr Shared instance) and no `dapr.io/app-id` label (so policies that select the
 * Dapr Shared pods by app-id never select the app). The Dapr SDKs find daprd through
 * `DAPR_HTTP_ENDPOINT` and `DAPR_GRPC_ENDPOINT`.
 * @public
 */
export function renderApp(input: ServiceInput): KubernetesManifest[] {
  const { appId, namespace } = input;
  const labels = appLabels(appId);
  const portName = input.appProtocol === 'grpc' ? 'grpc' : 'http';
  const daprHost = serviceHost(daprServiceName(appId), namespace);
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: appId, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: appSelector(appId) },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: appId,
                image: input.image,
                ports: [
                  {
                    name: portName,
                    containerPort: input.appPort,
                    protocol: 'TCP',
                  },
                ],
                env: [
                  { name: 'APP_PORT', value: String(input.appPort) },
                  {
                    name: 'DAPR_HTTP_ENDPOINT',
                    value: `http://${daprHost}:${DAPRD_PORTS.http}`,
                  },
                  {
                    name: 'DAPR_GRPC_ENDPOINT',
                    value: `http://${daprHost}:${DAPRD_PORTS.grpc}`,
                  },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: appId, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: appSelector(appId),
        ports: [
          {
            name: portName,
            port: input.appPort,
            targetPort: input.appPort,
            protocol: 'TCP',
            // Tells proxies the port speaks HTTP/2 without TLS, as gRPC apps do.
            ...(input.appProtocol === 'grpc'
              ? { appProtocol: 'kubernetes.io/h2c' }
              : {}),
          },
        ],
      },
    },
  ];
}
