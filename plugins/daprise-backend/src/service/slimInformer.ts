import { KubeConfig, Watch } from '@kubernetes/client-node';
import { getJson, KubeHttpError } from './kubeHttp';

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
  kubeConfig: KubeConfig;
  kind: WatchedKind;
  /** Turns a raw object into what the model keeps; never keeps secret values. */
  slim: (raw: any) => T;
  /** Called after every change of the kept objects or of the state. */
  onChange: () => void;
  pageSize?: number;
  /** How long a watch request lasts before the server ends it and it is renewed. */
  watchTimeoutSeconds?: number;
}

const RETRY_NOT_INSTALLED_MS = 10_000;
const RETRY_FORBIDDEN_MS = 30_000;

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
  lastError?: string;
  lastSyncAt?: Date;
  lastEventAt?: Date;
  /** The number of LIST requests made, for the benchmarks' API-server accounting. */
  listRequests = 0;
  private objects = new ObjectMap<T>();
  private resourceVersion = '';
  private stopped = true;
  private abort?: AbortController;
  private wake?: () => void;
  private readonly watch: Watch;
  private readonly basePath: string;

  constructor(private readonly options: SlimInformerOptions<T>) {
    const { group, version, plural } = options.kind;
    this.basePath = `${group ? `/apis/${group}` : '/api'}/${version}/${plural}`;
    this.watch = new Watch(options.kubeConfig);
  }

  get kind(): string {
    return this.options.kind.kind;
  }

  list(): T[] {
    return this.objects.values();
  }

  get size(): number {
    return this.objects.size;
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

  private setState(state: KindState, error?: string) {
    const changed = state !== this.state || error !== this.lastError;
    this.state = state;
    this.lastError = error;
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
    let backoffMs = 250;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watchOnce();
        backoffMs = 250;
      } catch (error: any) {
        if (this.stopped) return;
        const status =
          error instanceof KubeHttpError
            ? error.statusCode
            : error?.statusCode ?? error?.code;
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
          this.setState('forbidden', String(error.message ?? error));
          await this.sleep(RETRY_FORBIDDEN_MS);
          continue;
        }
        // Unreachable or failing server: keep the last known objects, retry with back-off.
        this.setState('error', String(error?.message ?? error));
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  private async relist() {
    const pageSize = this.options.pageSize ?? 500;
    const next = new ObjectMap<T>();
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (continueToken) query.set('continue', continueToken);
      this.listRequests += 1;
      const page = await getJson(
        this.options.kubeConfig,
        `${this.basePath}?${query}`,
      );
      for (const item of page.items ?? [])
        next.set(item, this.options.slim(item));
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? '';
    } while (continueToken);
    this.objects = next;
    this.resourceVersion = resourceVersion;
    this.lastSyncAt = new Date();
    this.state = 'synced';
    this.lastError = undefined;
    this.options.onChange();
  }

  private watchOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (error?: any) => {
        if (settled) return;
        settled = true;
        if (error && !this.stopped && error.name !== 'AbortError')
          reject(error);
        else resolve();
      };
      this.watch
        .watch(
          this.basePath,
          {
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
          },
          (phase: string, object: any) => {
            if (phase === 'ERROR') {
              // A Status object: 410 Gone when our resource version has been compacted.
              if (object?.code === 410) this.resourceVersion = '';
              done(
                Object.assign(new Error(object?.message ?? 'watch error'), {
                  statusCode: object?.code,
                }),
              );
              this.abort?.abort();
              return;
            }
            const resourceVersion = object?.metadata?.resourceVersion;
            if (resourceVersion) this.resourceVersion = resourceVersion;
            if (phase === 'BOOKMARK') return;
            if (phase === 'DELETED') this.objects.delete(object);
            else this.objects.set(object, this.options.slim(object));
            this.lastEventAt = new Date();
            if (this.state !== 'synced') {
              this.state = 'synced';
              this.lastError = undefined;
            }
            this.options.onChange();
          },
          done,
        )
        .then(
          abort => {
            this.abort = abort;
            if (this.stopped) abort.abort();
            // watch() also resolves after a failed connect (having called done): only a
            // watch that is still open means the server answers again.
            else if (!settled && this.state === 'error')
              this.setState('synced');
          },
          error => done(error),
        );
    });
  }
}
