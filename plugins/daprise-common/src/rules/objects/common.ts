// What the object checks share: whether a cluster's absence of an object can be trusted, and
// how objects are named in messages.
import type { KindName } from '../../kinds';
import { objectName } from '../../model/hopChain';
import type { GroupedCluster } from '../../model/snapshotTypes';
import type { ObjectRef } from '../../types';

const UNOBSERVED = new Set(['forbidden', 'error', 'syncing']);

/**
 * Whether an object of these kinds that is not in the snapshot is really missing: never in a
 * render (objects outside it are unknown), nor for kinds the backend could not read.
 */
export function absenceKnown(
  cluster: GroupedCluster,
  ...kinds: KindName[]
): boolean {
  if (cluster.source === 'rendered') return false;
  return kinds.every(
    kind => !UNOBSERVED.has(cluster.state?.kinds[kind]?.status ?? ''),
  );
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export const named: (ref: ObjectRef) => string = objectName;
