import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AppIndex,
  AppKey,
  DAPRISE_CLUSTER_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@daprise/plugin-daprise-common';

/**
 * The `spec.type` of the Resource entities that stand for Dapr Components.
 * @public
 */
export const DAPR_COMPONENT_RESOURCE_TYPE = 'dapr-component';
/**
 * The label that carries a component's Dapr type (e.g. `state.redis`).
 * @public
 */
export const DAPR_COMPONENT_TYPE_LABEL = 'dapr.io/component-type';
/**
 * The annotation that names the Dapr Component behind a Resource entity.
 * @public
 */
export const DAPR_COMPONENT_ANNOTATION = 'daprise.io/dapr-component';
/** Used as `backstage.io/managed-by-location`; names the component the entity comes from. */
const LOCATION_PREFIX = 'daprise:';

/** The catalog entity of an app (its ref and owner), when the catalog has one. */
export interface AppEntity {
  entityRef: string;
  owner?: string;
}

export interface ComponentEntitiesOptions {
  /** The catalog entity of each app view, if any. */
  entityOf: (key: AppKey) => AppEntity | undefined;
  /**
   * The owner of every component (config `daprise.catalog.components.owner`); when unset,
   * the owner of the apps that load it, else of the namespace's apps, else `unknown`.
   */
  owner?: string;
}

/**
 * A catalog entity name (at most 63 characters of `[A-Za-z0-9._-]`) for a component:
 * `<name>.<namespace>.<cluster>`, readable like a DNS name; a longer one is cut and made
 * unique with a hash of the whole.
 */
export function componentEntityName(
  cluster: string,
  namespace: string,
  name: string,
): string {
  const full = `${name}.${namespace}.${cluster}`.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  );
  if (full.length <= 63) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 54).replace(/[._-]+$/, '')}-${hash}`;
}

/** An owner as a full entity ref (`team-shop` is `group:default/team-shop`). */
function ownerRef(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]?.[0];
}

/**
 * One `Resource` entity per Dapr Component of the fleet, with `dependencyOf` naming the
 * catalog entities of the apps that may load it: the catalog then gives each app the
 * `dependsOn` relation ("Depends on resources", the catalog graph). Names, types and
 * scopes only: no metadata value ever reaches the catalog.
 */
export function daprComponentEntities(
  index: AppIndex,
  options: ComponentEntitiesOptions,
): Entity[] {
  // Per component (cluster/namespace/name): the entities of the apps that have it in scope.
  const loadedBy = new Map<string, AppEntity[]>();
  // Per namespace (cluster/namespace): the entities of its apps, for unloaded components.
  const namespaceApps = new Map<string, AppEntity[]>();
  for (const view of index.apps.values()) {
    const entity = options.entityOf(view);
    if (!entity) continue;
    const namespaceKey = `${view.cluster}/${view.namespace}`;
    namespaceApps.set(namespaceKey, [
      ...(namespaceApps.get(namespaceKey) ?? []),
      entity,
    ]);
    for (const component of view.components) {
      const key = `${namespaceKey}/${component.name}`;
      loadedBy.set(key, [...(loadedBy.get(key) ?? []), entity]);
    }
  }

  const entities: Entity[] = [];
  for (const [cluster, grouped] of index.grouped.clusters) {
    for (const component of grouped.objects.Component ?? []) {
      const namespaceKey = `${cluster}/${component.namespace}`;
      const apps = loadedBy.get(`${namespaceKey}/${component.name}`) ?? [];
      const owners = (
        apps.length ? apps : namespaceApps.get(namespaceKey) ?? []
      )
        .map(app => ownerRef(app.owner))
        .filter((owner): owner is string => Boolean(owner));
      const location = `${LOCATION_PREFIX}${cluster}/${component.namespace}/${component.name}`;
      const dependencyOf = [
        ...new Set(
          apps.map(app => stringifyEntityRef(parseEntityRef(app.entityRef))),
        ),
      ].sort();
      const family = component.type.split('.')[0].toLowerCase();
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: componentEntityName(
            cluster,
            component.namespace,
            component.name,
          ),
          namespace: 'default',
          title: component.name,
          description: `Dapr ${component.type} component (${
            component.version || 'no version'
          }) in namespace ${component.namespace} of cluster ${cluster}`,
          labels: labelValue(component.type)
            ? { [DAPR_COMPONENT_TYPE_LABEL]: labelValue(component.type)! }
            : {},
          tags: ['dapr', ...(/^[a-z0-9]+$/.test(family) ? [family] : [])],
          annotations: {
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
            [DAPRISE_CLUSTER_ANNOTATION]: cluster,
            [KUBERNETES_NAMESPACE_ANNOTATION]: component.namespace,
            [DAPR_COMPONENT_ANNOTATION]: component.name,
          },
        },
        spec: {
          type: DAPR_COMPONENT_RESOURCE_TYPE,
          owner: options.owner ?? mostCommon(owners) ?? 'unknown',
          dependencyOf,
        },
      });
    }
  }
  return entities.sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
}

/** A Kubernetes-style label value (at most 63 characters), or undefined. */
function labelValue(value: string): string | undefined {
  return /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(value)
    ? value
    : undefined;
}
