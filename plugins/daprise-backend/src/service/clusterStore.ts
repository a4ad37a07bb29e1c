import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CLUSTER_SCOPED_KINDS,
  ClusterKindStatus,
  ClusterStatus,
  KIND_NAMES,
  KindName,
  KINDS,
  NamespacedClusterSnapshot,
  slimObject,
  SlimObjectsByKind,
} from '@daprise/plugin-daprise-common';
import {
  type DapriseClusterConfig,
  KubernetesConnection,
  kubernetesConnectionFor,
} from '@daprise/plugin-daprise-node';
import { SlimInformer } from './slimInformer';

/**
 * The slim objects of one kind of one cluster, kept current: a `SlimInformer` (LIST+WATCH).
 * @public
 */
export interface KindSource {
  readonly state: ClusterKindStatus['state'];
  readonly lastError?: string;
  readonly lastErrorReason?: string;
  readonly lastErrorRetryable?: boolean;
  readonly lastSyncAt?: Date;
  readonly lastEventAt?: Date;
  readonly listRequests: number;
  readonly size: number;
  readonly skipped: number;
  start(): void;
  stop(): void;
  retryNow(): void;
  /** The namespaces holding objects ('' for a cluster-scoped kind's). */
  namespaces(): Iterable<string>;
  listNamespace(namespace: string): unknown[];
}

/**
 * Makes the source of one kind: what the store reads (default, an informer over the
 * cluster's connection). `onChange` takes the namespace of the one object that changed, or
 * nothing when more may have.
 */
export type KindSourceFactory = (
  kind: KindName,
  onChange: (namespace?: string) => void,
) => KindSource;

const CLUSTER_SCOPED = new Set<KindName>(CLUSTER_SCOPED_KINDS);

/**
 * One cluster's slim objects, one informer (LIST+WATCH) per kind. Every change calls
 * `onChange`, which the fleet index debounces into a rebuild. The objects are handed on per
 * namespace (`snapshot`): a namespace's objects are made again only when a change touched
 * it, so the index sees which namespaces changed by reference.
 */
export class ClusterStore {
  readonly name: string;
  private readonly informers: Map<KindName, KindSource>;
  /** One connection for the lists and watches of every kind: one keep-alive agent. */
  private readonly connection?: KubernetesConnection;
  private buckets = new Map<string, SlimObjectsByKind>();
  private clusterScoped: SlimObjectsByKind = {};
  /** Namespaces changed since the last snapshot ('' for cluster-scoped objects). */
  private readonly dirty = new Set<string>();
  private everything = true;
  private last?: NamespacedClusterSnapshot;
  private lastState?: string;

  constructor(
    definition: DapriseClusterConfig,
    private readonly options: {
      logger: LoggerService;
      onChange: () => void;
      kinds?: readonly KindName[];
      /** Where the objects come from; default, the cluster's API server. */
      sources?: KindSourceFactory;
    },
  ) {
    this.name = definition.name;
    let sources = options.sources;
    if (!sources) {
      const connection = kubernetesConnectionFor(definition);
      this.connection = connection;
      sources = (kind, onChange) =>
        new SlimInformer({
          connection,
          kind: KINDS[kind],
          slim: raw => slimObject(kind, raw),
          onChange,
          onSkip: (object, message) =>
            options.logger.warn(
              `Daprise: cluster ${this.name}: skipped ${kind} ${
                object.namespace ? `${object.namespace}/` : ''
              }${object.name}, which Daprise cannot read: ${message}`,
            ),
        });
    }
    const make = sources;
    this.informers = new Map(
      (options.kinds ?? KIND_NAMES).map(kind => [
        kind,
        make(kind, namespace => this.changed(namespace)),
      ]),
    );
  }

  private lastLoggedError?: string;

  private changed(namespace?: string) {
    if (namespace === undefined) this.everything = true;
    else this.dirty.add(namespace);
    const informers = [...this.informers.values()];
    const errors = informers.filter(i => i.state === 'error');
    if (errors.length > 0 && errors.length < informers.length) {
      // Some kinds get through again: the server is back, so the others need not wait out their back-off.
      for (const informer of errors) informer.retryNow();
    }
    if (errors.length > 0) {
      const message = errors[0].lastError;
      if (message !== this.lastLoggedError) {
        this.options.logger.warn(`Daprise: cluster ${this.name}: ${message}`);
        this.lastLoggedError = message;
      }
    } else {
      this.lastLoggedError = undefined;
    }
    this.options.onChange();
  }

