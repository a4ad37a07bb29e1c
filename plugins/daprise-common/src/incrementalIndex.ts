// The app index kept up to date change by change: what the backend's fleet index runs on
// every (debounced) watch event. A cluster is split into parts, the sets of namespaces whose
// objects name each other (./model/dependencies); a change re-groups, re-analyses and
// re-judges only the parts holding a namespace it touched, and every other part's grouping,
// views and object findings are kept by reference. What the whole cluster decides (its
// cluster-scoped objects, its Dapr control plane, its kinds' sync state) re-judges the whole
// cluster when it changes; the app-ids running anywhere in a cluster re-judge the namespaces
// whose Resiliencies target an app-id that came or went. Judged part by part, the index is
// the one `buildAppIndex` makes of the whole fleet (the property test says so), but for the
// order of equally severe object findings within a cluster.
import { compareStrings } from './compare';
import { buildAppView } from './findings';
import {
  appKeyString,
  ClusterContextFacts,
  clusterContextFacts,
  daprdVersionCounts,
  fleetContextOf,
  listAppKeys,
} from './model/appIndex';
import type {
  AppIndex,
  AppKey,
  AppView,
  Finding,
  FleetContext,
} from './model/appTypes';
import { controlPlaneServiceOf } from './model/controlPlane';
import { namespacesNamedBy } from './model/dependencies';
import {
  clusterSnapshotOf,
  compareNamespaces,
  NamespacedClusterSnapshot,
} from './model/namespacedSnapshot';
import { clusterControlPlaneOf, groupClusterSnapshot } from './model/snapshot';
import type {
  ClusterState,
  GroupedCluster,
  GroupedFleet,
  NamespaceObjects,
} from './model/snapshotTypes';
import { builtinRules } from './rules/builtin';
import { sortFindings } from './rules/findingOf';
import type { Rule, RulesConfig } from './rules/types';
import { validateClusterOnce } from './rules/validate';
import { WORKLOAD_KINDS } from './kinds';
import type {
  SlimConfiguration,
  SlimObjectsByKind,
  SlimWorkload,
} from './types';

/** A set of namespaces of one cluster grouped and judged together. */
interface Part {
  key: string;
  namespaces: ReadonlySet<string>;
  grouped: GroupedCluster;
  /** The app-ids running in the part. */
  appIds: ReadonlySet<string>;
  /** The app-ids of its app keys: running, or the target of a route. */
  listedAppIds: ReadonlySet<string>;
  daprdVersions: Map<string, number>;
  /** Set once judged: views by namespace, each namespace's in key order. */
  views?: Map<string, Map<string, AppView>>;
  /** The object findings about its objects. */
  findings?: Finding[];
}

interface ControlPlaneFacts {
  controlPlane: GroupedCluster['controlPlane'];
  daprsystem?: SlimConfiguration;
  controlPlaneVersion?: string;
}

interface ClusterEntry {
  snapshot: NamespacedClusterSnapshot;
  /** What every namespace reads of the cluster's sync state and source. */
  stateSignature: string;
  plane: ControlPlaneFacts;
  planeSignature: string;
  parts: Part[];
  partByKey: Map<string, Part>;
  partOf: Map<string, Part>;
  /** The cluster-scoped objects alone, grouped: for views of keys no part holds. */
  base: GroupedCluster;
  baseFindings: Finding[];
  appIdCounts: Map<string, number>;
  appIds: ReadonlySet<string>;
  facts: ClusterContextFacts;
  /** Assembled from the parts (and the views of extra keys) once judged. */
  views: ClusterViews;
  objectFindings: Finding[];
  grouped: GroupedCluster;
}

interface ClusterViews {
  name: string;
  /** The parts the views were assembled from (none for a cluster the fleet does not have). */
  parts: readonly Part[];
  byNamespace: Map<string, Map<string, AppView>>;
  /** Namespaces in key order. */
  order: string[];
  size: number;
  byAppId: Map<string, string[]>;
}

