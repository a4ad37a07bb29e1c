// The namespaces of a cluster with their labels, from the slim Namespaces the backend reads:
// whether a namespace a ReferenceGrant names exists, and which namespaces a listener's
// `allowedRoutes` selector admits.
import type { GroupedCluster } from './snapshotTypes';

const UNOBSERVED = new Set(['forbidden', 'error', 'syncing']);

const byCluster = new WeakMap<
  GroupedCluster,
  ReadonlyMap<string, Readonly<Record<string, string>>> | null
>();

/**
 * A cluster's namespaces by name, with their labels; undefined when they are not known: in a
 * render (namespaces outside it are unknown), where Namespaces could not be read, or where none
 * was read at all (every cluster has `default` and `kube-system`, so none means not watched).
 * Built once per grouped cluster.
 * @public
 */
export function namespacesOf(
  cluster: GroupedCluster,
): ReadonlyMap<string, Readonly<Record<string, string>>> | undefined {
  let found = byCluster.get(cluster);
  if (found === undefined) {
    const namespaces = cluster.objects.Namespace ?? [];
    found =
      cluster.source === 'rendered' ||
      UNOBSERVED.has(cluster.state?.kinds.Namespace?.status ?? '') ||
      namespaces.length === 0
        ? null
        : new Map(namespaces.map(n => [n.name, n.labels]));
    byCluster.set(cluster, found);
  }
  return found ?? undefined;
}
