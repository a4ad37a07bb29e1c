import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AppIndex,
  AppKey,
  ClusterState,
  ClusterStatus,
  IncrementalAppIndex,
  KindName,
  NamespacedClusterSnapshot,
  Rule,
  RulesConfig,
} from '@daprise/plugin-daprise-common';
import type { DapriseClusterConfig } from '@daprise/plugin-daprise-node';
import { ClusterStore, KindSourceFactory } from './clusterStore';

export interface FleetIndexOptions {
  clusters: DapriseClusterConfig[];
  logger: LoggerService;
  rules: readonly Rule[];
  rulesConfig?: RulesConfig;
  /**
   * Collapses a burst of watch events into one rebuild per window (default 20 ms); a change
   * after a quiet spell is built at once.
   */
  debounceMs?: number;
  /** How long the first index waits for clusters still listing (default 30 s). */
  firstSyncGraceMs?: number;
  /** Limits the kinds watched (tests of a missing CRD). Default: every kind. */
  kinds?: readonly KindName[];
  /**
   * Where each cluster's objects come from; default, its API server (an informer per kind).
   * The benchmark's simulated fleet feeds slim objects from memory through it.
   */
  sources?: (cluster: DapriseClusterConfig) => KindSourceFactory;
}

/**
 * The fleet's app index, kept current by the clusters' watches. A change marks its
 * namespace (or its cluster, for cluster-scoped kinds and state) dirty; after a short
 * debounce the incremental index re-groups and re-judges only the namespaces the changes can
 * affect (`IncrementalAppIndex`). Page views read the last built index and never reach an
 * API server.
 */
export class FleetIndex {
  private readonly stores: ClusterStore[];
  private readonly incremental: IncrementalAppIndex;
  private current: AppIndex;
  private version = 0;
  private builtAt = new Date();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private waiters: Array<() => void> = [];
  private extraAppKeys: AppKey[] = [];
  private startedAt?: number;
  private graceTimer?: NodeJS.Timeout;
  private lastUpdateTook?: number;
  private lastRebuildAt = 0;

  constructor(private readonly options: FleetIndexOptions) {
    this.stores = options.clusters.map(
      cluster =>
        new ClusterStore(cluster, {
          logger: options.logger,
          kinds: options.kinds,
          onChange: () => this.markDirty(cluster.name),
          ...(options.sources ? { sources: options.sources(cluster) } : {}),
        }),
    );
    this.incremental = new IncrementalAppIndex({
      rules: options.rules,
      rulesConfig: options.rulesConfig,
    });
    this.current = this.incremental.index;
  }

  start() {
    this.startedAt = Date.now();
    for (const store of this.stores) store.start();
  }

  stop() {
    clearTimeout(this.timer);
    clearTimeout(this.graceTimer);
    for (const store of this.stores) store.stop();
    this.wakeWaiters();
  }

  /** App keys to report even though nothing runs for them (catalog entities). */
  setExtraAppKeys(keys: AppKey[]) {
    this.extraAppKeys = keys;
    this.schedule();
  }

  get index(): AppIndex {
    return this.current;
  }

  get indexVersion(): number {
    return this.version;
  }

  get observedAt(): Date {
    return this.builtAt;
  }

  /** How long the last update of the index took, in milliseconds (the debounce apart). */
  get lastUpdateMs(): number | undefined {
    return this.lastUpdateTook;
  }

  clusterNames(): string[] {
    return this.stores.map(s => s.name);
  }

  clusterStatuses(): ClusterStatus[] {
    return this.stores.map(store => {
      const status = store.status();
      const controlPlane = this.current.grouped.clusters.get(
        store.name,
      )?.controlPlane;
      return controlPlane ? { ...status, controlPlane } : status;
    });
  }

  /** Resolves with the index version once it is past `after`, or after `timeoutMs`. */
  waitForChange(
    after: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<number> {
    if (this.version > after) return Promise.resolve(this.version);
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter(w => w !== done);
        resolve(this.version);
      };
      timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done);
      this.waiters.push(done);
    });
  }

  /** Resolves when every cluster has listed every kind once (or gives up after `timeoutMs`). */
  async whenSynced(timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = this.clusterStatuses();
      if (statuses.every(s => s.synced) && this.dirty.size === 0 && !this.timer)
        return true;
      if (Date.now() > deadline) return false;
      await new Promise(r => setTimeout(r, 20));
    }
  }

  private markDirty(cluster: string) {
    this.dirty.add(cluster);
    this.schedule();
  }

  private schedule() {
    if (this.timer) return;
    // A change after a quiet spell is built at once (in the next turn of the event loop, which
    // collects the events of one watch chunk); only while rebuilds follow each other closely
    // does the debounce delay one, so that a burst of events (a rollout, a relist) costs a
    // rebuild per debounce window instead of one per event.
    const debounce = this.options.debounceMs ?? 20;
    const quiet = Date.now() - this.lastRebuildAt >= debounce;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.rebuild();
      },
      quiet ? 0 : debounce,
    );
  }

  private snapshotOf(store: ClusterStore): NamespacedClusterSnapshot {
    const status = store.status();
    const kinds: ClusterState['kinds'] = {};
    for (const [kind, state] of Object.entries(status.kinds)) {
      kinds[kind as KindName] = {
        status: state.state,
        message: state.error,
        syncedAt: state.lastSyncAt,
      };
    }
    return store.snapshot({
      kinds,
      lastSyncAt: status.lastSyncAt,
      lastError: status.error,
    });
  }

  private rebuild() {
    // The first index waits until every kind of every cluster has answered its first LIST
    // (at most firstSyncGraceMs): at 5,000 apps the rebuilds during the initial sync each
    // made a full index for the next one to replace — heap growth that stayed resident,
    // and a later first complete index — and showed apps without the kinds not yet listed.
    if (this.version === 0 && this.stores.some(s => s.listing)) {
      const waited = Date.now() - (this.startedAt ?? Date.now());
      const grace = this.options.firstSyncGraceMs ?? 30_000;
      if (waited < grace) {
        clearTimeout(this.graceTimer);
        this.graceTimer = setTimeout(() => this.schedule(), grace - waited);
        return;
      }
    }
    clearTimeout(this.graceTimer);
    this.lastRebuildAt = Date.now();
    const started = performance.now();
    const observedAt = new Date();
    // Every store hands on its namespaces; those no change touched are the same objects as
    // before, which the incremental index neither groups nor judges again.
    this.dirty.clear();
    this.current = this.incremental.update({
      clusters: this.stores.map(store => this.snapshotOf(store)),
      extraAppKeys: this.extraAppKeys,
      observedAt: observedAt.toISOString(),
    });
    this.builtAt = observedAt;
    this.version += 1;
    this.lastUpdateTook = performance.now() - started;
    if (this.lastUpdateTook > 500)
      this.options.logger.info(
        `Daprise: index of ${
          this.current.apps.size
        } apps rebuilt in ${Math.round(this.lastUpdateTook)} ms`,
      );
    this.wakeWaiters();
  }

  private wakeWaiters() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
