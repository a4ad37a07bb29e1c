import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AppIdCheck,
  ClusterStatusList,
  EntityDapriseView,
  FleetFilters,
  FleetPage,
  FleetQuery,
  FindingsFilters,
  FindingsPage,
  FindingsQuery,
  IndexChange,
  RuleList,
  ScaffolderGatewayList,
  ScaffolderNamespaceList,
} from '@daprise/plugin-daprise-common';

// The REST contract lives in the common package, shared with the backend.
export type {
  AppIdCheck,
  ClusterKindStatus,
  ClusterStatus,
  ClusterStatusList,
  ClusterSummary,
  DaprRuntime,
  EntityDapriseView,
  FleetFilters,
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetRuleCount,
  FleetSortField,
  FindingRow,
  FindingSortField,
  FindingsFilters,
  FindingsPage,
  FindingsQuery,
  IndexChange,
  RuleDescription,
  RuleList,
  ScaffolderCondition,
  ScaffolderGateway,
  ScaffolderGatewayList,
  ScaffolderListener,
  ScaffolderNamespace,
  ScaffolderNamespaceList,
} from '@daprise/plugin-daprise-common';

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
  /**
   * One page of the object checks' findings, those of objects no app uses included (needs
   * `daprise.fleet.read`).
   */
  getFindings(
    query?: FindingsQuery,
    options?: DapriseRequestOptions,
  ): Promise<FindingsPage>;
  /** Every object finding matching the filters, as CSV (needs `daprise.fleet.read`). */
  getFindingsCsv(
    filters?: FindingsFilters,
    options?: DapriseRequestOptions,
  ): Promise<Blob>;
  /** Every governance rule: what it checks, why, how to fix it, and its settings. */
  getRules(options?: DapriseRequestOptions): Promise<RuleList>;
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
  /**
   * The namespaces the user may apply into (`daprise.cluster.apply`), of the given clusters or
   * of all, for the scaffolder's namespace picker.
   */
  getScaffolderNamespaces(
    query?: { cluster?: string },
    options?: DapriseRequestOptions,
  ): Promise<ScaffolderNamespaceList>;
  /** The Gateways with their listeners and status, for the scaffolder's Gateway picker. */
  getScaffolderGateways(
    query?: { cluster?: string },
    options?: DapriseRequestOptions,
  ): Promise<ScaffolderGatewayList>;
  /** Whether a new service may take an app-id in a namespace of a cluster. */
  checkAppId(
    target: { cluster: string; namespace: string; appId: string },
    options?: DapriseRequestOptions,
  ): Promise<AppIdCheck>;
}
