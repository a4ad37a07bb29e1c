// A cluster's slim objects kept per namespace: what the backend's cluster store hands the
// incremental index (../incrementalIndex). A namespace's objects are replaced, never changed,
// when one of them changes, so the index finds the namespaces a change touched by reference.
import { compareStrings } from '../compare';
import { KIND_NAMES } from '../kinds';
import type { KindName } from '../kinds';
import type { SlimObjectsByKind } from '../types';
import { CLUSTER_SCOPED_KINDS } from './dependencies';
import type { ClusterSnapshot, ClusterState } from './snapshotTypes';

/**
 * The slim objects of one cluster by namespace.
 * @public
 */
export interface NamespacedClusterSnapshot {
  name: string;
  source?: 'cluster' | 'rendered';
  state?: ClusterState;
  /**
   * The objects of the namespaced kinds, by namespace. A namespace's entry is a new object
   * whenever one of its objects changed, and the same object otherwise.
   */
  namespaces: ReadonlyMap<string, SlimObjectsByKind>;
  /** The objects of the cluster-scoped kinds (`CLUSTER_SCOPED_KINDS`). */
  clusterScoped: SlimObjectsByKind;
}

const CLUSTER_SCOPED = new Set<KindName>(CLUSTER_SCOPED_KINDS);

/**
 * Namespaces in the order their app keys sort (`namespace/` prefixes).
 * @public
 */
export function compareNamespaces(a: string, b: string): number {
  return compareStrings(`${a}/`, `${b}/`);
}

/**
 * The cluster snapshot of some namespaces of a namespaced snapshot (default: all), with
 * every cluster-scoped object: each kind's objects namespace by namespace, in namespace order,
 * so that the objects of any set of namespaces come in the order the whole cluster's do.
 * @public
 */
export function clusterSnapshotOf(
  snapshot: NamespacedClusterSnapshot,
  namespaces?: readonly string[],
): ClusterSnapshot {
  const names = namespaces
    ? [...namespaces].sort(compareNamespaces)
    : [...snapshot.namespaces.keys()].sort(compareNamespaces);
  const buckets = names
    .map(name => snapshot.namespaces.get(name))
    .filter((bucket): bucket is SlimObjectsByKind => bucket !== undefined);
  const objects: Record<string, unknown[]> = {};
  for (const kind of KIND_NAMES) {
    if (CLUSTER_SCOPED.has(kind)) {
      objects[kind] = (snapshot.clusterScoped[kind] as unknown[]) ?? [];
      continue;
    }
    const list: unknown[] = [];
    for (const bucket of buckets) {
      const kindObjects = bucket[kind] as unknown[] | undefined;
      if (kindObjects) for (const object of kindObjects) list.push(object);
    }
    objects[kind] = list;
  }
  const out: ClusterSnapshot = {
    name: snapshot.name,
    objects: objects as SlimObjectsByKind,
  };
  if (snapshot.source) out.source = snapshot.source;
  if (snapshot.state) out.state = snapshot.state;
  return out;
}

/**
 * A cluster snapshot split by namespace (objects of cluster-scoped kinds apart).
 * @public
 */
export function namespacedSnapshotOf(
  snapshot: ClusterSnapshot,
): NamespacedClusterSnapshot {
  const namespaces = new Map<string, Record<string, unknown[]>>();
  const clusterScoped: Record<string, unknown[]> = {};
  for (const kind of Object.keys(snapshot.objects) as KindName[]) {
    const list = (snapshot.objects[kind] ?? []) as Array<{
      namespace?: string;
    }>;
    if (CLUSTER_SCOPED.has(kind)) {
      clusterScoped[kind] = list;
      continue;
    }
    for (const object of list) {
      const name = object.namespace ?? '';
      let bucket = namespaces.get(name);
      if (!bucket) {
        bucket = {};
        namespaces.set(name, bucket);
      }
      (bucket[kind] ??= []).push(object);
    }
  }
  const out: NamespacedClusterSnapshot = {
    name: snapshot.name,
    namespaces: namespaces as Map<string, SlimObjectsByKind>,
    clusterScoped: clusterScoped as SlimObjectsByKind,
  };
  if (snapshot.source) out.source = snapshot.source;
  if (snapshot.state) out.state = snapshot.state;
  return out;
}