const emptyViews = (name: string): ClusterViews => ({
  name,
  parts: [],
  byNamespace: new Map(),
  order: [],
  size: 0,
  byAppId: new Map(),
});

function splitKey(key: string): { cluster: string; namespace: string } {
  const last = key.lastIndexOf('/');
  const second = key.lastIndexOf('/', last - 1);
  return {
    cluster: key.slice(0, second),
    namespace: key.slice(second + 1, last),
  };
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** A generator as the iterator a Map's methods return (the same protocol). */
function iterate<T>(generator: Generator<T>): MapIterator<T> {
  return generator as unknown as MapIterator<T>;
}

/**
 * The views of the whole fleet in key order, read through each cluster's and namespace's
 * maps: an update replaces the maps of what it rebuilt and shares the others, so no update
 * copies the fleet's views.
 */
class FleetAppViews implements ReadonlyMap<string, AppView> {
  private readonly byName: Map<string, ClusterViews>;
  constructor(private readonly clusters: readonly ClusterViews[]) {
    this.byName = new Map(clusters.map(c => [c.name, c]));
  }
  get size(): number {
    let size = 0;
    for (const cluster of this.clusters) size += cluster.size;
    return size;
  }
  get(key: string): AppView | undefined {
    const { cluster, namespace } = splitKey(key);
    return this.byName.get(cluster)?.byNamespace.get(namespace)?.get(key);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  /** One cluster's views, or undefined when it has none. */
  cluster(name: string): ClusterViews | undefined {
    return this.byName.get(name);
  }
  entries(): MapIterator<[string, AppView]> {
    return iterate(this.walk());
  }
  keys(): MapIterator<string> {
    return iterate(map(this.walk(), ([key]) => key));
  }
  values(): MapIterator<AppView> {
    return iterate(map(this.walk(), ([, view]) => view));
  }
  private *walk(): Generator<[string, AppView]> {
    for (const cluster of this.clusters)
      for (const namespace of cluster.order)
        yield* cluster.byNamespace.get(namespace)!.entries();
  }
  forEach(
    callback: (
      value: AppView,
      key: string,
      map: ReadonlyMap<string, AppView>,
    ) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, view] of this.entries())
      callback.call(thisArg, view, key, this);
  }
  [Symbol.iterator](): MapIterator<[string, AppView]> {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'FleetAppViews';
  }
}

/**
 * How an index the incremental index made holds one cluster: its parts (namespaces judged
 * together), each with its object findings and the views of its namespaces, as maps that stay
 * the same objects as long as their content does (what a reader caches by); undefined for an
 * index made otherwise.
 * @public
 */
export function clusterParts(
  index: AppIndex,
  cluster: string,
):
  | {
      parts: Array<{
        findings: readonly Finding[];
        views: ReadonlyArray<ReadonlyMap<string, AppView>>;
      }>;
      /** Every view of the cluster, for findings about cluster-scoped objects. */
      views: () => Iterable<AppView>;
    }
  | undefined {
  if (!(index.apps instanceof FleetAppViews)) return undefined;
  const views = index.apps.cluster(cluster);
  if (!views) return { parts: [], views: () => [] };
  return {
    parts: views.parts.map(part => ({
      findings: part.findings ?? [],
      views: [...part.namespaces]
        .map(namespace => views.byNamespace.get(namespace))
        .filter((m): m is Map<string, AppView> => m !== undefined),
    })),
    views: () =>
      views.order.flatMap(namespace => [
        ...views.byNamespace.get(namespace)!.values(),
      ]),
  };
}

