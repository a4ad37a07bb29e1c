import type { KindName } from './kinds';
import type { ObjectRef } from './types';

/**
 * Builds the reference of a slim object in a cluster.
 * @public
 */
export function refOf(
  cluster: string,
  object: { kind: KindName; name: string; namespace?: string },
): ObjectRef {
  return object.namespace === undefined
    ? { cluster, kind: object.kind, name: object.name }
    : {
        cluster,
        kind: object.kind,
        namespace: object.namespace,
        name: object.name,
      };
}

/**
 * A stable string key of an object reference: `cluster/kind/namespace/name` (namespace empty
 * for cluster-scoped objects).
 * @public
 */
export function objectRefKey(ref: ObjectRef): string {
  return `${ref.cluster}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
