import {
  CILIUM_NAMESPACE_LABEL,
  DAPR_APP_ID_ANNOTATION,
  DAPR_APP_ID_HEADER,
  KUBERNETES_ID_ANNOTATION,
} from '@daprise/plugin-daprise-common';
import type { ServiceInput } from '../validation';
import { DAPRD_PORTS } from './daprShared';
import { appSelector } from './labels';
import { invokePathPrefix, invokeTarget } from './route';
import type { KubernetesManifest } from './types';

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The Cilium L7 path rule admitting exactly the requests the route produces: the invoke prefix,
 * then nothing, a sub-path or a query string. Cilium matches the whole path (and Envoy's `:path`
 * includes the query string).
 * @public
 */
export function invokePathRegex(prefix: string): string {
  return `${escapeRegex(prefix)}([/?].*)?`;
}

function tcp(...ports: number[]) {
  return ports.map(port => ({ port: String(port), protocol: 'TCP' }));
}

/**
 * The CiliumNetworkPolicies that confine traffic to the path the template sets up:
 *
 * 1. Gateway to the gateway's Dapr Shared, only from Cilium's Gateway (the reserved `ingress`
 *    identity): for an HTTP app on 3500 and only for this app's invoke path (L7); for a gRPC
 *    app on daprd's gRPC port 50001 and only for calls whose `dapr-app-id` metadata names this
 *    app (L7 `headerMatches`: gRPC is HTTP/2, and the GRPCRoute sets that header). Cilium merges
 *    the L7 rules of every app's policy on a port, so each app adds its own.
 * 2. To the app's Dapr Shared: the gateway's daprd on 50002 (daprd-to-daprd gRPC; TLS when mTLS
 *    is on, so L4 only) and the app's own pods on 3500/50001 (the app calling its Dapr APIs).
 *    Selecting these pods puts them in default-deny for ingress: nothing else reaches them.
 * 3. To the app's pods on the app port, only from the app's Dapr Shared.
 *
 * Cross-namespace peers name their namespace (`k8s:io.kubernetes.pod.namespace`): in a
 * CiliumNetworkPolicy a selector without one only matches the policy's own namespace.
 * @public
 */
export function renderNetworkPolicies(
  input: ServiceInput,
): KubernetesManifest[] {
  const { appId, namespace, gateway } = input;
  const labels = {
    'app.kubernetes.io/part-of': appId,
    [KUBERNETES_ID_ANNOTATION]: appId,
  };
  const policies: KubernetesManifest[] = [];

  if (gateway) {
    const gatewayNamespace = gateway.gatewayDaprNamespace;
    const grpc = input.appProtocol === 'grpc';
    const toPorts = grpc
      ? {
          ports: tcp(DAPRD_PORTS.grpc),
          rules: {
            http: [
              {
                headerMatches: [
                  {
                    name: DAPR_APP_ID_HEADER,
                    value: invokeTarget(appId, namespace, gatewayNamespace),
                  },
                ],
              },
            ],
          },
        }
      : {
          ports: tcp(DAPRD_PORTS.http),
          rules: {
            http: [
              {
                path: invokePathRegex(
                  invokePathPrefix(appId, namespace, gatewayNamespace),
                ),
              },
            ],
          },
        };
    policies.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: {
        name: `${
          namespace === gatewayNamespace ? appId : `${appId}-${namespace}`
        }-via-${gateway.gatewayAppId}`.slice(0, 253),
        namespace: gatewayNamespace,
        labels,
      },
      spec: {
        description: `Only the Gateway may call ${
          gateway.gatewayAppId
        }'s daprd${
          grpc ? ' on its gRPC port' : ''
        }, and only to invoke ${appId}.`,
        endpointSelector: {
          matchLabels: { [DAPR_APP_ID_ANNOTATION]: gateway.gatewayAppId },
        },
        ingress: [{ fromEntities: ['ingress'], toPorts: [toPorts] }],
      },
    });
  }

  const daprIngress: unknown[] = [];
  if (gateway) {
    daprIngress.push({
      fromEndpoints: [
        {
          matchLabels: {
            [DAPR_APP_ID_ANNOTATION]: gateway.gatewayAppId,
            [`k8s:${CILIUM_NAMESPACE_LABEL}`]: gateway.gatewayDaprNamespace,
          },
        },
      ],
      toPorts: [{ ports: tcp(DAPRD_PORTS.internalGrpc) }],
    });
  }
  daprIngress.push({
    fromEndpoints: [{ matchLabels: appSelector(appId) }],
    toPorts: [{ ports: tcp(DAPRD_PORTS.http, DAPRD_PORTS.grpc) }],
  });
  policies.push({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `${appId}-dapr-shared-ingress`, namespace, labels },
    spec: {
      description: gateway
        ? `${appId}'s daprd: service invocation from ${gateway.gatewayAppId}'s daprd, Dapr APIs for ${appId}'s own pods.`
        : `${appId}'s daprd: Dapr APIs for ${appId}'s own pods only.`,
      endpointSelector: { matchLabels: { [DAPR_APP_ID_ANNOTATION]: appId } },
      ingress: daprIngress,
    },
  });

  policies.push({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `${appId}-app-ingress`, namespace, labels },
    spec: {
      description: `${appId}'s pods: only its Dapr Shared may call the app port.`,
      endpointSelector: { matchLabels: appSelector(appId) },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { [DAPR_APP_ID_ANNOTATION]: appId } }],
          toPorts: [{ ports: tcp(input.appPort) }],
        },
      ],
    },
  });
  return policies;
}
