// The app index: one view per app-id of the fleet, read from the grouped clusters and their
// analysis. It knows nothing of rules: the findings are the next step's (../findings).
import type { EntityDaprRef } from '../annotations';
import { compareStrings } from '../compare';
import type { KindName } from '../kinds';
import { trimmed } from '../lists';
import { analyseCluster, appPolicies } from './analysis';
import type { AppIndex, AppKey, AppView, FleetContext } from './appTypes';
import { localAppKey, namespaceObjects } from './snapshot';
import type { AppMembers, GroupedCluster, GroupedFleet } from './snapshotTypes';

/**
 * The string form of an app key: `cluster/namespace/appId`.
 * @public
 */
export function appKeyString(key: AppKey): string {
  return `${key.cluster}/${key.namespace}/${key.appId}`;
}

/**
 * Parses `cluster/namespace/appId`. Cluster names may contain slashes; namespace and app-id
 * (DNS labels) cannot, so the last two segments are taken as those.
 * @public
 */
export function parseAppKey(key: string): AppKey | undefined {
  const parts = key.split('/');
  if (parts.length < 3) return undefined;
  const appId = parts.pop() as string;
  const namespace = parts.pop() as string;
  const cluster = parts.join('/');
  if (!cluster || !namespace || !appId) return undefined;
  return { cluster, namespace, appId };
}

/** Orders versions such as `1.16.0` and `1.16.0-rc.1` (a release after its pre-releases). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(p => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.-]/).map(p => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    // A release (no pre-release suffix) is newer than its pre-releases.
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Whether a cluster's control plane enforces mTLS: `daprsystem`'s `spec.mtls.enabled`, else
 * Dapr's default (on: the Helm chart's `global.mtls.enabled`, and what the control plane
 * assumes without a `daprsystem`) once Configurations were read and none is `daprsystem`.
 */
function effectiveMtls(cluster: GroupedCluster): boolean | undefined {
  if (cluster.daprsystem) return cluster.daprsystem.mtls?.enabled;
  if (cluster.source === 'rendered') return undefined;
  const state = cluster.state?.kinds.Configuration?.status;
  return state === undefined || state === 'synced' ? true : undefined;
}

/** What one cluster adds to the fleet context: kept per cluster by the incremental index. */
export interface ClusterContextFacts {
  name: string;
  source: 'cluster' | 'rendered';
  daprsystemMtls: boolean | undefined;
  clusterMtls: boolean | undefined;
  controlPlaneVersion: string | undefined;
  /** Dapr Shared instances and pinned sidecars by daprd version. */
  daprdVersions: ReadonlyMap<string, number>;
}

/** A grouped cluster's daprds by version. */
export function daprdVersionCounts(
  apps: Iterable<AppMembers>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const members of apps) {
    for (const instance of [...members.daprShared, ...members.sidecars]) {
      if (instance.daprdVersion)
        counts.set(
          instance.daprdVersion,
          (counts.get(instance.daprdVersion) ?? 0) + 1,
        );
    }
  }
  return counts;
}

/** The facts of one cluster that the fleet context holds, but its daprd versions. */
export function clusterContextFacts(
  cluster: GroupedCluster,
  daprdVersions: ReadonlyMap<string, number>,
): ClusterContextFacts {
  return {
    name: cluster.name,
    source: cluster.source,
    daprsystemMtls: cluster.daprsystem?.mtls?.enabled,
    clusterMtls: effectiveMtls(cluster),
    controlPlaneVersion: cluster.controlPlaneVersion,
    daprdVersions,
  };
}

/** The fleet context from each cluster's facts (in the fleet's order). */
export function fleetContextOf(
  clusters: Iterable<ClusterContextFacts>,
  overrides?: Partial<FleetContext>,
): FleetContext {
  const daprdVersions: Record<string, number> = {};
  const daprsystemMtls: Record<string, boolean | undefined> = {};
  const clusterMtls: Record<string, boolean | undefined> = {};
  const controlPlaneVersions: Record<string, string | undefined> = {};
  let rendered: boolean | undefined;
  for (const cluster of clusters) {
    rendered = (rendered ?? true) && cluster.source === 'rendered';
    daprsystemMtls[cluster.name] = cluster.daprsystemMtls;
    clusterMtls[cluster.name] = cluster.clusterMtls;
    controlPlaneVersions[cluster.name] = cluster.controlPlaneVersion;
    for (const [version, count] of cluster.daprdVersions)
      daprdVersions[version] = (daprdVersions[version] ?? 0) + count;
  }
  let mostCommonDaprdVersion: string | undefined;
  for (const [version, count] of Object.entries(daprdVersions)) {
    const best =
      mostCommonDaprdVersion === undefined
        ? 0
        : daprdVersions[mostCommonDaprdVersion];
    if (
      mostCommonDaprdVersion === undefined ||
      count > best ||
      (count === best && compareVersions(version, mostCommonDaprdVersion) > 0)
    ) {
      mostCommonDaprdVersion = version;
    }
  }
  const context: FleetContext = {
    source: rendered ? 'rendered' : 'cluster',
    daprdVersions,
    daprsystemMtls,
    clusterMtls,
    controlPlaneVersions,
  };
  if (mostCommonDaprdVersion)
    context.mostCommonDaprdVersion = mostCommonDaprdVersion;
  return { ...context, ...overrides };
}

/**
 * Computes the fleet-wide facts rules compare apps against.
 * @public
 */
