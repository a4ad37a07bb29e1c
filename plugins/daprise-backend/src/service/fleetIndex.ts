import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AppIndex,
  AppKey,
  buildAppIndex,
  ClusterSnapshot,
  ClusterStatus,
  GroupedFleet,
  groupFleetSnapshot,
  KindName,
  listAppKeys,
  Rule,
  RulesConfig,
  SlimObjectsByKind,
  withClusterSnapshot,
} from '@daprise/plugin-daprise-common';
import type { DapriseClusterConfig } from '@daprise/plugin-daprise-node';
import { ClusterStore } from './clusterStore';

export interface FleetIndexOptions {
  clusters: DapriseClusterConfig[];
  logger: LoggerService;
  rules: readonly Rule[];
  rulesConfig?: RulesConfig;
  /** Collapses a burst of watch events into one rebuild. */
  debounceMs?: number;
  /** How long the first index waits for clusters still listing (default 30 s). */
  firstSyncGraceMs?: number;
  /** Limits the kinds watched (tests of a missing CRD). Default: every kind. */
  kinds?: readonly KindName[];
}

/**
 * The fleet's app index, kept current by the clusters' watches. A change marks its
 * cluster dirty; after a short debounce only the dirty clusters are regrouped and the
 * views are rebuilt. Page views read the last built index and never reach an API server.
 */
export class FleetIndex {
  private readonly stores: ClusterStore[];
  private grouped: GroupedFleet = { clusters: new Map() };
  private current: AppIndex;
  private version = 0;
  private builtAt = new Date();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private waiters: Array<() => void> = [];
  private extraAppKeys: AppKey[] = [];
  private startedAt?: number;
  private graceTimer?: NodeJS.Timeout;

  constructor(private readonly options: FleetIndexOptions) {
    this.stores = options.clusters.map(
      cluster =>
        new ClusterStore(cluster, {
          logger: options.logger,
          kinds: options.kinds,
          onChange: () => this.markDirty(cluster.name),
        }),
    );
    this.current = buildAppIndex(this.grouped, {
      rules: options.rules,
      rulesConfig: options.rulesConfig,
    });
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

  clusterNames(): string[] {
    return this.stores.map(s => s.name);
  }

  clusterStatuses(): ClusterStatus[] {
    return this.stores.map(store => {
      const status = store.status();
      const controlPlane = this.grouped.clusters.get(store.name)?.controlPlane;
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
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild();
    }, this.options.debounceMs ?? 20);
  }

  private snapshotOf(store: ClusterStore): ClusterSnapshot {
    const status = store.status();
    const kinds: NonNullable<ClusterSnapshot['state']>['kinds'] = {};
    for (const [kind, state] of Object.entries(status.kinds)) {
      kinds[kind as KindName] = {
        status: state.state,
        message: state.error,
        syncedAt: state.lastSyncAt,
      };
    }
    return {
      name: store.name,
      objects: store.objects() as SlimObjectsByKind,
      state: { kinds, lastSyncAt: status.lastSyncAt, lastError: status.error },
    };
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
    const started = Date.now();
    const observedAt = new Date();
    if (
      this.grouped.clusters.size === 0 &&
      this.dirty.size === this.stores.length
    ) {
      this.grouped = groupFleetSnapshot({
        clusters: this.stores.map(s => this.snapshotOf(s)),
      });
    } else {
      for (const name of this.dirty) {
        const store = this.stores.find(s => s.name === name)!;
        this.grouped = withClusterSnapshot(
          this.grouped,
          name,
          this.snapshotOf(store),
        );
      }
    }
    this.dirty.clear();
    this.grouped = { ...this.grouped, observedAt: observedAt.toISOString() };
    this.current = buildAppIndex(this.grouped, {
      rules: this.options.rules,
      rulesConfig: this.options.rulesConfig,
      extraAppKeys: this.missingAppKeys(),
    });
    this.builtAt = observedAt;
    this.version += 1;
    const took = Date.now() - started;
    if (took > 500)
      this.options.logger.info(
        `Daprise: index of ${this.current.apps.size} apps rebuilt in ${took} ms`,
      );
    this.wakeWaiters();
  }

  /** Catalog app-ids that run nowhere: they get a view so `app-without-dapr` reports them. */
  private missingAppKeys(): AppKey[] {
    if (this.extraAppKeys.length === 0) return [];
    const running = new Set<string>();
    for (const cluster of this.grouped.clusters.values()) {
      for (const key of listAppKeys(cluster)) running.add(key.appId);
    }
    return this.extraAppKeys.filter(key => !running.has(key.appId));
  }

  private wakeWaiters() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
