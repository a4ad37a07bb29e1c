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
 * objects, so `route` becomes `routes.default`). Gateway API kinds are read at the newest
 * version served by Gateway API v1.2.1 (Cilium 1.17) and later: `v1`, and `v1beta1` for
 * ReferenceGrant.
 * @public
 */
export const KINDS = {
  Deployment: kind('Deployment', 'apps', 'v1', 'deployments', true, false),
  DaemonSet: kind('DaemonSet', 'apps', 'v1', 'daemonsets', true, false),
  StatefulSet: kind('StatefulSet', 'apps', 'v1', 'statefulsets', true, false),
  Service: kind('Service', '', 'v1', 'services', true, false),
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
 * The workload kinds (apps/v1) that can run daprd.
 * @public
 */
export const WORKLOAD_KINDS = [
  'Deployment',
  'DaemonSet',
  'StatefulSet',
] as const;

/**
 * A workload kind name.
 * @public
 */
export type WorkloadKindName = (typeof WORKLOAD_KINDS)[number];