  start() {
    for (const informer of this.informers.values()) informer.start();
  }

  stop() {
    for (const informer of this.informers.values()) informer.stop();
    this.connection?.close();
  }

  /** True while some kind has not answered its first LIST yet. */
  get listing(): boolean {
    for (const informer of this.informers.values())
      if (informer.state === 'syncing') return true;
    return false;
  }

  /**
   * The slim objects by namespace, cluster-scoped kinds apart. The namespaces no change
   * touched since the last call keep their objects (the same object); a namespace's are
   * made again, kind by kind in namespace order, from the informers' own maps.
   */
  snapshot(
    state: NamespacedClusterSnapshot['state'],
  ): NamespacedClusterSnapshot {
    const touched = new Set(this.dirty);
    this.dirty.clear();
    if (this.everything) {
      this.everything = false;
      touched.clear();
      touched.add('');
      for (const namespace of this.buckets.keys()) touched.add(namespace);
      for (const informer of this.informers.values())
        for (const namespace of informer.namespaces()) touched.add(namespace);
    }
    if (touched.size > 0) {
      const buckets = new Map(this.buckets);
      for (const namespace of touched) {
        const bucket: Record<string, unknown[]> = {};
        let objects = 0;
        for (const [kind, informer] of this.informers) {
          if ((namespace === '') !== CLUSTER_SCOPED.has(kind)) continue;
          const list = informer.listNamespace(namespace);
          bucket[kind] = list;
          objects += list.length;
        }
        if (namespace === '') this.clusterScoped = bucket as SlimObjectsByKind;
        else if (objects === 0) buckets.delete(namespace);
        else buckets.set(namespace, bucket as SlimObjectsByKind);
      }
      this.buckets = buckets;
    }
    // Nothing changed: the same snapshot, which the index skips without a look.
    const stateText = JSON.stringify(state ?? null);
    if (touched.size === 0 && this.last && stateText === this.lastState)
      return this.last;
    const snapshot: NamespacedClusterSnapshot = {
      name: this.name,
      namespaces: this.buckets,
      clusterScoped: this.clusterScoped,
    };
    if (state) snapshot.state = state;
    this.last = snapshot;
    this.lastState = stateText;
    return snapshot;
  }

  status(): ClusterStatus {
    const kinds: Record<string, ClusterKindStatus> = {};
    let lastSyncAt: Date | undefined;
    let lastEventAt: Date | undefined;
    let listRequests = 0;
    for (const [kind, informer] of this.informers) {
      kinds[kind] = {
        state: informer.state,
        objects: informer.size,
        lastSyncAt: informer.lastSyncAt?.toISOString(),
        lastEventAt: informer.lastEventAt?.toISOString(),
        error: informer.lastError,
        reason: informer.lastErrorReason,
        retryable: informer.lastErrorRetryable,
      };
      if (informer.skipped > 0) kinds[kind].skipped = informer.skipped;
      if (
        informer.lastSyncAt &&
        (!lastSyncAt || informer.lastSyncAt > lastSyncAt)
      )
        lastSyncAt = informer.lastSyncAt;
      if (
        informer.lastEventAt &&
        (!lastEventAt || informer.lastEventAt > lastEventAt)
      )
        lastEventAt = informer.lastEventAt;
      listRequests += informer.listRequests;
    }
    const states = [...this.informers.values()];
    const failing = states.find(i => i.state === 'error');
    return {
      name: this.name,
      // Every kind has been listed once (or is known to be absent or forbidden).
      synced: states.every(
        i => i.state !== 'syncing' && (i.state !== 'error' || !!i.lastSyncAt),
      ),
      stale: failing?.lastError !== undefined,
      error: failing?.lastError,
      reason: failing?.lastErrorReason,
      kinds,
      lastSyncAt: lastSyncAt?.toISOString(),
      lastEventAt: lastEventAt?.toISOString(),
      listRequests,
    };
  }
}
