// The simulated fleet: N app-ids over 20 clusters, fed to the backend's fleet index from memory
// instead of half a million objects in local API servers. The objects are what the seeding
// applies (seed.ts, rendered by `renderService`), slimmed by the same `slimObject` the
// informers call, and handed to the index's cluster stores through their kind sources: the
// fleet index, cluster stores, model and rules measured are the plugin's own. Only the
// informer (LIST+WATCH) is replaced, by `MemoryKindSource` below.
import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  builtinRules,
  KindName,
  isKindName,
  slimObject,
} from '@daprise/plugin-daprise-common';
// The bench measures the backend's own index and fleet rows in-process: they are not part of
// the plugin's public API (no portal needs them), so it reads them from the package's sources.
/* eslint-disable @backstage/no-forbidden-package-imports */
import type { KindSource } from '@daprise/plugin-daprise-backend/src/service/clusterStore';
import { FleetIndex } from '@daprise/plugin-daprise-backend/src/service/fleetIndex';
import {
  FleetQueryCache,
  toFleetRow,
} from '@daprise/plugin-daprise-backend/src/service/fleetRows';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { log, round, sleep } from '../common';
import { random, stats } from '../httpClient';
import {
  appIdOf,
  appObjects,
  daprSharedWithMtls,
  daprSystem,
  FLEET_RULE,
  gatewayClass,
  NAMESPACE_COUNT,
  namespaceObjects,
} from '../seed';

export const SIMULATED_CLUSTERS = 20;

/** One kind's slim objects in memory, by namespace then name: an informer without a server. */
class MemoryKindSource implements KindSource {
  state: KindSource['state'] = 'syncing';
  lastSyncAt?: Date;
  lastEventAt?: Date;
  listRequests = 0;
  skipped = 0;
  private readonly objects = new Map<string, Map<string, unknown>>();

  constructor(private readonly onChange: (namespace?: string) => void) {}

  get size(): number {
    let size = 0;
    for (const byName of this.objects.values()) size += byName.size;
    return size;
  }

  start(): void {
    // As an informer's first LIST: every object at once.
    this.state = 'synced';
    this.lastSyncAt = new Date();
    this.onChange();
  }

  stop(): void {}
  retryNow(): void {}

  namespaces(): Iterable<string> {
    return this.objects.keys();
  }

  listNamespace(namespace: string): unknown[] {
    return [...(this.objects.get(namespace)?.values() ?? [])];
  }

  /** Keeps an object; after `start`, as a watch event would. */
  set(namespace: string, name: string, object: unknown): void {
    let byName = this.objects.get(namespace);
    if (!byName) {
      byName = new Map();
      this.objects.set(namespace, byName);
    }
    byName.set(name, object);
    if (this.state === 'synced') {
      this.lastEventAt = new Date();
      this.onChange(namespace);
    }
  }
}

/** One simulated cluster: a memory source per kind. */
class SimulatedCluster {
  readonly sources = new Map<KindName, MemoryKindSource>();
  objects = 0;

  source(kind: KindName, onChange: (namespace?: string) => void) {
    const source = new MemoryKindSource(onChange);
    this.sources.set(kind, source);
    return source;
  }

  /** Slims a raw object as the informer of its kind does, and keeps it. */
  apply(raw: any): void {
    if (!isKindName(raw.kind)) return;
    const source = this.sources.get(raw.kind);
    if (!source) return;
    source.set(
      raw.metadata?.namespace ?? '',
      raw.metadata?.name,
      slimObject(raw.kind, raw),
    );
    this.objects += 1;
  }
}

