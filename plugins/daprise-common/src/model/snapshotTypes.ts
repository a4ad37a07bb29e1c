// The types of the model's first step: slim objects as they come from a cluster (snapshots),
// and grouped by namespace and app (grouped clusters). Types only, so that every later step
// (route analysis, the app index) can name them without importing the grouping itself.
import type { KindName } from '../kinds';
import type {
  ObjectRef,
  SlimComponent,
  SlimConfiguration,
  SlimGateway,
  SlimGatewayClass,
  SlimBackendTLSPolicy,
  SlimHTTPEndpoint,
  SlimListenerSet,
  SlimMCPServer,
  SlimObjectsByKind,
  SlimReferenceGrant,
  SlimResiliency,
  SlimRoute,
  SlimService,
  SlimSubscription,
  SlimWorkflowAccessPolicy,
  SlimWorkload,
} from '../types';
import type { ScopedIndex } from './components';
import type { ClusterControlPlane } from './controlPlane';
import type { DaprSharedInstance, SidecarApp } from './daprShared';
import type { CiliumPolicyIndex } from './policies';
import type { LabelIndex } from './selectors';

/**
 * What the backend knows about one kind in one cluster.
 * @public
 */
export interface KindState {
  status: 'synced' | 'syncing' | 'not-installed' | 'forbidden' | 'error';
  message?: string;
  syncedAt?: string;
}

/**
 * What the backend knows about a cluster's connection and kinds.
 * @public
 */
export interface ClusterState {
  kinds: Partial<Record<KindName, KindState>>;
  lastSyncAt?: string;
  lastError?: string;
}

/**
 * The slim objects of one cluster.
 * @public
 */
export interface ClusterSnapshot {
  name: string;
  objects: SlimObjectsByKind;
  state?: ClusterState;
  /**
   * `rendered` when the objects come from a render rather than a cluster: they have no status,
   * and objects outside the render are unknown rather than missing. Default `cluster`.
   */
  source?: 'cluster' | 'rendered';
}

/**
 * The slim objects of every cluster of the fleet.
 * @public
 */
export interface FleetSnapshot {
  clusters: ClusterSnapshot[];
  observedAt?: string;
}

/**
 * The objects of one namespace, indexed for the model.
 * @public
 */
export interface NamespaceObjects {
  name: string;
  workloads: SlimWorkload[];
  workloadsByPodLabel: LabelIndex<SlimWorkload>;
  services: Map<string, SlimService>;
  components: ScopedIndex<SlimComponent>;
  configurations: Map<string, SlimConfiguration>;
  resiliencies: ScopedIndex<SlimResiliency>;
  subscriptions: ScopedIndex<SlimSubscription>;
  httpEndpoints: ScopedIndex<SlimHTTPEndpoint>;
  mcpServers: ScopedIndex<SlimMCPServer>;
  workflowAccessPolicies: ScopedIndex<SlimWorkflowAccessPolicy>;
  gateways: Map<string, SlimGateway>;
  listenerSets: Map<string, SlimListenerSet>;
  /** Routes of every kind the backend reads (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute). */
  routes: SlimRoute[];
  backendTLSPolicies: SlimBackendTLSPolicy[];
  referenceGrants: SlimReferenceGrant[];
  policies: CiliumPolicyIndex;
}

/**
 * A workload running an app's own code (not its daprd).
 * @public
 */
export interface AppWorkload {
  ref: ObjectRef;
  desired: number;
  ready: number;
  images: string[];
  podLabels: Record<string, string>;
  serviceAccountName?: string;
  /**
   * How it was linked to the app-id: the Service a Dapr Shared app channel address names, or
   * the workload carrying the sidecar itself.
   */
  linkedBy: 'app-channel' | 'sidecar';
  /** For `app-channel`: the Service the app channel address names. */
  service?: ObjectRef;
}

/**
 * How a workload serves an app: as its Dapr Shared daprd, as a pod with a daprd sidecar, or as
 * the app's own code behind a Dapr Shared instance.
 * @public
 */
export interface WorkloadAppLink {
  /** `namespace/appId`. */
  appKey: string;
  role: 'dapr-shared' | 'sidecar' | 'app';
}

/**
 * Everything running for one app-id in one namespace.
 * @public
 */
export interface AppMembers {
  appId: string;
  namespace: string;
  daprShared: DaprSharedInstance[];
  sidecars: SidecarApp[];
  appWorkloads: AppWorkload[];
}

/**
 * One cluster's objects grouped by namespace, with Dapr Shared instances, sidecar apps and app
 * workloads already resolved. Built once per change of the cluster and never changed after:
 * the analysis (`analyseCluster`) and app views read from it.
 * @public
 */
export interface GroupedCluster {
  name: string;
  source: 'cluster' | 'rendered';
  state?: ClusterState;
  /** The snapshot's objects by kind, as given (not copied): what object checks walk. */
  objects: SlimObjectsByKind;
  namespaces: Map<string, NamespaceObjects>;
  gatewayClasses: Map<string, SlimGatewayClass>;
  clusterwidePolicies: CiliumPolicyIndex;
  /**
   * The control plane's `daprsystem` Configuration (preferring the control plane's namespace,
   * then `dapr-system`).
   */
  daprsystem?: SlimConfiguration;
  /** The Dapr control plane: its services wherever they run, and its mTLS settings. */
  controlPlane: ClusterControlPlane;
  /**
   * The Dapr control plane's version, from the image tag of its operator (else sentry,
   * injector, placement or scheduler) Deployment or StatefulSet; absent when none is seen.
   */
  controlPlaneVersion?: string;
  /** By `namespace/appId`. */
  apps: Map<string, AppMembers>;
  /**
   * Every app-id running in the whole cluster, when this grouping holds only some of its
   * namespaces (the incremental index groups a cluster part by part): what object checks
   * that look cluster-wide (a Resiliency's target apps) read through `runningAppIds`.
   */
  appIds?: ReadonlySet<string>;
  /** The apps a workload serves and how, by workload reference key (`objectRefKey`). */
  appsByWorkload: Map<string, WorkloadAppLink[]>;
}

/**
 * The whole fleet, grouped.
 * @public
 */
export interface GroupedFleet {
  clusters: Map<string, GroupedCluster>;
  observedAt?: string;
}
