import {
  KubernetesConnection,
  KubernetesError,
  kubernetesErrorReason,
  KUBERNETES_ERROR_MESSAGE_LIMIT,
} from '@daprise/plugin-daprise-node';

/** Where the list+watch of one kind in one cluster stands. */
export type KindState =
  | 'syncing'
  | 'synced'
  | 'not-installed'
  | 'forbidden'
  | 'error';

/** What the informer needs to know of a kind. */
export interface WatchedKind {
  kind: string;
  group: string;
  version: string;
  plural: string;
}

export interface SlimInformerOptions<T> {
  /** The cluster's connection, shared by the informers of all its kinds. */
  connection: KubernetesConnection;
  kind: WatchedKind;
  /** Turns a raw object into what the model keeps; never keeps secret values. */
  slim: (raw: any) => T;
  /**
   * Called after every change of the kept objects or of the state: with the namespace of the
   * one object a watch event changed ('' for cluster-scoped kinds), without one when more may
   * have changed (a relist, a new state).
   */
  onChange: (namespace?: string) => void;
  /**
   * Called once for an object `slim` throws on (not again while it keeps failing, relists
   * included): the object is left out and counted in `skipped`, and the list or watch goes on.
   */
  onSkip?: (
    object: { namespace?: string; name?: string },
    message: string,
  ) => void;
  pageSize?: number;
  /** How long a watch request lasts before the server ends it and it is renewed. */
  watchTimeoutSeconds?: number;
}

const RETRY_NOT_INSTALLED_MS = 10_000;
const RETRY_FORBIDDEN_MS = 30_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5_000;
/**
 * A watch that the server (or a proxy before it) ends within this time did not do its job: the
 * next one waits, with the same back-off as errors, so a proxy that closes every watch at once
 * costs a few requests a second at most instead of a tight loop. A watch that ran longer is
 * renewed at once: it ended because it was due (every `watchTimeoutSeconds`, 300 by default).
 */
const SHORT_WATCH_MS = 1_000;

/** An error's message, cut as KubernetesError cuts its own: it goes to `/clusters` and logs. */
export function errorMessage(error: unknown): string {
  const text = String((error as any)?.message ?? error).replace(/\s+/g, ' ');
  return text.length <= KUBERNETES_ERROR_MESSAGE_LIMIT
    ? text
    : `${text.slice(0, KUBERNETES_ERROR_MESSAGE_LIMIT - 1)}…`;
}

function objectKey(raw: any): string {
  return `${raw?.metadata?.namespace ?? ''}/${raw?.metadata?.name ?? ''}`;
}

/**
 * Slim objects by namespace ('' for cluster-scoped kinds), then name. Nested rather than keyed
 * by `namespace/name`: the inner keys are the names the slim objects keep anyway, where a
 * joined key would be one more string per object.
 */
class ObjectMap<T> {
  private readonly byNamespace = new Map<string, Map<string, T>>();

  set(raw: any, object: T): void {
    const namespace: string = raw.metadata?.namespace ?? '';
    let byName = this.byNamespace.get(namespace);
    if (!byName) {
      byName = new Map();
      this.byNamespace.set(namespace, byName);
    }
    byName.set(raw.metadata?.name, object);
  }

  delete(raw: any): void {
    const namespace: string = raw.metadata?.namespace ?? '';
    const byName = this.byNamespace.get(namespace);
    byName?.delete(raw.metadata?.name);
    if (byName?.size === 0) this.byNamespace.delete(namespace);
  }

  clear(): void {
    this.byNamespace.clear();
  }

  get size(): number {
    let size = 0;
    for (const byName of this.byNamespace.values()) size += byName.size;
    return size;
  }

  namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }

  inNamespace(namespace: string): T[] {
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  values(): T[] {
    const out: T[] = [];
    for (const byName of this.byNamespace.values())
      for (const object of byName.values()) out.push(object);
    return out;
  }
}

/**
 * LIST then WATCH of one kind, keeping only slim objects. Like client-node's ListWatch,
 * but its cache holds what the model reads instead of whole objects (25,000 objects
 * of a fleet in a few tens of MB), it pages its lists, and it never gives up: a watch
 * that ends is resumed from the last resource version, a 410 Gone relists, an
 * unreachable server is retried with back-off while the last known objects are kept,
 * a kind whose CRD is absent is `not-installed` and a 403 is `forbidden` — for that
 * kind only.
 */
export class SlimInformer<T> {
  state: KindState = 'syncing';
  /** The last error's message (at most 500 characters: see KubernetesError). */
  lastError?: string;
  /** The last error's reason in one word, and whether retrying it may help. */
  lastErrorReason?: string;
  lastErrorRetryable?: boolean;
  lastSyncAt?: Date;
  lastEventAt?: Date;
  /** The number of LIST pages received, for the benchmarks' API-server accounting. */
  listRequests = 0;
  private objects = new ObjectMap<T>();
  /** `namespace/name` of the objects `slim` threw on, as of the last LIST and the events since. */
  private skippedKeys = new Set<string>();
  private resourceVersion = '';
  private stopped = true;
  private abort?: AbortController;
  private wake?: () => void;
  private readonly basePath: string;

  constructor(private readonly options: SlimInformerOptions<T>) {
    const { group, version, plural } = options.kind;
    this.basePath = `${group ? `/apis/${group}` : '/api'}/${version}/${plural}`;
  }

