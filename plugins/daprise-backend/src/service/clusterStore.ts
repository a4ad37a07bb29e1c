import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterKindStatus,
  ClusterStatus,
  KIND_NAMES,
  KindName,
  KINDS,
  slimObject,
} from '@daprise/plugin-daprise-common';
import {
  type DapriseClusterConfig,
  KubernetesConnection,
  kubernetesConnectionFor,
} from '@daprise/plugin-daprise-node';
import { SlimInformer } from './slimInformer';

/**
 * One cluster's slim objects, one informer (LIST+WATCH) per kind. Every change calls
 * `onChange`, which the fleet index debounces into a rebuild.
 */
export class ClusterStore {
  readonly name: string;
  private readonly informers: Map<KindName, SlimInformer<unknown>>;
  /** One connection for the lists and watches of every kind: one keep-alive agent. */
  private readonly connection: KubernetesConnection;

  constructor(
    definition: DapriseClusterConfig,
    private readonly options: {
      logger: LoggerService;
      onChange: () => void;
      kinds?: readonly KindName[];
    },
  ) {
    this.name = definition.name;
    this.connection = kubernetesConnectionFor(definition);
    this.informers = new Map(
      (options.kinds ?? KIND_NAMES).map(kind => [
        kind,
        new SlimInformer({
          connection: this.connection,
          kind: KINDS[kind],
          slim: raw => slimObject(kind, raw),
          onChange: () => this.changed(),
          onSkip: (object, message) =>
            options.logger.warn(
              `Daprise: cluster ${this.name}: skipped ${kind} ${
                object.namespace ? `${object.namespace}/` : ''
              }${object.name}, which Daprise cannot read: ${message}`,
            ),
        }),
      ]),
    );
  }

  private lastLoggedError?: string;

  private changed() {
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
    this.connection.close();
  }

  /** True while some kind has not answered its first LIST yet. */
  get listing(): boolean {
    for (const informer of this.informers.values())
      if (informer.state === 'syncing') return true;
    return false;
  }

  /** The slim objects of every kind, by kind. */
  objects(): Partial<Record<KindName, unknown[]>> {
    const result: Partial<Record<KindName, unknown[]>> = {};
    for (const [kind, informer] of this.informers)
      result[kind] = informer.list();
    return result;
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