/** App keys by app-id over every cluster's own map, in key order. */
class FleetAppKeys implements ReadonlyMap<string, string[]> {
  constructor(private readonly clusters: readonly ClusterViews[]) {}
  get(appId: string): string[] | undefined {
    let out: string[] | undefined;
    for (const cluster of this.clusters) {
      const keys = cluster.byAppId.get(appId);
      if (keys) out = out ? [...out, ...keys] : keys;
    }
    return out;
  }
  has(appId: string): boolean {
    return this.clusters.some(c => c.byAppId.has(appId));
  }
  keys(): MapIterator<string> {
    return iterate(this.walkKeys());
  }
  private *walkKeys(): Generator<string> {
    const seen = new Set<string>();
    for (const cluster of this.clusters)
      for (const appId of cluster.byAppId.keys())
        if (!seen.has(appId)) {
          seen.add(appId);
          yield appId;
        }
  }
  get size(): number {
    let size = 0;
    for (const _ of this.walkKeys()) size += 1;
    return size;
  }
  entries(): MapIterator<[string, string[]]> {
    return iterate(
      map(
        this.walkKeys(),
        appId => [appId, this.get(appId)!] as [string, string[]],
      ),
    );
  }
  values(): MapIterator<string[]> {
    return iterate(map(this.walkKeys(), appId => this.get(appId)!));
  }
  forEach(
    callback: (
      value: string[],
      key: string,
      map: ReadonlyMap<string, string[]>,
    ) => void,
    thisArg?: unknown,
  ): void {
    for (const [appId, keys] of this.entries())
      callback.call(thisArg, keys, appId, this);
  }
  [Symbol.iterator](): MapIterator<[string, string[]]> {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'FleetAppKeys';
  }
}

/** What a namespace adds to its cluster's control plane, once per version of its objects. */
const planeInputs = new WeakMap<
  SlimObjectsByKind,
  { workloads: SlimWorkload[]; daprsystems: SlimConfiguration[] }
>();

function planeInputsOf(bucket: SlimObjectsByKind) {
  let found = planeInputs.get(bucket);
  if (!found) {
    const workloads: SlimWorkload[] = [];
    // As grouping reads them (../model/snapshot): not a pod a controller owns.
    for (const kind of WORKLOAD_KINDS)
      for (const workload of (bucket[kind] ?? []) as SlimWorkload[])
        if (
          !workload.skipped &&
          workload.ownerKind !== 'CronJob' &&
          controlPlaneServiceOf(workload)
        )
          workloads.push(workload);
    found = {
      workloads,
      daprsystems: (bucket.Configuration ?? []).filter(
        c => c.name === 'daprsystem',
      ),
    };
    planeInputs.set(bucket, found);
  }
  return found;
}

const namedNamespaces = new WeakMap<SlimObjectsByKind, Set<string>>();

function namedBy(namespace: string, bucket: SlimObjectsByKind): Set<string> {
  let found = namedNamespaces.get(bucket);
  if (!found) {
    found = namespacesNamedBy(namespace, bucket);
    namedNamespaces.set(bucket, found);
  }
  return found;
}

function stateSignature(snapshot: NamespacedClusterSnapshot): string {
  const state: ClusterState | undefined = snapshot.state;
  const kinds = Object.entries(state?.kinds ?? {})
    .map(([kind, s]) => `${kind}:${s?.status}`)
    .sort()
    .join(',');
  return `${snapshot.source ?? 'cluster'}|${state ? 'state' : ''}|${
    state?.lastError ?? ''
  }|${kinds}`;
}