  get kind(): string {
    return this.options.kind.kind;
  }

  list(): T[] {
    return this.objects.values();
  }

  /** The namespaces holding objects of the kind ('' for a cluster-scoped kind's). */
  namespaces(): Iterable<string> {
    return this.objects.namespaces();
  }

  /** The objects of one namespace ('' for a cluster-scoped kind's). */
  listNamespace(namespace: string): T[] {
    return this.objects.inNamespace(namespace);
  }

  get size(): number {
    return this.objects.size;
  }

  /** How many of the kind's objects could not be read and are left out. */
  get skipped(): number {
    return this.skippedKeys.size;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.run();
  }

  /** Ends a back-off wait now: another kind of the same cluster just got through. */
  retryNow(): void {
    if (this.state === 'error') this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  private setState(state: KindState, error?: unknown) {
    // Cut whatever the error is: a KubernetesError is already, a TLS or slim error may not be.
    const message = error === undefined ? undefined : errorMessage(error);
    const changed = state !== this.state || message !== this.lastError;
    this.state = state;
    this.lastError = message;
    this.lastErrorReason =
      error === undefined ? undefined : kubernetesErrorReason(error);
    // Anything but an answer of the API server (a bug, a TLS failure) is worth a retry too.
    this.lastErrorRetryable = undefined;
    if (error !== undefined)
      this.lastErrorRetryable =
        error instanceof KubernetesError ? error.retryable : true;
    if (changed) this.options.onChange();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run() {
    let backoffMs = BACKOFF_FIRST_MS;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        const watchStartedAt = Date.now();
        await this.watchOnce();
        if (Date.now() - watchStartedAt >= SHORT_WATCH_MS) {
          backoffMs = BACKOFF_FIRST_MS;
          continue;
        }
        if (this.stopped) return;
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
      } catch (error: any) {
        if (this.stopped) return;
        const status =
          error instanceof KubernetesError ? error.statusCode : undefined;
        if (status === 410) {
          this.resourceVersion = '';
          continue;
        }
        if (status === 404) {
          this.objects.clear();
          this.resourceVersion = '';
          this.setState('not-installed');
          await this.sleep(RETRY_NOT_INSTALLED_MS);
          continue;
        }
        if (status === 403) {
          this.objects.clear();
          this.resourceVersion = '';
          this.setState('forbidden', error);
          await this.sleep(RETRY_FORBIDDEN_MS);
          continue;
        }
        // Unreachable or failing server: keep the last known objects, retry with back-off.
        this.setState('error', error);
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
      }
    }
  }

  private async relist() {
    const next = new ObjectMap<T>();
    const skipped = new Set<string>();
    let resourceVersion = '';
    for await (const page of this.options.connection.listPages(this.basePath, {
      pageSize: this.options.pageSize ?? 500,
    })) {
      // Slim objects are made page by page: a fleet's full objects never sit in memory at once.
      for (const item of page.items) {
        const object = this.slimOrSkip(item, skipped);
        if (object !== undefined) next.set(item, object);
      }
      resourceVersion = page.resourceVersion;
      this.listRequests += 1;
    }
    this.objects = next;
    this.skippedKeys = skipped;
    this.resourceVersion = resourceVersion;
    this.lastSyncAt = new Date();
    this.clearError();
    this.options.onChange();
  }

  /**
   * The slim object, or undefined when `slim` throws: one object the model cannot read (a field
   * of a type no schema enforced) must cost that object, not every relist of its kind. Added to
   * `skipped`, and reported unless it was skipped already.
   */
  private slimOrSkip(raw: any, skipped: Set<string>): T | undefined {
    const key = objectKey(raw);
    try {
      const object = this.options.slim(raw);
      skipped.delete(key);
      return object;
    } catch (error) {
      const known = this.skippedKeys.has(key);
      skipped.add(key);
      if (!known)
        this.options.onSkip?.(
          { namespace: raw?.metadata?.namespace, name: raw?.metadata?.name },
          errorMessage(error),
        );
      return undefined;
    }
  }

  private clearError() {
    this.state = 'synced';
    this.lastError = undefined;
    this.lastErrorReason = undefined;
    this.lastErrorRetryable = undefined;
  }

  private async watchOnce(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    if (this.stopped) return;
    try {
      await this.options.connection.watch(
        this.basePath,
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
          signal: abort.signal,
          // Only a watch that is open means the server answers again.
          onOpen: () => {
            if (this.state === 'error') this.setState('synced');
          },
        },
        (phase, object) => {
          const resourceVersion = object?.metadata?.resourceVersion;
          if (resourceVersion) this.resourceVersion = resourceVersion;
          if (phase === 'BOOKMARK') return;
          if (phase === 'DELETED') {
            this.objects.delete(object);
            this.skippedKeys.delete(objectKey(object));
          } else {
            const slim = this.slimOrSkip(object, this.skippedKeys);
            if (slim === undefined) this.objects.delete(object);
            else this.objects.set(object, slim);
          }
          this.lastEventAt = new Date();
          const stateChanged = this.state !== 'synced';
          if (stateChanged) this.clearError();
          this.options.onChange(
            stateChanged ? undefined : object?.metadata?.namespace ?? '',
          );
        },
      );
    } catch (error) {
      // 410 when our resource version has been compacted away: relist.
      if (error instanceof KubernetesError && error.statusCode === 410)
        this.resourceVersion = '';
      if (!this.stopped) throw error;
    }
  }
}
