// Which namespaces a namespace's objects depend on: what the incremental index (./incremental)
// follows so that a watch event re-groups and re-judges only the namespaces it can affect.
// Pure: from the slim objects of one namespace alone, so it is computed once per version of
// that namespace's objects.
import { KINDS, ROUTE_KINDS, WORKLOAD_KINDS } from '../kinds';
import type { KindName } from '../kinds';
import type { SlimObjectsByKind } from '../types';
import { detectDaprShared, serviceOfAddress } from './daprShared';
import { invokeTargetOf } from './invoke';

/**
 * The kinds that live outside namespaces (GatewayClass, Namespace,
 * CiliumClusterwideNetworkPolicy): a change of one of their objects can affect every
 * namespace of its cluster (a GatewayClass's Gateways, a Namespace a ReferenceGrant or a
 * listener's `allowedRoutes` names, the endpoints a clusterwide policy selects).
 * @public
 */
export const CLUSTER_SCOPED_KINDS: readonly KindName[] = (
  Object.keys(KINDS) as KindName[]
).filter(kind => !KINDS[kind].namespaced);

/**
 * The other namespaces of its cluster that the objects of one namespace name, and so the
 * namespaces whose judgement can change with them (in both directions):
 * - a route's parentRefs (Gateways, ListenerSets), backendRefs and the app it invokes through
 *   Dapr (`/v1.0/invoke/<app-id>.<namespace>/…`, a `dapr-app-id` header): its hops, its
 *   parents' listeners and the routes competing on them, the ReferenceGrants of the backends'
 *   namespaces, the policies at each hop;
 * - a ListenerSet's Gateway (listeners claiming the same port, protocol and hostname);
 * - a ReferenceGrant's `from` namespaces (the routes that use it or not);
 * - a Dapr Shared instance's `--app-channel-address` (the Service and workloads of its app).
 * What every namespace reads from the cluster as a whole (cluster-scoped kinds, the control
 * plane, the app-ids running anywhere, the kinds' sync state) is the caller's to follow.
 * @public
 */
export function namespacesNamedBy(
  namespace: string,
  objects: SlimObjectsByKind,
): Set<string> {
  const named = new Set<string>();
  const add = (other: string | undefined) => {
    if (other !== undefined && other !== namespace) named.add(other);
  };
  for (const kind of ROUTE_KINDS) {
    for (const route of objects[kind] ?? []) {
      for (const parentRef of route.parentRefs) add(parentRef.namespace);
      for (const rule of route.rules) {
        const ruleTarget = invokeTargetOf(rule);
        add(ruleTarget?.namespace);
        for (const backendRef of rule.backendRefs) {
          add(backendRef.namespace);
          add(invokeTargetOf(rule, backendRef)?.namespace);
        }
      }
    }
  }
  for (const listenerSet of objects.ListenerSet ?? [])
    add(listenerSet.parentRef.namespace);
  for (const grant of objects.ReferenceGrant ?? [])
    for (const from of grant.from) add(from.namespace);
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of objects[kind] ?? []) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'DaemonSet')
        continue;
      const address = detectDaprShared('', workload)?.appChannelAddress;
      if (address) add(serviceOfAddress(address, namespace)?.namespace);
    }
  }
  return named;
}
