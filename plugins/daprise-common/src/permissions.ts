import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type. `RESOURCE_TYPE_CATALOG_ENTITY` lives in
 * `@backstage/plugin-catalog-common`, which this package does not depend on; the value is stable.
 */
const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Read the Dapr view (Dapr Shared, components, routes, findings) of one catalog entity.
 * A resource permission, so policies can decide per entity (e.g. only owners).
 * @public
 */
export const dapriseEntityReadPermission = createPermission({
  name: 'daprise.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Read the fleet-wide view: every app-id in every cluster, with findings and scores.
 * @public
 */
export const dapriseFleetReadPermission = createPermission({
  name: 'daprise.fleet.read',
  attributes: { action: 'read' },
});

/**
 * The resource type of {@link dapriseClusterApplyPermission}: one namespace of one configured
 * cluster, the target of an apply.
 * @public
 */
export const DAPRISE_APPLY_TARGET_RESOURCE_TYPE = 'daprise-apply-target';

/**
 * Where an apply writes: a configured cluster's name and a Kubernetes namespace.
 * @public
 */
export interface DapriseApplyTarget {
  cluster: string;
  namespace: string;
}

/**
 * The resource ref of an apply target, `<cluster>/<namespace>`. A namespace never holds a `/`
 * (a DNS label), so the last `/` separates the two whatever the cluster is named.
 * @public
 */
export function stringifyApplyTargetRef(target: DapriseApplyTarget): string {
  return `${target.cluster}/${target.namespace}`;
}

/**
 * The apply target a resource ref names, or undefined for a ref that is not one.
 * @public
 */
export function parseApplyTargetRef(
  ref: string,
): DapriseApplyTarget | undefined {
  const slash = ref.lastIndexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { cluster: ref.slice(0, slash), namespace: ref.slice(slash + 1) };
}

/**
 * Apply rendered manifests to one namespace of one cluster from the scaffolder. A resource
 * permission on the apply target, so a policy can let a team apply only into its own namespaces
 * (conditions `isInCluster` and `isInNamespace` of `@daprise/plugin-daprise-node`).
 * @public
 */
export const dapriseClusterApplyPermission = createPermission({
  name: 'daprise.cluster.apply',
  attributes: { action: 'create' },
  resourceType: DAPRISE_APPLY_TARGET_RESOURCE_TYPE,
});

/**
 * Every permission Daprise defines, for registration with the permission framework.
 * @public
 */
export const daprisePermissions = [
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  dapriseClusterApplyPermission,
];
