/**
 * The order in which kinds are applied: what others depend on first (namespaces, identities,
 * RBAC, Dapr configuration and components before the daprd that loads them), then Services and
 * workloads, then routes, and network policies last.
 * @public
 */
export const manifestOrder: readonly string[] = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Configuration',
  'Component',
  'Resiliency',
  'Subscription',
  'HTTPEndpoint',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReferenceGrant',
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
];

/**
 * Sorts objects for apply by `manifestOrder`; kinds not listed go last. Stable: objects of the
 * same kind keep their order.
 * @public
 */
export function sortForApply<T extends { kind?: string }>(
  objects: readonly T[],
): T[] {
  const rank = (object: T) => {
    const index = manifestOrder.indexOf(object.kind ?? '');
    return index === -1 ? manifestOrder.length : index;
  };
  return objects
    .map((object, position) => ({ object, position, rank: rank(object) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map(entry => entry.object);
}
