import type { EntityDaprRef } from '../annotations';
import { compareStrings } from '../compare';
import type { KindName } from '../kinds';
import { builtinRules } from '../rules/builtin';
import { evaluateRules, scoreApp } from '../rules/evaluate';
import type { Finding, FleetContext, Rule, RulesConfig } from '../rules/types';
import type {
  ObjectRef,
  SlimComponent,
  SlimConfiguration,
  SlimHTTPEndpoint,
  SlimResiliency,
  SlimSubscription,
} from '../types';
import { trimmed } from '../lists';
import { objectRefKey, refOf } from '../types';
import type { DaprSharedInstance, SidecarApp } from './daprShared';
import type { PolicyView } from './policies';
import { ciliumIdentityLabels, policyDirections } from './policies';
import type { RouteView } from './routes';
import type {
  AppWorkload,
  FleetSnapshot,
  GroupedCluster,
  GroupedFleet,
} from './snapshot';
import { groupFleetSnapshot, localAppKey, namespaceObjects } from './snapshot';

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
  /** Configurations the app's daprd reference (`--config`, `dapr.io/config`), plus `daprsystem`. */
  configurations: SlimConfiguration[];
  resiliencies: SlimResiliency[];
  subscriptions: SlimSubscription[];
  httpEndpoints: SlimHTTPEndpoint[];
  routes: RouteView[];
  policies: PolicyView[];
  findings: Finding[];
  /** 0..100, see `scoreApp`. */
  score: number;
  observedAt?: string;
  /** True when the cluster reports an error: what is shown may be out of date. */
  stale: boolean;
  /** Kinds the backend could not read in this cluster (forbidden, failing or still syncing). */
  unobservedKinds: KindName[];
}

/**
 * Options of `buildAppIndex` and `buildAppView`.
 * @public
 */
export interface AppIndexOptions {
  /** Rules to evaluate; default `builtinRules`. Pass `[...builtinRules, ...extra]` to add some. */
  rules?: readonly Rule[];
  rulesConfig?: RulesConfig;
  /**
   * App keys to build views for even when nothing runs for them (e.g. from catalog entities), so
   * that `app-without-dapr` can report them.
   */
  extraAppKeys?: readonly AppKey[];
  /** Overrides parts of the computed fleet context (e.g. a fleet-wide version for a render). */
  context?: Partial<FleetContext>;
}

/**
 * Every app view of the fleet, with what is needed to rebuild views incrementally.
 * @public
 */
export interface AppIndex {
  /** By `cluster/namespace/appId`. */
  apps: Map<string, AppView>;
  /** App keys by app-id alone, for entities that do not name a namespace or cluster. */
  byAppId: Map<string, string[]>;
  grouped: GroupedFleet;
  context: FleetContext;
}