const quietLogger: LoggerService = {
  error: message => log(`  index error: ${message}`),
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** What the simulated step measured. */
export interface SimulatedResult {
  apps: number;
  clusters: number;
  objects: number;
  feedSeconds: number;
  firstIndexMs: number;
  changes: number;
  change: { median: number; p95: number; max: number; samples: number[] };
  /** The index update alone (the debounce apart), per change. */
  update: { median: number; p95: number; max: number };
  fleet: {
    requests: number;
    p50: number;
    p99: number;
    max: number;
    totalCount: number;
    pageSize: number;
    /** The first request after a change (rows and the query made again). */
    firstAfterChange: { median: number; max: number };
  };
  loadAverage1m: { atStart: number; atEnd: number };
}

let clustersOfRun = SIMULATED_CLUSTERS;

function clusterOf(k: number, n: number): number {
  return Math.floor((k * clustersOfRun) / n);
}

/**
 * Feeds N app-ids over 20 clusters to a fleet index from memory, then measures change
 * visibility (an app's Dapr Shared mTLS switched off and on, until the index's view says so)
 * and the fleet page (its first page of 100 rows filtered by one rule, as `GET /fleet` makes
 * it from the index: rows, filter, sort, JSON).
 */
export async function measureSimulatedFleet(
  n: number,
  repeats = 20,
  clusterCount = SIMULATED_CLUSTERS,
): Promise<SimulatedResult> {
  clustersOfRun = clusterCount;
  const loadAtStart = round((await import('node:os')).loadavg()[0]);
  log(
    `bench: simulated fleet of ${n} app-ids over ${SIMULATED_CLUSTERS} clusters`,
  );
  const clusters = Array.from(
    { length: clusterCount },
    () => new SimulatedCluster(),
  );
  const definitions = clusters.map((_, i) => ({
    name: `sim-${String(i).padStart(2, '0')}`,
    // Never dialled: every kind's source is in memory.
    url: 'https://127.0.0.1:9',
  }));
  const fleet = new FleetIndex({
    clusters: definitions,
    logger: quietLogger,
    rules: builtinRules,
    sources: definition => {
      const cluster = clusters[definitions.indexOf(definition as any)];
      return (kind, onChange) => cluster.source(kind, onChange);
    },
  });
  const feedStarted = performance.now();
  // Every cluster's shared objects, then its apps, as the seeding applies them.
  for (const cluster of clusters) {
    for (const raw of [...daprSystem, gatewayClass]) cluster.apply(raw);
    for (let i = 0; i < NAMESPACE_COUNT; i++)
      for (const raw of namespaceObjects(i)) cluster.apply(raw);
  }
  for (let k = 0; k < n; k++) {
    const cluster = clusters[clusterOf(k, n)];
    for (const raw of appObjects(k)) cluster.apply(raw);
  }
  const feedSeconds = round((performance.now() - feedStarted) / 1000, 1);
  const objects = clusters.reduce((sum, c) => sum + c.objects, 0);
  log(`  ${objects} objects slimmed in ${feedSeconds} s`);

  const indexStarted = performance.now();
  fleet.start();
  await fleet.whenSynced(600_000);
  const firstIndexMs = round(performance.now() - indexStarted, 0);
  log(`  first index of ${fleet.index.apps.size} apps in ${firstIndexMs} ms`);

  // The fleet page's reads, as DapriseReads makes them (rows kept per view, queries cached).
  const rowOf = new WeakMap<object, ReturnType<typeof toFleetRow>>();
  let rowsVersion = -1;
  let rows: Array<ReturnType<typeof toFleetRow>> = [];
  const queries = new FleetQueryCache();
  const fleetPage = () => {
    if (rowsVersion !== fleet.indexVersion) {
      rows = [];
      for (const view of fleet.index.apps.values()) {
        let row = rowOf.get(view);
        if (!row) {
          row = toFleetRow(view, undefined);
          rowOf.set(view, row);
        }
        rows.push(row);
      }
      rowsVersion = fleet.indexVersion;
    }
    const { all: _all, ...page } = queries.query(
      rows,
      { limit: 100, rule: [FLEET_RULE] },
      builtinRules,
    );
    return JSON.stringify({
      ...page,
      observedAt: fleet.observedAt.toISOString(),
      indexVersion: fleet.indexVersion,
    });
  };

  log('bench: simulated change visibility');
  const next = random(5150 + n);
  const samples: number[] = [];
  const updates: number[] = [];
  const firstPages: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let k = Math.floor(next() * n);
    if (k % 5 === 3) k += 1;
    const appId = appIdOf(k);
    const cluster = clusters[clusterOf(k, n)];
    const key = `${definitions[clusterOf(k, n)].name}/${
      appObjects(k)[0].metadata?.namespace
    }/${appId}`;
    for (const mtls of [false, true]) {
      const changed = daprSharedWithMtls(k, mtls);
      const version = fleet.indexVersion;
      const started = performance.now();
      cluster.apply(changed);
      for (;;) {
        const view = fleet.index.apps.get(key);
        if (view?.daprShared[0]?.mtls === mtls) break;
        if (performance.now() - started > 30_000)
          throw new Error(`the change of ${appId} was not visible within 30 s`);
        await fleet.waitForChange(fleet.indexVersion, 30_000);
      }
      samples.push(performance.now() - started);
      if (fleet.indexVersion === version + 1) {
        // The update's own time: from the debounce's end to the new version.
        updates.push(lastUpdateMs(fleet));
      }
      const pageStarted = performance.now();
      fleetPage();
      firstPages.push(performance.now() - pageStarted);
      await sleep(30);
    }
  }
  const change = stats(samples);
  log(
    `  median ${round(change.p50)} ms, p95 ${round(
      percentile(samples, 95),
    )} ms, max ${round(change.max)} ms`,
  );

  log('bench: simulated fleet page');
  const first = JSON.parse(fleetPage());
  const latencies: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    fleetPage();
    latencies.push(performance.now() - started);
  }
  const page = stats(latencies);
  log(
    `  p50 ${round(page.p50)} ms, p99 ${round(page.p99)} ms; ${
      first.totalCount
    } apps match, page of ${first.items.length}`,
  );
  fleet.stop();
  const update = stats(updates);
  const firstAfter = stats(firstPages);
  return {
    apps: n,
    clusters: clusterCount,
    objects,
    feedSeconds,
    firstIndexMs,
    changes: samples.length,
    change: {
      median: round(change.p50, 1),
      p95: round(percentile(samples, 95), 1),
      max: round(change.max, 1),
      samples: samples.map(s => round(s, 1)),
    },
    update: {
      median: round(update.p50, 1),
      p95: round(percentile(updates, 95), 1),
      max: round(update.max, 1),
    },
    fleet: {
      requests: latencies.length,
      p50: round(page.p50, 2),
      p99: round(page.p99, 2),
      max: round(page.max, 2),
      totalCount: first.totalCount,
      pageSize: first.items.length,
      firstAfterChange: {
        median: round(firstAfter.p50, 1),
        max: round(firstAfter.max, 1),
      },
    },
    loadAverage1m: {
      atStart: loadAtStart,
      atEnd: round((await import('node:os')).loadavg()[0]),
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function lastUpdateMs(fleet: FleetIndex): number {
  return fleet.lastUpdateMs ?? NaN;
}
