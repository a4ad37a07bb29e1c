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
 * Apply rendered manifests to a cluster from the scaffolder.
 * @public
 */
export const dapriseClusterApplyPermission = createPermission({
  name: 'daprise.cluster.apply',
  attributes: { action: 'create' },
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