export function computeFleetContext(
  grouped: GroupedFleet,
  overrides?: Partial<FleetContext>,
): FleetContext {
  return fleetContextOf(
    [...grouped.clusters.values()].map(cluster =>
      clusterContextFacts(cluster, daprdVersionCounts(cluster.apps.values())),
    ),
    overrides,
  );
}

const UNOBSERVED = new Set(['forbidden', 'error', 'syncing']);

function unobservedKinds(cluster: GroupedCluster): KindName[] {
  const kinds = cluster.state?.kinds ?? {};
  return trimmed(
    (Object.keys(kinds) as KindName[]).filter(kind =>
      UNOBSERVED.has(kinds[kind]?.status ?? ''),
    ),
  );
}

/**
 * The view of one app from a grouped fleet, without findings (`findings` empty, `score` 100):
 * cheap (map look-ups and the app's own objects), so the backend can rebuild just the apps a
 * change touches. Returns a view even when nothing runs for the key.
 */
export function describeApp(grouped: GroupedFleet, key: AppKey): AppView {
  const cluster = grouped.clusters.get(key.cluster);
  const view: AppView = {
    key: appKeyString(key),
    cluster: key.cluster,
    namespace: key.namespace,
    appId: key.appId,
    source: cluster?.source ?? 'cluster',
    daprShared: [],
    sidecars: [],
    appWorkloads: [],
    components: [],
    configurations: [],
    resiliencies: [],
    subscriptions: [],
    httpEndpoints: [],
    mcpServers: [],
    workflowAccessPolicies: [],
    routes: [],
    routesThrough: [],
    policies: [],
    findings: [],
    score: 100,
    stale: Boolean(cluster?.state?.lastError),
    unobservedKinds: cluster ? unobservedKinds(cluster) : [],
  };
  if (grouped.observedAt) view.observedAt = grouped.observedAt;
  if (cluster) {
    const local = localAppKey(key.namespace, key.appId);
    const members = cluster.apps.get(local);
    const bucket = namespaceObjects(cluster, key.namespace);
    view.daprShared = members?.daprShared ?? [];
    view.sidecars = members?.sidecars ?? [];
    view.appWorkloads = members?.appWorkloads ?? [];
    view.components = bucket.components.forApp(key.appId);
    view.resiliencies = bucket.resiliencies.forApp(key.appId);
    view.subscriptions = bucket.subscriptions.forApp(key.appId);
    view.httpEndpoints = bucket.httpEndpoints.forApp(key.appId);
    view.mcpServers = bucket.mcpServers.forApp(key.appId);
    view.workflowAccessPolicies = bucket.workflowAccessPolicies.forApp(
      key.appId,
    );
    const configNames = new Set<string>();
    for (const instance of [...view.daprShared, ...view.sidecars])
      if (instance.config) configNames.add(instance.config);
    for (const name of [...configNames].sort()) {
      const configuration = bucket.configurations.get(name);
      if (configuration) view.configurations.push(configuration);
    }
    view.configurations = trimmed(view.configurations);
    const analysis = analyseCluster(cluster);
    view.routes = analysis.routes.get(local) ?? [];
    view.routesThrough = analysis.routesThrough.get(local) ?? [];
    view.policies = appPolicies(
      cluster,
      view.daprShared,
      view.sidecars,
      view.appWorkloads,
    );
  }
  return view;
}

/**
 * The app keys of a grouped cluster: every app-id running there, and every app-id a route
 * targets (so a route to a missing app shows up).
 * @public
 */
export function listAppKeys(cluster: GroupedCluster): AppKey[] {
  const keys = new Set<string>([
    ...cluster.apps.keys(),
    ...analyseCluster(cluster).routes.keys(),
  ]);
  return [...keys].map(local => {
    const slash = local.indexOf('/');
    return {
      cluster: cluster.name,
      namespace: local.slice(0, slash),
      appId: local.slice(slash + 1),
    };
  });
}

/**
 * Indexes the views of every app of a grouped fleet (and of `extraAppKeys`), made by `viewOf`,
 * in key order, without object findings (the next step's, ../findings). Linear in the fleet's size: objects were grouped by cluster and namespace once
 * and are looked up through maps and label indexes.
 */
export function indexApps(
  grouped: GroupedFleet,
  context: FleetContext,
  viewOf: (key: AppKey) => AppView,
  extraAppKeys: readonly AppKey[] = [],
): AppIndex {
  const keys = new Map<string, AppKey>();
  for (const cluster of grouped.clusters.values()) {
    for (const key of listAppKeys(cluster)) keys.set(appKeyString(key), key);
  }
  for (const key of extraAppKeys) keys.set(appKeyString(key), key);
  const apps = new Map<string, AppView>();
  const byAppId = new Map<string, string[]>();
  for (const [keyString, key] of [...keys.entries()].sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    apps.set(keyString, viewOf(key));
    const list = byAppId.get(key.appId);
    if (list) list.push(keyString);
    else byAppId.set(key.appId, [keyString]);
  }
  return { apps, byAppId, grouped, context, objectFindings: new Map() };
}

/**
 * The views matching a catalog entity's Dapr reference: by app-id, narrowed to the namespace and
 * cluster when the entity names them.
 * @public
 */
export function findAppViews(index: AppIndex, ref: EntityDaprRef): AppView[] {
  return (index.byAppId.get(ref.appId) ?? [])
    .map(key => index.apps.get(key))
    .filter((view): view is AppView => view !== undefined)
    .filter(
      view =>
        (!ref.namespace || view.namespace === ref.namespace) &&
        (!ref.cluster || view.cluster === ref.cluster),
    );
}
