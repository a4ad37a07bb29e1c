import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog annotation (and Dapr pod annotation) holding the Dapr app-id of a service.
 * The same key Dapr uses on pods, so a catalog entity and its workloads name the app alike.
 * @public
 */
export const DAPR_APP_ID_ANNOTATION = 'dapr.io/app-id';

/**
 * Backstage's annotation for the Kubernetes namespace of an entity's workloads.
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Backstage's annotation that the Kubernetes plugin uses to find an entity's objects by label.
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * Optional catalog annotation restricting Daprise to one cluster (by the cluster's configured name).
 * @public
 */
export const DAPRISE_CLUSTER_ANNOTATION = 'daprise.io/cluster';

/**
 * Label Daprise's scaffolder puts on the Dapr Shared workloads it renders.
 * @public
 */
export const DAPRISE_DAPR_SHARED_LABEL = 'daprise.io/dapr-shared';

/**
 * Where Daprise finds an entity's Dapr app: the app-id, and optionally the namespace and cluster.
 * @public
 */
export interface EntityDaprRef {
  appId: string;
  namespace?: string;
  cluster?: string;
}

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads the Dapr reference of a catalog entity, or undefined when it has no (non-blank) app-id.
 * @public
 */
export function getEntityDaprRef(entity: Entity): EntityDaprRef | undefined {
  const appId = annotation(entity, DAPR_APP_ID_ANNOTATION);
  if (!appId) return undefined;
  const ref: EntityDaprRef = { appId };
  const namespace = annotation(entity, KUBERNETES_NAMESPACE_ANNOTATION);
  if (namespace) ref.namespace = namespace;
  const cluster = annotation(entity, DAPRISE_CLUSTER_ANNOTATION);
  if (cluster) ref.cluster = cluster;
  return ref;
}

/**
 * Whether Daprise has something to show for an entity (it carries a Dapr app-id).
 * Usable as the `filter`/`if` predicate of entity cards and tabs.
 * @public
 */
export function isDapriseAvailable(entity: Entity): boolean {
  return getEntityDaprRef(entity) !== undefined;
}
