import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AppView,
  EntityDaprRef,
  Finding,
  Severity,
} from '@daprise/plugin-daprise-common';

/**
 * How one cluster is doing, as far as the view that lists it is concerned.
 * @public
 */
export interface ClusterSummary {
  name: string;
  /** The cluster cannot be reached: what is shown from it may be out of date. */
  stale: boolean;
  error?: string;
  lastSyncAt?: string;
  /** Every installed, readable kind has been listed once. */
  synced?: boolean;
}

/**
 * The Dapr view of one catalog entity: `GET /entity/:namespace/:kind/:name`.
 * @public
 */
export interface EntityDapriseView {
  entityRef: string;
  /** Null when the entity lacks the `dapr.io/app-id` annotation. */
  daprRef: EntityDaprRef | null;
  /** One view per cluster and namespace where the app-id exists. */
  apps: AppView[];
  clusters: ClusterSummary[];
  observedAt: string;
  indexVersion: number;
}

/**
 * How an app's daprd runs.
 * @public
 */
export type DaprRuntime = 'dapr-shared' | 'sidecar' | 'none';

/**
 * One app-id in one cluster and namespace, as the fleet page lists it.
 * @public
 */
export interface FleetRow {
  /** `cluster/namespace/appId`. */
  key: string;
  cluster: string;
  namespace: string;
  appId: string;
  entityRef?: string;
  owner?: string;
  runtime: DaprRuntime;
  daprdVersion?: string;
  ready?: number;
  desired?: number;
  routes: number;
  components: number;
  score: number;
  findings: Finding[];
  stale: boolean;
}

/**
 * Columns the fleet can be sorted by.
 * @public
 */
export type FleetSortField =
  | 'appId'
  | 'cluster'
  | 'namespace'
  | 'score'
  | 'findings'
  | 'owner';

/**
 * Filters of the fleet. Within a filter values are alternatives; filters combine.
 * @public
 */
export interface FleetFilters {
  cluster?: string[];
  namespace?: string[];
  owner?: string[];
  rule?: string[];
  severity?: Severity[];
  /** Free text matched against app-id, namespace, cluster, entity and owner. */
  q?: string;
}

/**
 * A page of the fleet: filters, sort order and paging.
 * @public
 */
export interface FleetQuery extends FleetFilters {
  sort?: FleetSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * How many findings one rule has in the filtered fleet.
 * @public
 */
export interface FleetRuleCount {
  ruleId: string;
  title: string;
  severity: Severity;
  count: number;
}

/**
 * A page of the fleet: `GET /fleet`.
 * @public
 */
export interface FleetPage {
  items: FleetRow[];
  totalCount: number;
  offset: number;
  limit: number;
  summary: {
    /** Apps matching the filters. */
    apps: number;
    bySeverity: Record<Severity, number>;
    /** Ignores the rule filter, so that it can be used to switch rules. */
    byRule: FleetRuleCount[];
  };
  facets: {
    clusters: string[];
    namespaces: string[];
    owners: string[];
    rules: Array<{ id: string; title: string }>;
  };
  observedAt: string;
  indexVersion: number;
}

/**
 * What the backend knows about one kind of object in one cluster.
 * @public
 */
export interface ClusterKindStatus {
  state: 'syncing' | 'synced' | 'not-installed' | 'forbidden' | 'error';
  objects: number;
  error?: string;
  lastSyncAt?: string;
}

/**
 * The connection and kinds of one cluster: an item of `GET /clusters`.
 * @public
 */
export interface ClusterStatus {
  name: string;
  synced: boolean;
  stale: boolean;
  error?: string;
  lastSyncAt?: string;
  lastEventAt?: string;
  kinds: Record<string, ClusterKindStatus>;
}

/**
 * `GET /clusters`.
 * @public
 */
export interface ClusterStatusList {
  items: ClusterStatus[];
}

/**
 * `GET /changes`: the index version once it moved past the one asked about.
 * @public
 */
export interface IndexChange {
  indexVersion: number;
}

/**
 * Options of every {@link DapriseApi} call.
 * @public
 */
export interface DapriseRequestOptions {
  signal?: AbortSignal;
}

/**
 * The Daprise backend, as the frontend uses it.
 * @public
 */
export interface DapriseApi {
  /** The Dapr view of a catalog entity. */
  getEntityView(
    entityRef: CompoundEntityRef,
    options?: DapriseRequestOptions,
  ): Promise<EntityDapriseView>;
  /** One page of the fleet (needs `daprise.fleet.read`). */
  getFleet(
    query?: FleetQuery,
    options?: DapriseRequestOptions,
  ): Promise<FleetPage>;
  /** Every fleet row matching the filters, as CSV (needs `daprise.fleet.read`). */
  getFleetCsv(
    filters?: FleetFilters,
    options?: DapriseRequestOptions,
  ): Promise<Blob>;
  /** The clusters and the state of each watched kind (needs `daprise.fleet.read`). */
  getClusters(options?: DapriseRequestOptions): Promise<ClusterStatusList>;
  /**
   * Long poll: resolves as soon as the index version is past `after`, or after about 25
   * seconds with the current version.
   */
  waitForChanges(
    after: number,
    options?: DapriseRequestOptions,
  ): Promise<IndexChange>;
}
