// The types of the app index, the model's last step before the rules: what Daprise knows about
// each app, the fleet-wide facts rules judge apps against, and the findings rules add. Types
// only, so that the index, the rules and the REST contract can all name them.
import type { KindName } from '../kinds';
import type {
  ObjectRef,
  SlimBackendRef,
  SlimComponent,
  SlimConfiguration,
  SlimHTTPEndpoint,
  SlimMCPServer,
  SlimParentRef,
  SlimResiliency,
  SlimSubscription,
  SlimWorkflowAccessPolicy,
} from '../types';
import type { DaprSharedInstance, SidecarApp } from './daprShared';
import type { PolicyView } from './policies';
import type { RouteView } from './routeTypes';
import type { AppWorkload, GroupedFleet } from './snapshotTypes';

/**
 * Identifies an app: an app-id in a namespace of a cluster.
 * @public
 */
export interface AppKey {
  cluster: string;
  namespace: string;
  appId: string;
}

/**
 * How bad a finding is.
 * @public
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * The parentRef a finding is about, with its namespace resolved (default: the route's).
 * @public
 */
export type FindingParentRef = SlimParentRef & { namespace: string };

/**
 * The backendRef a finding is about, with its namespace resolved (default: the route's).
 * @public
 */
export type FindingBackendRef = Omit<SlimBackendRef, 'weight'> & {
  namespace: string;
};

/**
 * Something a rule found, about an app or about one object. Its details are fields, so that a
 * client never has to parse the message: `message` and `remediation` are written from them.
 * @public
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  remediation: string;
  /** The object the finding is about, when there is one. */
  object?: ObjectRef;
  /** Path of the offending field in `object`, e.g. `spec.metadata[name=password].value`. */
  field?: string;
  /** The route parent the finding is about. */
  parentRef?: FindingParentRef;
  /** The route backend the finding is about. */
  backendRef?: FindingBackendRef;
  /** The app-id the finding is about (for app findings: the app judged). */
  appId?: string;
  /** Other objects the finding names (the Gateway, the policy, the other route...). */
  relatedObjects?: ObjectRef[];
  /** Where the rule is documented (the rule's `anchor`). */
  anchor?: string;
}

/**
 * Facts about the whole fleet that rules judge an app against.
 * @public
 */
export interface FleetContext {
  /**
   * `rendered` when judging a render (scaffolder) rather than live clusters: nothing has status
   * yet, so rules about controller status or readiness stay silent.
   */
  source: 'cluster' | 'rendered';
  /** How many Dapr Shared instances (and pinned sidecars) run each daprd version. */
  daprdVersions: Record<string, number>;
  /** The version most instances run (ties go to the newer version). */
  mostCommonDaprdVersion?: string;
  /** Per cluster: `spec.mtls.enabled` of the control plane's `daprsystem` Configuration. */
  daprsystemMtls: Record<string, boolean | undefined>;
  /**
   * Per cluster: whether the control plane enforces mTLS: `daprsystem`'s setting, else Dapr's
   * default (on) when the cluster was read and has no `daprsystem`; undefined when unknown.
   */
  clusterMtls?: Record<string, boolean | undefined>;
  /** Per cluster: the Dapr control plane's version, when its workloads are seen. */
  controlPlaneVersions?: Record<string, string | undefined>;
}

/**
 * Everything Daprise knows about one app-id in one namespace of one cluster.
 * @public
 */
export interface AppView {
  /** `cluster/namespace/appId`. */
  key: string;
  cluster: string;
  namespace: string;
  appId: string;
  source: 'cluster' | 'rendered';
  daprShared: DaprSharedInstance[];
  sidecars: SidecarApp[];
  appWorkloads: AppWorkload[];
  /** Components the app-id may load (namespace-local, scope rule applied), by name. */
  components: SlimComponent[];
  /**
   * The Configurations the app's daprds name (`--config` of a Dapr Shared, `dapr.io/config` of a
   * sidecar): a daprd loads only the one it names. The control plane's `daprsystem` is the
   * cluster's (`ClusterControlPlane`), not an app's.
   */
  configurations: SlimConfiguration[];
  resiliencies: SlimResiliency[];
  subscriptions: SlimSubscription[];
  httpEndpoints: SlimHTTPEndpoint[];
  /**
   * MCPServers the app loads: Dapr 1.18 scopes them like Components (`common.Scoped`: no scopes
   * means every app of the namespace, else the listed app-ids).
   */
  mcpServers: SlimMCPServer[];
  /**
   * WorkflowAccessPolicies guarding the app's workflows and activities: scoped like Components
   * to the target apps that load them; their rules name the caller app-ids allowed in.
   */
  workflowAccessPolicies: SlimWorkflowAccessPolicy[];
  /** Routes reaching the app (through Dapr or around it), with their hops. */
  routes: RouteView[];
  /**
   * Routes entering through this app's own Dapr Shared (its `<app-id>-dapr` Service) to invoke
   * another app (`target`): a gateway app's routes.
   */
  routesThrough: RouteView[];
  policies: PolicyView[];
  /**
   * The app checks' findings and, once each and with the app's id, the object findings about
   * the objects the view shows or naming the app (see `buildAppView`).
   */
  findings: Finding[];
  /** 0..100, see `scoreApp`. */
  score: number;
  /**
   * When this view was last judged. The index reuses a view while nothing it shows changes,
   * so this can be older than the index: pages say how fresh they are by the index's
   * `observedAt` (of the response), not by this.
   */
  observedAt?: string;
  /** True when the cluster reports an error: what is shown may be out of date. */
  stale: boolean;
  /** Kinds the backend could not read in this cluster (forbidden, failing or still syncing). */
  unobservedKinds: KindName[];
}

/**
 * Every app view of the fleet, with what is needed to rebuild views incrementally.
 * @public
 */
export interface AppIndex {
  /** By `cluster/namespace/appId`, in key order. */
  apps: ReadonlyMap<string, AppView>;
  /** App keys by app-id alone, for entities that do not name a namespace or cluster. */
  byAppId: ReadonlyMap<string, string[]>;
  grouped: GroupedFleet;
  context: FleetContext;
  /**
   * Findings of the object checks, by cluster: every object judged, whether or not an app uses
   * it (see `validateCluster`).
   */
  objectFindings: Map<string, Finding[]>;
}
