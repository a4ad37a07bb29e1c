import {
  DAPR_APP_ID_HEADER,
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
  return `${DAPR_INVOKE_PREFIX}${invokeTarget(
    appId,
    namespace,
    callerNamespace,
  )}/method`;
}

/**
 * The app a caller's daprd is told to invoke: `<appId>`, or `<appId>.<namespace>` when the
 * caller runs in another namespace (Dapr's name resolution, "Service invocation across
 * namespaces", Dapr 1.18 docs).
 * @public
 */
export function invokeTarget(
  appId: string,
  namespace: string,
  callerNamespace: string,
): string {
  return namespace === callerNamespace ? appId : `${appId}.${namespace}`;
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

function routeMetadata(input: ServiceInput, routeNamespace: string) {
  return {
    name: routeName(input, routeNamespace),
    namespace: routeNamespace,
    labels: {
      'app.kubernetes.io/part-of': input.appId,
      [KUBERNETES_ID_ANNOTATION]: input.appId,
    },
  };
}

/**
 * A route of `kind` in the gateway's Dapr namespace with one rule (`ruleOf` gives its matches
 * and filters) whose single backend is the gateway's own Dapr Shared Service on the daprd port
 * of the route's protocol, never the app itself. Undefined without a gateway.
 */
function routeThroughGatewayDapr(
  input: ServiceInput,
  kind: 'HTTPRoute' | 'GRPCRoute',
  daprdPort: number,
  ruleOf: (routeNamespace: string) => Record<string, unknown>,
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
        ...(gateway.listener ? { sectionName: gateway.listener } : {}),
      },
    ],
  };
  if (input.hostnames.length > 0) spec.hostnames = [...input.hostnames];
  spec.rules = [
    {
      ...ruleOf(routeNamespace),
      backendRefs: [
        {
          group: '',
          kind: 'Service',
          name: daprServiceName(gateway.gatewayAppId),
          port: daprdPort,
        },
      ],
    },
  ];
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: routeMetadata(input, routeNamespace),
    spec,
  };
}

/**
 * The route that publishes the app through the Gateway, by the app's protocol: an HTTPRoute for
 * an HTTP app, a GRPCRoute for a gRPC app. Undefined without a gateway.
 * @public
 */
export function renderRoute(
  input: ServiceInput,
): KubernetesManifest | undefined {
  return input.appProtocol === 'grpc'
    ? renderGrpcRoute(input)
    : renderHttpRoute(input);
}

/**
 * The GRPCRoute that publishes a gRPC app through the Gateway the Dapr way: every call on the
 * route's hostnames goes to the gateway's own Dapr Shared on daprd's gRPC port (50001), with the
 * `dapr-app-id` metadata set to the app. daprd's gRPC proxy forwards a call that carries
 * `dapr-app-id` to that app's daprd, which calls the app (Dapr 1.18 docs, "How-To: Invoke
 * services using gRPC": the caller dials its own daprd's gRPC port and names the target in the
 * `dapr-app-id` metadata). The metadata is set by a `RequestHeaderModifier` filter (Gateway API
 * v1.6.1 `GRPCRouteFilter`; gRPC metadata travels as HTTP/2 headers), which replaces any value
 * the client sent, so the route invokes this app and no other. Never to the app's own Service:
 * that would bypass Dapr (mTLS, resiliency, access control). The route has no matches, which
 * the Gateway API reads as every service and method (`GRPCRouteRule.matches` "If no matches
 * are specified, the implementation MUST match every gRPC request"). Undefined without a gateway.
 * @public
 */
export function renderGrpcRoute(
  input: ServiceInput,
): KubernetesManifest | undefined {
  return routeThroughGatewayDapr(
    input,
    'GRPCRoute',
    DAPRD_PORTS.grpc,
    routeNamespace => ({
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [
              {
                name: DAPR_APP_ID_HEADER,
                value: invokeTarget(
                  input.appId,
                  input.namespace,
                  routeNamespace,
                ),
              },
            ],
          },
        },
      ],
    }),
  );
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
  return routeThroughGatewayDapr(
    input,
    'HTTPRoute',
    DAPRD_PORTS.http,
    routeNamespace => ({
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
    }),
  );
}