function compareVersions(a: string, b: string): number {
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
 * Computes the fleet-wide facts rules compare apps against.
 * @public
 */
export function computeFleetContext(
  grouped: GroupedFleet,
  overrides?: Partial<FleetContext>,
): FleetContext {
  const daprdVersions: Record<string, number> = {};
  const daprsystemMtls: Record<string, boolean | undefined> = {};
  let rendered = grouped.clusters.size > 0;
  for (const cluster of grouped.clusters.values()) {
    if (cluster.source !== 'rendered') rendered = false;
    daprsystemMtls[cluster.name] = cluster.daprsystem?.mtls?.enabled;
    for (const members of cluster.apps.values()) {
      for (const instance of [...members.daprShared, ...members.sidecars]) {
        if (instance.daprdVersion)
          daprdVersions[instance.daprdVersion] =
            (daprdVersions[instance.daprdVersion] ?? 0) + 1;
      }
    }
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
  };
  if (mostCommonDaprdVersion)
    context.mostCommonDaprdVersion = mostCommonDaprdVersion;
  return { ...context, ...overrides };
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

function appPolicies(
  cluster: GroupedCluster,
  daprShared: DaprSharedInstance[],
  sidecars: SidecarApp[],
  appWorkloads: AppWorkload[],
): PolicyView[] {
  const byPolicy = new Map<string, PolicyView>();
  const subjects: Array<{
    ref: ObjectRef;
    podLabels: Record<string, string>;
    serviceAccountName?: string;
    dapr: boolean;
  }> = [
    ...daprShared.map(i => ({
      ref: i.ref,
      podLabels: i.podLabels,
      serviceAccountName: i.serviceAccountName,
      dapr: true,
    })),
    ...sidecars.map(s => ({
      ref: s.ref,
      podLabels: s.podLabels,
      serviceAccountName: s.serviceAccountName,
      dapr: true,
    })),
    ...appWorkloads
      .filter(w => w.linkedBy === 'app-channel')
      .map(w => ({
        ref: w.ref,
        podLabels: w.podLabels,
        serviceAccountName: w.serviceAccountName,
        dapr: false,
      })),
  ];
  for (const subject of subjects) {
    const namespace = subject.ref.namespace ?? '';
    const identity = ciliumIdentityLabels(
      subject.podLabels,
      namespace,
      subject.serviceAccountName,
    );
    const matches = [
      ...(cluster.namespaces.get(namespace)?.policies.selecting(identity) ??
        []),
      ...cluster.clusterwidePolicies.selecting(identity),
    ];
    for (const { policy, specs } of matches) {
      const ref = refOf(cluster.name, policy);
      const key = objectRefKey(ref);
      const directions = policyDirections(specs);
      const l7 = specs.some(s =>
        s.ingress.some(r => r.toPorts.some(p => p.http.length > 0)),
      );
      let view = byPolicy.get(key);
      if (!view) {
        view = {
          ref,
          policy,
          selects: [],
          selectsDaprShared: false,
          ingress: false,
          egress: false,
          l7: false,
        };
        byPolicy.set(key, view);
      }
      if (
        !view.selects.some(r => objectRefKey(r) === objectRefKey(subject.ref))
      )
        view.selects.push(subject.ref);
      view.selectsDaprShared ||= subject.dapr;
      view.ingress ||= directions.ingress;
      view.egress ||= directions.egress;
      view.l7 ||= l7;
    }
  }
  // The views live as long as the index: their lists of workloads, built by `push`, trimmed.
  for (const view of byPolicy.values()) view.selects = trimmed(view.selects);
  return [...byPolicy.values()].sort((a, b) =>
    compareStrings(objectRefKey(a.ref), objectRefKey(b.ref)),
  );
}

/**
 * Builds the view of one app from a grouped fleet: cheap (map look-ups and the app's own
 * objects), so the backend can rebuild just the apps a change touches. Returns a view even when
 * nothing runs for the key (then `app-without-dapr` reports it).
 * @public
 */
export function buildAppView(
  grouped: GroupedFleet,
  context: FleetContext,
  key: AppKey,
  options?: Omit<AppIndexOptions, 'extraAppKeys' | 'context'>,
): AppView {
  const cluster = grouped.clusters.get(key.cluster);
  const rules = options?.rules ?? builtinRules;
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
    routes: [],
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
    const configNames = new Set<string>();
    for (const instance of [...view.daprShared, ...view.sidecars])
      if (instance.config) configNames.add(instance.config);
    for (const name of [...configNames].sort()) {
      const configuration = bucket.configurations.get(name);
      if (configuration) view.configurations.push(configuration);
    }
    if (cluster.daprsystem && !view.configurations.includes(cluster.daprsystem))
      view.configurations.push(cluster.daprsystem);
    view.configurations = trimmed(view.configurations);
    view.routes = cluster.routes.get(local) ?? [];
    view.policies = appPolicies(
      cluster,
      view.daprShared,
      view.sidecars,
      view.appWorkloads,
    );
  }
  view.findings = trimmed(
    evaluateRules(view, context, rules, options?.rulesConfig),
  );
  view.score = scoreApp(view.findings, rules, options?.rulesConfig);
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
    ...cluster.routes.keys(),
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

function isGroupedFleet(
  fleet: FleetSnapshot | GroupedFleet,
): fleet is GroupedFleet {
  return fleet.clusters instanceof Map;
}

/**
 * Builds every app view of the fleet. Objects are grouped by cluster and namespace once and
 * looked up through maps and label indexes, so the cost is linear in the fleet's size.
 * @public
 */
export function buildAppIndex(
  snapshot: FleetSnapshot | GroupedFleet,
  options?: AppIndexOptions,
): AppIndex {
  const grouped = isGroupedFleet(snapshot)
    ? snapshot
    : groupFleetSnapshot(snapshot);
  const context = computeFleetContext(grouped, options?.context);
  const keys = new Map<string, AppKey>();
  for (const cluster of grouped.clusters.values()) {
    for (const key of listAppKeys(cluster)) keys.set(appKeyString(key), key);
  }
  for (const key of options?.extraAppKeys ?? [])
    keys.set(appKeyString(key), key);
  const apps = new Map<string, AppView>();
  const byAppId = new Map<string, string[]>();
  for (const [keyString, key] of [...keys.entries()].sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    apps.set(keyString, buildAppView(grouped, context, key, options));
    const list = byAppId.get(key.appId);
    if (list) list.push(keyString);
    else byAppId.set(key.appId, [keyString]);
  }
  return { apps, byAppId, grouped, context };
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