/** The sets of namespaces that name each other, each sorted, in the order of their first. */
function connectedNamespaces(snapshot: NamespacedClusterSnapshot): string[][] {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    if (!parent.has(name)) {
      parent.set(name, name);
      return name;
    }
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = name;
    while (node !== root) {
      const up = parent.get(node)!;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  for (const [namespace, bucket] of snapshot.namespaces) {
    find(namespace);
    for (const other of namedBy(namespace, bucket)) {
      const root = find(namespace);
      const otherRoot = find(other);
      if (otherRoot !== root) parent.set(otherRoot, root);
    }
  }
  const groups = new Map<string, string[]>();
  for (const name of parent.keys()) {
    const root = find(name);
    const group = groups.get(root);
    if (group) group.push(name);
    else groups.set(root, [name]);
  }
  return [...groups.values()]
    .map(group => group.sort(compareNamespaces))
    .sort((a, b) => compareNamespaces(a[0], b[0]));
}

function withPlane(
  grouped: GroupedCluster,
  plane: ControlPlaneFacts,
): GroupedCluster {
  grouped.controlPlane = plane.controlPlane;
  if (plane.daprsystem) grouped.daprsystem = plane.daprsystem;
  else delete grouped.daprsystem;
  if (plane.controlPlaneVersion)
    grouped.controlPlaneVersion = plane.controlPlaneVersion;
  else delete grouped.controlPlaneVersion;
  return grouped;
}

/** The whole cluster's grouping, put together from its parts when first read. */
function mergedGrouped(
  snapshot: NamespacedClusterSnapshot,
  entry: Pick<ClusterEntry, 'parts' | 'base' | 'plane' | 'appIds'>,
): GroupedCluster {
  const parts = entry.parts;
  const grouped = withPlane(
    {
      ...entry.base,
      appIds: entry.appIds,
    },
    entry.plane,
  );
  const lazy = <T>(name: string, make: () => T) => {
    let value: T | undefined;
    Object.defineProperty(grouped, name, {
      enumerable: true,
      configurable: true,
      get: () => (value ??= make()),
    });
  };
  lazy('objects', () => clusterSnapshotOf(snapshot).objects);
  lazy('namespaces', () => {
    const namespaces = new Map<string, NamespaceObjects>();
    for (const part of parts)
      for (const [name, bucket] of part.grouped.namespaces)
        namespaces.set(name, bucket);
    return namespaces;
  });
  lazy('apps', () => {
    const apps = new Map<
      string,
      GroupedCluster['apps'] extends Map<string, infer M> ? M : never
    >();
    for (const part of parts)
      for (const [key, members] of part.grouped.apps) apps.set(key, members);
    return apps;
  });
  lazy('appsByWorkload', () => {
    const links = new Map<
      string,
      GroupedCluster['appsByWorkload'] extends Map<string, infer L> ? L : never
    >();
    for (const part of parts)
      for (const [key, list] of part.grouped.appsByWorkload)
        links.set(key, list);
    return links;
  });
  return grouped;
}

function sameFacts(a: ClusterContextFacts, b: ClusterContextFacts): boolean {
  return (
    a.source === b.source &&
    a.daprsystemMtls === b.daprsystemMtls &&
    a.clusterMtls === b.clusterMtls &&
    a.controlPlaneVersion === b.controlPlaneVersion
  );
}

function parseClusterOf(_key: string, view: AppView): string {
  return view.cluster;
}

function withViews(
  views: ClusterViews,
  extras: readonly AppView[],
): ClusterViews {
  for (const view of [...extras].sort((a, b) => compareStrings(a.key, b.key))) {
    let namespaceViews = views.byNamespace.get(view.namespace);
    if (!namespaceViews) {
      namespaceViews = new Map();
      views.byNamespace.set(view.namespace, namespaceViews);
    }
    namespaceViews.set(view.key, view);
  }
  views.order = [...views.byNamespace.keys()].sort(compareNamespaces);
  views.size = 0;
  views.byAppId = new Map();
  for (const namespace of views.order) {
    const namespaceViews = views.byNamespace.get(namespace)!;
    views.size += namespaceViews.size;
  }
  for (const namespace of views.order)
    for (const view of views.byNamespace.get(namespace)!.values()) {
      const list = views.byAppId.get(view.appId);
      if (list) list.push(view.key);
      else views.byAppId.set(view.appId, [view.key]);
    }
  return views;
}

/** A cluster's views from its parts and the views of its extra keys, namespace by namespace. */
function assembleViews(
  entry: ClusterEntry,
  extras: readonly AppView[],
): ClusterViews {
  const byNamespace = new Map<string, Map<string, AppView>>();
  for (const part of entry.parts)
    for (const [namespace, views] of part.views ?? [])
      byNamespace.set(namespace, views);
  const extraNamespaces = new Set(extras.map(v => v.namespace));
  // A namespace with running apps and extra keys gets a map of its own, in key order.
  for (const namespace of extraNamespaces) {
    const own = byNamespace.get(namespace);
    const merged = new Map<string, AppView>(own ?? []);
    for (const view of extras)
      if (view.namespace === namespace) merged.set(view.key, view);
    byNamespace.set(
      namespace,
      new Map([...merged].sort(([a], [b]) => compareStrings(a, b))),
    );
  }
  const views: ClusterViews = {
    name: entry.snapshot.name,
    parts: entry.parts,
    byNamespace,
    order: [],
    size: 0,
    byAppId: new Map(),
  };
  return withViews(views, []);
}

/**
 * Options of `IncrementalAppIndex`.
 * @public
 */
export interface IncrementalAppIndexOptions {
  /** Rules to evaluate; default `builtinRules`. */
  rules?: readonly Rule[];
  rulesConfig?: RulesConfig;
}

/**
 * Input of one `IncrementalAppIndex` update.
 * @public
 */
export interface IncrementalAppIndexInput {
  /** Every cluster of the fleet, in the fleet's order; a cluster left out is removed. */
  clusters: readonly NamespacedClusterSnapshot[];
  /** App keys to report even though their app-id runs nowhere (catalog entities). */
  extraAppKeys?: readonly AppKey[];
  observedAt?: string;
}

/**
 * The app index of a fleet, updated from one set of namespaced snapshots to the next at the
 * cost of what changed: a namespace whose objects are the same object as before is neither
 * grouped nor judged again (unless a namespace its objects name, or the cluster as a whole,
 * changed), and its views are the same objects in the next index. The index it gives is the
 * one `buildAppIndex` makes of the same objects; each view's `observedAt` is when it was last
 * built. Fleet-wide facts (daprd versions, the running app-ids) are kept count by count; the
 * views are judged again when the fleet context their rules read changes (a cluster's mTLS or
 * control-plane version, the fleet's source or most common daprd version), not when only a
 * version's count does.
 * @public
 */
export class IncrementalAppIndex {
  private readonly rules: readonly Rule[];
  private readonly rulesConfig?: RulesConfig;
  private clusters = new Map<string, ClusterEntry>();
  /** Over the fleet: how many parts list each app-id (running or routed to). */
  private readonly listedCounts = new Map<string, number>();
  private context?: FleetContext;
  private current?: AppIndex;
  private extraKeys: readonly AppKey[] = [];
  private missing: AppKey[] = [];
  private extraViews = new Map<
    string,
    { grouped?: GroupedCluster; view: AppView }
  >();

  constructor(options: IncrementalAppIndexOptions = {}) {
    this.rules = options.rules ?? builtinRules;
    this.rulesConfig = options.rulesConfig;
  }

  /** The last index made (an empty one before the first update). */
  get index(): AppIndex {
    return this.current ?? this.update({ clusters: [] });
  }

  update(input: IncrementalAppIndexInput): AppIndex {
    const observedAt = input.observedAt;
    const previous = this.clusters;
    const next = new Map<string, ClusterEntry>();
    const changed = new Set<string>();
    const listedBefore = new Map<string, boolean>();
    const countListed = (ids: ReadonlySet<string>, by: number) => {
      for (const id of ids) {
        if (!listedBefore.has(id))
          listedBefore.set(id, this.listedCounts.has(id));
        const count = (this.listedCounts.get(id) ?? 0) + by;
        if (count <= 0) this.listedCounts.delete(id);
        else this.listedCounts.set(id, count);
      }
    };
    for (const snapshot of input.clusters) {
      const before = previous.get(snapshot.name);
      if (before && before.snapshot === snapshot) {
        next.set(snapshot.name, before);
        continue;
      }
      const { entry, dropped, added } = this.regroup(before, snapshot);
      for (const part of dropped) countListed(part.listedAppIds, -1);
      for (const part of added) countListed(part.listedAppIds, 1);
      next.set(snapshot.name, entry);
      changed.add(snapshot.name);
    }
    for (const [name, entry] of previous) {
      if (next.has(name)) continue;
      for (const part of entry.parts) countListed(part.listedAppIds, -1);
      changed.add(name);
    }

    const context = fleetContextOf(
      [...next.values()].map(entry => entry.facts),
    );
    const before = this.context;
    const rejudgeAll =
      !before ||
      before.source !== context.source ||
      before.mostCommonDaprdVersion !== context.mostCommonDaprdVersion;
    for (const [name, entry] of next) {
      const previousEntry = previous.get(name);
      const rejudge =
        rejudgeAll ||
        (previousEntry !== undefined &&
          previousEntry !== entry &&
          !sameFacts(previousEntry.facts, entry.facts));
      let judged = false;
      entry.parts = entry.parts.map(part => {
        if (part.views && !rejudge) return part;
        judged = true;
        return this.judge(entry, part, context, observedAt);
      });
      if (judged || !previousEntry || previousEntry !== entry) {
        entry.partByKey = new Map(entry.parts.map(p => [p.key, p]));
        entry.partOf = new Map();
        for (const part of entry.parts)
          for (const namespace of part.namespaces)
            entry.partOf.set(namespace, part);
        changed.add(name);
      }
    }

    // Extra keys: those whose app-id is listed nowhere in the fleet get a view of their own.
    let listedChanged = false;
    for (const [id, had] of listedBefore)
      if (had !== this.listedCounts.has(id)) listedChanged = true;
    const extras = input.extraAppKeys ?? this.extraKeys;
    if (extras !== this.extraKeys || listedChanged) {
      this.extraKeys = extras;
      const missing = extras.filter(key => !this.listedCounts.has(key.appId));
      if (
        missing.length !== this.missing.length ||
        missing.some(
          (key, i) => appKeyString(key) !== appKeyString(this.missing[i]),
        )
      ) {
        this.missing = missing;
      }
    }
    const extraViews = new Map<
      string,
      { grouped?: GroupedCluster; view: AppView }
    >();
    const extrasByCluster = new Map<string, AppView[]>();
    for (const key of this.missing) {
      const keyString = appKeyString(key);
      const entry = next.get(key.cluster);
      const grouped = entry
        ? entry.partOf.get(key.namespace)?.grouped ?? entry.base
        : undefined;
      const cached = this.extraViews.get(keyString);
      const rejudge =
        rejudgeAll || (entry !== undefined && changed.has(key.cluster));
      let made = cached;
      if (!cached || cached.grouped !== grouped || rejudge) {
        made = {
          grouped,
          view: buildAppView(
            {
              clusters: grouped ? new Map([[key.cluster, grouped]]) : new Map(),
              ...(observedAt ? { observedAt } : {}),
            },
            context,
            key,
            { rules: this.rules, rulesConfig: this.rulesConfig },
          ),
        };
        if (!cached || cached.view !== made.view) changed.add(key.cluster);
      }
      extraViews.set(keyString, made!);
      const list = extrasByCluster.get(key.cluster);
      if (list) list.push(made!.view);
      else extrasByCluster.set(key.cluster, [made!.view]);
    }
    for (const [key, cached] of this.extraViews)
      if (!extraViews.has(key)) changed.add(parseClusterOf(key, cached.view));
    this.extraViews = extraViews;

    for (const name of changed) {
      const entry = next.get(name);
      if (entry) {
        entry.views = assembleViews(entry, extrasByCluster.get(name) ?? []);
        entry.objectFindings = sortFindings([
          ...entry.baseFindings,
          ...entry.parts.flatMap(p => p.findings ?? []),
        ]);
        entry.grouped = mergedGrouped(entry.snapshot, entry);
      }
    }
    // Views of extra keys in clusters the fleet does not have.
    const unknown = [...extrasByCluster.keys()].filter(name => !next.has(name));

    this.clusters = next;
    this.context = context;
    const clusterViews = [
      ...[...next.values()].map(entry => entry.views),
      ...unknown.map(name => {
        const views = emptyViews(name);
        return withViews(views, extrasByCluster.get(name) ?? []);
      }),
    ].sort((a, b) => compareStrings(`${a.name}/`, `${b.name}/`));
    const grouped: GroupedFleet = {
      clusters: new Map(
        [...next].map(([name, entry]) => [name, entry.grouped]),
      ),
    };
    if (observedAt) grouped.observedAt = observedAt;
    this.current = {
      apps: new FleetAppViews(clusterViews),
      byAppId: new FleetAppKeys(clusterViews),
      grouped,
      context,
      objectFindings: new Map(
        [...next].map(([name, entry]) => [name, entry.objectFindings]),
      ),
    };
    return this.current;
  }

  private regroup(
    before: ClusterEntry | undefined,
    snapshot: NamespacedClusterSnapshot,
  ): { entry: ClusterEntry; dropped: Part[]; added: Part[] } {
    const name = snapshot.name;
    const signature = stateSignature(snapshot);
    const sorted = [...snapshot.namespaces.keys()].sort(compareNamespaces);
    const planeWorkloads: SlimWorkload[] = [];
    const daprsystems: SlimConfiguration[] = [];
    for (const namespace of sorted) {
      const inputs = planeInputsOf(snapshot.namespaces.get(namespace)!);
      planeWorkloads.push(...inputs.workloads);
      daprsystems.push(...inputs.daprsystems);
    }
    const plane = clusterControlPlaneOf(name, planeWorkloads, daprsystems);
    const planeSignature = JSON.stringify(plane);
    const whole =
      !before ||
      before.snapshot.clusterScoped !== snapshot.clusterScoped ||
      before.stateSignature !== signature ||
      before.planeSignature !== planeSignature;
    const dirty = new Set<string>();
    if (before && !whole) {
      for (const [namespace, bucket] of snapshot.namespaces)
        if (before.snapshot.namespaces.get(namespace) !== bucket)
          dirty.add(namespace);
      for (const namespace of before.snapshot.namespaces.keys())
        if (!snapshot.namespaces.has(namespace)) dirty.add(namespace);
    }

    // The cluster-scoped objects alone: grouped again when the cluster as a whole changed.
    const reusedBase =
      before && !whole
        ? before.base
        : withPlane(
            groupClusterSnapshot(clusterSnapshotOf(snapshot, [])),
            plane,
          );

    const groups = connectedNamespaces(snapshot);
    const kept: Part[] = [];
    const fresh: Array<{ key: string; namespaces: string[] }> = [];
    for (const namespaces of groups) {
      const key = namespaces.join(' ');
      const old = before?.partByKey.get(key);
      if (old && !whole && !namespaces.some(n => dirty.has(n))) kept.push(old);
      else fresh.push({ key, namespaces });
    }
    const keptKeys = new Set(kept.map(p => p.key));
    const dropped = (before?.parts ?? []).filter(p => !keptKeys.has(p.key));

    const appIdCounts =
      before && !whole ? before.appIdCounts : new Map<string, number>();
    const count = (ids: ReadonlySet<string>, by: number) => {
      for (const id of ids) {
        const value = (appIdCounts.get(id) ?? 0) + by;
        if (value <= 0) appIdCounts.delete(id);
        else appIdCounts.set(id, value);
      }
    };
    if (before && !whole) for (const part of dropped) count(part.appIds, -1);
    const makePart = (key: string, namespaces: string[]): Part => {
      const grouped = withPlane(
        groupClusterSnapshot(clusterSnapshotOf(snapshot, namespaces)),
        plane,
      );
      const listed = listAppKeys(grouped);
      return {
        key,
        namespaces: new Set(namespaces),
        grouped,
        appIds: new Set([...grouped.apps.values()].map(m => m.appId)),
        listedAppIds: new Set(listed.map(k => k.appId)),
        daprdVersions: daprdVersionCounts(grouped.apps.values()),
      };
    };
    let added = fresh.map(({ key, namespaces }) => makePart(key, namespaces));
    for (const part of added) count(part.appIds, 1);
    // The app-ids that came or went (not those of a part grouped again that still run).
    const crossed = new Set<string>();
    if (before && !whole) {
      for (const part of dropped)
        for (const id of part.appIds) if (!appIdCounts.has(id)) crossed.add(id);
      for (const part of added)
        for (const id of part.appIds)
          if (!before.appIds.has(id)) crossed.add(id);
    }

    // Resiliencies name app-ids running anywhere in the cluster: the parts whose
    // Resiliencies target an app-id that came or went are judged again.
    let parts = [...kept, ...added];
    if (before && !whole && crossed.size > 0) {
      const again = new Set<string>();
      for (const part of kept) {
        const targets = [...part.namespaces].some(namespace =>
          (snapshot.namespaces.get(namespace)?.Resiliency ?? []).some(r =>
            r.targets.apps.some(id => crossed.has(id)),
          ),
        );
        if (targets) again.add(part.key);
      }
      if (again.size > 0) {
        const remade = parts
          .filter(p => again.has(p.key))
          .map(p => makePart(p.key, [...p.namespaces].sort(compareNamespaces)));
        parts = parts.map(p => remade.find(r => r.key === p.key) ?? p);
        dropped.push(...kept.filter(p => again.has(p.key)));
        added = [...added, ...remade];
      }
    }
    const appIds: ReadonlySet<string> =
      before && !whole && crossed.size === 0
        ? before.appIds
        : new Set(appIdCounts.keys());
    for (const part of added) part.grouped.appIds = appIds;
    if (reusedBase !== before?.base) reusedBase.appIds = appIds;
    parts.sort((a, b) => compareNamespaces(a.key, b.key));

    const versions = new Map<string, number>();
    for (const part of parts)
      for (const [version, n] of part.daprdVersions)
        versions.set(version, (versions.get(version) ?? 0) + n);
    const entry: ClusterEntry = {
      snapshot,
      stateSignature: signature,
      plane,
      planeSignature,
      parts,
      partByKey: new Map(parts.map(p => [p.key, p])),
      partOf: new Map(),
      base: reusedBase,
      baseFindings:
        reusedBase === before?.base
          ? before.baseFindings
          : validateClusterOnce(
              reusedBase,
              this.rules,
              this.rulesConfig,
            ).filter(f => f.object?.namespace === undefined),
      appIdCounts,
      appIds,
      facts: clusterContextFacts(reusedBase, versions),
      views: before?.views ?? emptyViews(name),
      objectFindings: before?.objectFindings ?? [],
      grouped: reusedBase,
    };
    return { entry, dropped: before && whole ? before.parts : dropped, added };
  }

  private judge(
    entry: ClusterEntry,
    part: Part,
    context: FleetContext,
    observedAt: string | undefined,
  ): Part {
    const fleet: GroupedFleet = {
      clusters: new Map([[entry.snapshot.name, part.grouped]]),
    };
    if (observedAt) fleet.observedAt = observedAt;
    const keys = listAppKeys(part.grouped)
      .map(key => ({ key, keyString: appKeyString(key) }))
      .sort((a, b) => compareStrings(a.keyString, b.keyString));
    const views = new Map<string, Map<string, AppView>>();
    for (const { key, keyString } of keys) {
      const view = buildAppView(fleet, context, key, {
        rules: this.rules,
        rulesConfig: this.rulesConfig,
      });
      let namespaceViews = views.get(key.namespace);
      if (!namespaceViews) {
        namespaceViews = new Map();
        views.set(key.namespace, namespaceViews);
      }
      namespaceViews.set(keyString, view);
    }
    const findings = validateClusterOnce(
      part.grouped,
      this.rules,
      this.rulesConfig,
    ).filter(
      f =>
        f.object?.namespace !== undefined &&
        part.namespaces.has(f.object.namespace),
    );
    return { ...part, views, findings };
  }
}
