/**
 * How to list and watch one kind of Kubernetes object.
 * @public
 */
export interface KindInfo {
  /** The kind, as in `kind:` of an object. */
  kind: string;
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  /** `group/version`, or `version` for the core group. */
  apiVersion: string;
  /** Resource name in REST paths (`/apis/<group>/<version>/<plural>`). */
  plural: string;
  namespaced: boolean;
  /** Name of the CustomResourceDefinition for CRD-backed kinds; absent for built-in kinds. */
  crd?: string;
}

function kind(
  name: string,
  group: string,
  version: string,
  plural: string,
  namespaced: boolean,
  crd: boolean,
): KindInfo {
  return {
    kind: name,
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    plural,
    namespaced,
    ...(crd ? { crd: `${plural}.${group}` } : {}),
  };
}

/**
 * Every kind the Daprise backend watches, with the API coordinates to list and watch it.
 *
 * Subscription is read at `v2alpha1`, its storage version (the API server converts `v1alpha1`
 * objects, so `route` becomes `routes.default`). Gateway API kinds are read at `v1`, and
 * `v1beta1` for ReferenceGrant: HTTPRoute and GRPCRoute are `v1` from Gateway API v1.2.1
 * (Cilium 1.17); TLSRoute, TCPRoute, UDPRoute, ListenerSet and BackendTLSPolicy are `v1` in the
 * standard channel of v1.6.1 (Cilium 1.20; `config/crd/standard` of sigs.k8s.io/gateway-api),
 * and `not-installed` on a cluster that does not serve them. MCPServer and
 * WorkflowAccessPolicy are new in Dapr 1.18 (`pkg/apis/mcpserver`,
 * `pkg/apis/workflowaccesspolicy` of github.com/dapr/dapr v1.18.3), both `v1alpha1`.
 *
 * Namespaces are read for their names and labels only: whether a ReferenceGrant's `from`
 * namespace exists, and which namespaces a listener's `allowedRoutes` selector admits.
 *
 * Jobs, CronJobs and Pods are watched for sidecar apps (`dapr.io/enabled`) outside Deployments
 * and StatefulSets. A Pod is read only when no controller owns it; every other Pod slims to one
 * shared placeholder (`slimWorkload`), so plain pods cost the watch's map entry only.
 * @public
 */
export const KINDS = {
  Deployment: kind('Deployment', 'apps', 'v1', 'deployments', true, false),
  DaemonSet: kind('DaemonSet', 'apps', 'v1', 'daemonsets', true, false),
  StatefulSet: kind('StatefulSet', 'apps', 'v1', 'statefulsets', true, false),
  Job: kind('Job', 'batch', 'v1', 'jobs', true, false),
  CronJob: kind('CronJob', 'batch', 'v1', 'cronjobs', true, false),
  Pod: kind('Pod', '', 'v1', 'pods', true, false),
  Service: kind('Service', '', 'v1', 'services', true, false),
  Namespace: kind('Namespace', '', 'v1', 'namespaces', false, false),
  Component: kind('Component', 'dapr.io', 'v1alpha1', 'components', true, true),
  Configuration: kind(
    'Configuration',
    'dapr.io',
    'v1alpha1',
    'configurations',
    true,
    true,
  ),
  Resiliency: kind(
    'Resiliency',
    'dapr.io',
    'v1alpha1',
    'resiliencies',
    true,
    true,
  ),
  Subscription: kind(
    'Subscription',
    'dapr.io',
    'v2alpha1',
    'subscriptions',
    true,
    true,
  ),
  HTTPEndpoint: kind(
    'HTTPEndpoint',
    'dapr.io',
    'v1alpha1',
    'httpendpoints',
    true,
    true,
  ),
  MCPServer: kind('MCPServer', 'dapr.io', 'v1alpha1', 'mcpservers', true, true),
  WorkflowAccessPolicy: kind(
    'WorkflowAccessPolicy',
    'dapr.io',
    'v1alpha1',
    'workflowaccesspolicies',
    true,
    true,
  ),
  GatewayClass: kind(
    'GatewayClass',
    'gateway.networking.k8s.io',
    'v1',
    'gatewayclasses',
    false,
    true,
  ),
  Gateway: kind(
    'Gateway',
    'gateway.networking.k8s.io',
    'v1',
    'gateways',
    true,
    true,
  ),
  HTTPRoute: kind(
    'HTTPRoute',
    'gateway.networking.k8s.io',
    'v1',
    'httproutes',
    true,
    true,
  ),
  GRPCRoute: kind(
    'GRPCRoute',
    'gateway.networking.k8s.io',
    'v1',
    'grpcroutes',
    true,
    true,
  ),
  TLSRoute: kind(
    'TLSRoute',
    'gateway.networking.k8s.io',
    'v1',
    'tlsroutes',
    true,
    true,
  ),
  TCPRoute: kind(
    'TCPRoute',
    'gateway.networking.k8s.io',
    'v1',
    'tcproutes',
    true,
    true,
  ),
  UDPRoute: kind(
    'UDPRoute',
    'gateway.networking.k8s.io',
    'v1',
    'udproutes',
    true,
    true,
  ),
  ListenerSet: kind(
    'ListenerSet',
    'gateway.networking.k8s.io',
    'v1',
    'listenersets',
    true,
    true,
  ),
  BackendTLSPolicy: kind(
    'BackendTLSPolicy',
    'gateway.networking.k8s.io',
    'v1',
    'backendtlspolicies',
    true,
    true,
  ),
  ReferenceGrant: kind(
    'ReferenceGrant',
    'gateway.networking.k8s.io',
    'v1beta1',
    'referencegrants',
    true,
    true,
  ),
  CiliumNetworkPolicy: kind(
    'CiliumNetworkPolicy',
    'cilium.io',
    'v2',
    'ciliumnetworkpolicies',
    true,
    true,
  ),
  CiliumClusterwideNetworkPolicy: kind(
    'CiliumClusterwideNetworkPolicy',
    'cilium.io',
    'v2',
    'ciliumclusterwidenetworkpolicies',
    false,
    true,
  ),
} as const satisfies Record<string, KindInfo>;

/**
 * Name of a kind the backend watches.
 * @public
 */
export type KindName = keyof typeof KINDS;

/**
 * Every watched kind name, in a stable order (workloads first, policies last).
 * @public
 */
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/**
 * Narrows a string to a watched kind name.
 * @public
 */
export function isKindName(value: unknown): value is KindName {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(KINDS, value)
  );
}

/**
 * The workload kinds that can run daprd: Dapr Shared in a Deployment or DaemonSet, a sidecar in
 * any of them (the injector admits every pod, whoever made it).
 * @public
 */
export const WORKLOAD_KINDS = [
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'CronJob',
  'Pod',
] as const;

/**
 * A workload kind name.
 * @public
 */
export type WorkloadKindName = (typeof WORKLOAD_KINDS)[number];

/**
 * The Gateway API route kinds the backend reads.
 * @public
 */
export const ROUTE_KINDS = [
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
] as const;

/**
 * A route kind name.
 * @public
 */
export type RouteKindName = (typeof ROUTE_KINDS)[number];
