/*
 * The REST contract of the Daprise backend (`/api/daprise`): what the backend plugin
 * answers and the frontend plugin reads, defined once.
 */
import type { EntityDaprRef } from './annotations';
import type { AppView, Finding, Severity } from './model/appTypes';
import type { ClusterControlPlane } from './model/controlPlane';
import type { KindName } from './kinds';

/**
 * How one cluster is doing, as far as the view that lists it is concerned.
 * @public
 */
export interface ClusterSummary {
  name: string;
  /** The cluster cannot be reached: what is shown from it may be out of date. */
  stale: boolean;
  /**
   * Why, in one word (`Unauthorized`, `Forbidden`, `Timeout`, `Unreachable`, `NotFound`, ...).
   * Never the error's message: that can name internal addresses, proxies and identities, and
   * is for fleet readers only (`GET /clusters`).
   */
  reason?: string;
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
  /**
   * The object checks' findings about the objects of `apps` (their Dapr Shared instances,
   * components, routes, policies...), worst first.
   */
  objectFindings: FindingRow[];
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
 * Columns the fleet can be sorted by: the values of the REST API's `sort` parameter.
 * @public
 */
export const FLEET_SORT_FIELDS = [
  'appId',
  'cluster',
  'namespace',
  'score',
  'findings',
  'owner',
] as const;

/**
 * A column the fleet can be sorted by.
 * @public
 */
export type FleetSortField = (typeof FLEET_SORT_FIELDS)[number];

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
  /** What went wrong, cut to 500 characters: for fleet readers and logs. */
  error?: string;
  /** What went wrong in one word (`Unauthorized`, `Timeout`, `Unreachable`, ...). */
  reason?: string;
  /** Whether Daprise retries by itself (it does for every state but `not-installed` and `forbidden` after a wait). */
  retryable?: boolean;
  /**
   * Objects the cluster holds that Daprise could not read (its slim function threw on them):
   * left out of the index, each logged once, while the rest of the kind is read as usual.
   */
  skipped?: number;
  lastSyncAt?: string;
  lastEventAt?: string;
}

/**
 * The connection and kinds of one cluster: an item of `GET /clusters`.
 * @public
 */
export interface ClusterStatus {
  name: string;
  synced: boolean;
  stale: boolean;
  /** The first failing kind's error, cut to 500 characters: for fleet readers and logs. */
  error?: string;
  /** That error in one word: what entity readers see of it (see {@link ClusterSummary}). */
  reason?: string;
  lastSyncAt?: string;
  lastEventAt?: string;
  kinds: Record<string, ClusterKindStatus>;
  /** LIST requests made since start (watches excluded): a warm index makes none per page view. */
  listRequests?: number;
  /** The cluster's Dapr control plane, once the cluster has been indexed. */
  controlPlane?: ClusterControlPlane;
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
 * A finding of the object checks, as `GET /findings` lists it.
 * @public
 */
export interface FindingRow extends Finding {
  /** The cluster of the judged object. */
  cluster: string;
  /**
   * Keys (`cluster/namespace/appId`) of the app views that hold the judged object; empty
   * when it belongs to no app.
   */
  apps: string[];
}

/**
 * Columns the findings can be sorted by: the values of `GET /findings`' `sort` parameter.
 * @public
 */
export const FINDING_SORT_FIELDS = [
  'severity',
  'ruleId',
  'cluster',
  'namespace',
  'kind',
  'name',
] as const;

/**
 * A column the findings can be sorted by.
 * @public
 */
export type FindingSortField = (typeof FINDING_SORT_FIELDS)[number];

/**
 * Whether a finding's object belongs to an app: the values of `GET /findings`' `apps`
 * parameter (`none`: only objects no app view holds; `some`: only objects an app view holds).
 * @public
 */
export const FINDING_APP_FILTERS = ['none', 'some'] as const;

/**
 * Filters of the object findings. Within a filter values are alternatives; filters combine.
 * @public
 */
export interface FindingsFilters {
  cluster?: string[];
  namespace?: string[];
  rule?: string[];
  kind?: KindName[];
  severity?: Severity[];
  /** Whether the object belongs to an app; default: either. */
  apps?: (typeof FINDING_APP_FILTERS)[number];
  /** Free text matched against cluster, namespace, kind, name, app-id, field and message. */
  q?: string;
}

/**
 * A page of the object findings: filters, sort order and paging.
 * @public
 */
export interface FindingsQuery extends FindingsFilters {
  /** Default `severity` (worst first), then cluster, namespace, kind and name. */
  sort?: FindingSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * A page of the object findings: `GET /findings`.
 * @public
 */
export interface FindingsPage {
  items: FindingRow[];
  totalCount: number;
  offset: number;
  limit: number;
  summary: {
    /** Findings matching the filters. */
    findings: number;
    bySeverity: Record<Severity, number>;
    /** Ignores the rule filter, so that it can be used to switch rules. */
    byRule: FleetRuleCount[];
  };
  facets: {
    clusters: string[];
    namespaces: string[];
    kinds: KindName[];
    rules: Array<{ id: string; title: string }>;
  };
  observedAt: string;
  indexVersion: number;
}

/**
 * One governance rule as configured: an item of `GET /rules`.
 * @public
 */
export interface RuleDescription {
  id: string;
  title: string;
  /** `app`: judges app views; `object`: judges every object of a cluster; or both. */
  levels: Array<'app' | 'object'>;
  /** The kinds of object it judges. */
  kinds: KindName[];
  /** What it checks. */
  description: string;
  /** Why it matters. */
  rationale?: string;
  /** How to fix what it finds. */
  remediation: string;
  defaultSeverity: Severity;
  /** Configuration's severity, else the default. */
  severity: Severity;
  defaultEnabled: boolean;
  enabled: boolean;
  /** Weight in the app score without configuration. */
  defaultWeight: number;
  /** Configuration's weight, else the default. */
  weight: number;
  /** The Kiali validation code it corresponds to, e.g. `KIA1401`. */
  kiali?: string;
  /** Where its subject is documented upstream (a URL with its anchor). */
  docsUrl?: string;
}

/**
 * `GET /rules`.
 * @public
 */
export interface RuleList {
  items: RuleDescription[];
}
