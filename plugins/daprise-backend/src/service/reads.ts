import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AppView,
  ClusterSummary,
  EntityDaprRef,
  FINDING_APP_FILTERS,
  FINDING_SORT_FIELDS,
  FindingRow,
  FindingsPage,
  FindingsQuery,
  FleetQuery,
  FLEET_SORT_FIELDS,
  FleetRow,
  getEntityDaprRef,
  KINDS,
  KindName,
  objectFindingRows,
  objectFindingsOfViews,
  Rule,
  SEVERITIES,
} from '@daprise/plugin-daprise-common';
import { z } from 'zod';
import { DapriseAccess } from './access';
import { CatalogApp, CatalogApps } from './catalogApps';
import { FleetIndex } from './fleetIndex';
import { queryFindings } from './findingRows';
import { FleetQueryCache, toFleetRow } from './fleetRows';
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
 * The object findings' filters, sort and page: the query of `GET /findings` and the object
 * part of the `list-dapr-findings` action.
 */
export function findingsQuerySchema(rules: readonly Rule[]) {
  return z.object({
    cluster: listParam(z.string()).describe('Only these clusters'),
    namespace: listParam(z.string()).describe(
      'Only objects in these namespaces',
    ),
    kind: listParam(oneOf(Object.keys(KINDS) as KindName[])).describe(
      'Only objects of these kinds',
    ),
    rule: listParam(oneOf(rules.map(rule => rule.id))).describe(
      'Only findings of these rules',
    ),
    severity: listParam(oneOf(SEVERITIES)).describe(
      'Only findings of these severities',
    ),
    apps: oneOf(FINDING_APP_FILTERS)
      .optional()
      .describe(
        "'none': only objects that belong to no app; 'some': only objects an app view holds",
      ),
    q: z
      .string()
      .optional()
      .describe(
        'Text found in the cluster, namespace, kind, name, app-id, field or message',
      ),
    sort: oneOf(FINDING_SORT_FIELDS).optional(),
    order: oneOf(['asc', 'desc']).optional(),
    offset: nonNegativeIntegerParam.optional(),
    limit: nonNegativeIntegerParam
      .optional()
      .describe('At most this many findings (default 100, at most 500)'),
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
  /** Each view's row with the catalog entity it was made with: a kept view keeps its row. */
  private rowOf = new WeakMap<
    AppView,
    { entity?: CatalogApp; row: FleetRow }
  >();
  private readonly fleetQueries = new FleetQueryCache();
  private findingRowsVersion = -1;
  private findingRowList: FindingRow[] = [];

  constructor(
    readonly options: {
      fleet: FleetIndex;
      rules: readonly Rule[];
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
      const rows: FleetRow[] = [];
      for (const view of fleet.index.apps.values()) {
        const entity = catalogApps.lookup(view);
        let made = this.rowOf.get(view);
        if (!made || made.entity !== entity) {
          made = { entity, row: toFleetRow(view, entity) };
          this.rowOf.set(view, made);
        }
        rows.push(made.row);
      }
      this.rows = rows;
      this.rowsVersion = fleet.indexVersion;
    }
    return this.rows;
  }

  /** `queryFleet` over `fleetRows`, each query's answer kept until the rows change. */
  queryFleet(query: FleetQuery) {
    return this.fleetQueries.query(this.fleetRows(), query, this.options.rules);
  }

  /** Every object finding of the index, with the app views that hold its object. */
  findingRows(): FindingRow[] {
    const { fleet } = this.options;
    if (this.findingRowsVersion !== fleet.indexVersion) {
      this.findingRowList = objectFindingRows(fleet.index);
      this.findingRowsVersion = fleet.indexVersion;
    }
    return this.findingRowList;
  }

  /**
   * A page of the object findings, and every finding that matches (for a CSV export), after
   * checking that the principal may read the fleet: `GET /findings` and `list-dapr-findings`.
   */
  async findings(
    query: FindingsQuery,
    credentials: BackstageCredentials,
  ): Promise<FindingsPage & { all: FindingRow[] }> {
    await this.access.requireFleetRead(credentials);
    const { fleet, rules } = this.options;
    return {
      ...queryFindings(this.findingRows(), query, rules),
      observedAt: fleet.observedAt.toISOString(),
      indexVersion: fleet.indexVersion,
    };
  }

  /** The object findings about the objects of some app views (an entity's). */
  objectFindingsOf(views: readonly AppView[]): FindingRow[] {
    return views.length > 0
      ? objectFindingsOfViews(this.findingRows(), views)
      : [];
  }
}
