import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterSummary,
  EntityDaprRef,
  FLEET_SORT_FIELDS,
  FleetRow,
  getEntityDaprRef,
  Rule,
  SEVERITIES,
} from '@daprise/plugin-daprise-common';
import { z } from 'zod';
import { DapriseAccess } from './access';
import { CatalogApps } from './catalogApps';
import { FleetIndex } from './fleetIndex';
import { toFleetRow } from './fleetRows';
import {
  listParam,
  nonNegativeIntegerParam,
  oneOf,
} from './router/queryParams';

/**
 * The fleet's filters, sort and page: the query of `GET /fleet` and the input of the
 * `list-dapr-findings` action. Lists may be given as arrays or comma-separated text.
 */
export function fleetQuerySchema(rules: readonly Rule[]) {
  return z.object({
    cluster: listParam(z.string()).describe('Only these clusters'),
    namespace: listParam(z.string()).describe('Only these namespaces'),
    owner: listParam(z.string()).describe(
      "Only apps whose catalog entity has one of these owners, e.g. 'group:default/team-shop'",
    ),
    rule: listParam(oneOf(rules.map(rule => rule.id))).describe(
      'Only apps with a finding of one of these rules',
    ),
    severity: listParam(oneOf(SEVERITIES)).describe(
      'Only apps with a finding of one of these severities',
    ),
    q: z
      .string()
      .optional()
      .describe(
        'Text found in the app-id, namespace, cluster, entity or owner',
      ),
    sort: oneOf(FLEET_SORT_FIELDS).optional(),
    order: oneOf(['asc', 'desc']).optional(),
    offset: nonNegativeIntegerParam.optional(),
    limit: nonNegativeIntegerParam
      .optional()
      .describe('At most this many apps (default 100, at most 500)'),
  });
}

/**
 * What the REST routes and the actions read from the index, with the same checks: an
 * entity's Dapr ref, the clusters' state and the fleet's rows.
 */
export class DapriseReads {
  // Fleet rows only change when the index does: built once per index version.
  private rowsVersion = -1;
  private rows: FleetRow[] = [];

  constructor(
    readonly options: {
      fleet: FleetIndex;
      catalog: CatalogService;
      catalogApps: CatalogApps;
      access: DapriseAccess;
    },
  ) {}

  get access(): DapriseAccess {
    return this.options.access;
  }

  /**
   * Where an entity's app runs, from its annotations. Entities with an app-id are in the
   * catalog map already: asking the catalog again on every view would cost an internal
   * request (and a token) per page view. The others (no annotation, or registered since the
   * last refresh) are looked up. Null when the entity has no app-id.
   */
  async daprRefOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityDaprRef | null> {
    const { catalog, catalogApps } = this.options;
    const known = catalogApps.get(entityRef);
    if (known) {
      const daprRef: EntityDaprRef = { appId: known.appId };
      if (known.namespace) daprRef.namespace = known.namespace;
      if (known.cluster) daprRef.cluster = known.cluster;
      return daprRef;
    }
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    catalogApps.remember(entity);
    return getEntityDaprRef(entity) ?? null;
  }

  /**
   * The state of the named clusters (default: all), for an entity's readers: a failing
   * cluster's reason, never its message (internal addresses, a proxy's page, identities).
   */
  clusterSummaries(names?: string[]): ClusterSummary[] {
    return this.options.fleet
      .clusterStatuses()
      .filter(status => !names || names.includes(status.name))
      .map(({ name, stale, reason, lastSyncAt, synced }) => {
        const summary: ClusterSummary = { name, synced, stale, lastSyncAt };
        if (reason) summary.reason = reason;
        return summary;
      });
  }

  /** One row per app of the index, with its catalog entity and owner. */
  fleetRows(): FleetRow[] {
    const { fleet, catalogApps } = this.options;
    if (this.rowsVersion !== fleet.indexVersion) {
      this.rows = [...fleet.index.apps.values()].map(view =>
        toFleetRow(view, catalogApps.lookup(view)),
      );
      this.rowsVersion = fleet.indexVersion;
    }
    return this.rows;
  }
}
