import {
  DAPR_INVOKE_PREFIX,
  daprServiceName,
  KUBERNETES_ID_ANNOTATION,
} from '@daprise/plugin-daprise-common';
import type { ServiceInput } from '../validation';
import { DAPRD_PORTS } from './daprShared';
import type { KubernetesManifest } from './types';

/**
 * The invoke path prefix the gateway's daprd is sent to for an app:
 * `/v1.0/invoke/<appId>.<namespace>/method`, without the namespace when the gateway's Dapr
 * Shared runs in the app's namespace.
 * @public
 */
export function invokePathPrefix(
  appId: string,
  namespace: string,
  callerNamespace: string,
): string {
  const target =
    namespace === callerNamespace ? appId : `${appId}.${namespace}`;
  return `${DAPR_INVOKE_PREFIX}${target}/method`;
}

/**
 * Name of the HTTPRoute for an app. The route lives in the gateway's Dapr namespace, so apps of
 * other namespaces get the namespace in the name to stay unique there.
 * @public
 */
export function routeName(
  input: Pick<ServiceInput, 'appId' | 'namespace'>,
  routeNamespace: string,
): string {
  const name =
    input.namespace === routeNamespace
      ? input.appId
      : `${input.appId}-${input.namespace}`;
  return name.slice(0, 253);
}

/**
 * The HTTPRoute that publishes the app through the Gateway: `PathPrefix <pathPrefix>` is
 * rewritten to the app's invoke path and sent to the gateway's own Dapr Shared Service, whose
 * daprd invokes the app (with mTLS, resiliency and access control). Undefined without a gateway.
 * @public
 */
export function renderHttpRoute(
  input: ServiceInput,
): KubernetesManifest | undefined {
  const gateway = input.gateway;
  if (!gateway) return undefined;
  const routeNamespace = gateway.gatewayDaprNamespace;
  const spec: Record<string, unknown> = {
    parentRefs: [
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: gateway.name,
        namespace: gateway.namespace,
      },
    ],
  };
  if (input.hostnames.length > 0) spec.hostnames = [...input.hostnames];
  spec.rules = [
    {
      // ReplacePrefixMatch requires exactly one PathPrefix match in the rule (Gateway API CEL rule).
      matches: [
        {
          path: {
            type: 'PathPrefix',
            value: input.pathPrefix ?? `/${input.appId}`,
          },
        },
      ],
      filters: [
        {
          type: 'URLRewrite',
          urlRewrite: {
            path: {
              type: 'ReplacePrefixMatch',
              replacePrefixMatch: invokePathPrefix(
                input.appId,
                input.namespace,
                routeNamespace,
              ),
            },
          },
        },
      ],
      backendRefs: [
        {
          group: '',
          kind: 'Service',
          name: daprServiceName(gateway.gatewayAppId),
          port: DAPRD_PORTS.http,
        },
      ],
    },
  ];
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: routeName(input, routeNamespace),
      namespace: routeNamespace,
      labels: {
        'app.kubernetes.io/part-of': input.appId,
        [KUBERNETES_ID_ANNOTATION]: input.appId,
      },
    },
    spec,
  };
}
