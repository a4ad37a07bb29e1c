import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AppKey,
  DAPR_APP_ID_ANNOTATION,
  EntityDaprRef,
  getEntityDaprRef,
} from '@daprise/plugin-daprise-common';

const CATALOG_PAGE_SIZE = 500;
/** How often the catalog is asked while it has answered nothing yet after start-up. */
const WARM_UP_INTERVAL_MS = 3_000;
/** How long after start-up an empty answer still counts as the catalog warming up. */
const WARM_UP_MS = 5 * 60_000;
const REFRESH_TASK_ID = 'daprise-catalog-apps-refresh';

/**
 * `promise`, or the signal's reason once it aborts first. The catalog service takes no signal:
 * its request runs on, but its answer is dropped, so nothing is written after a stop.
 */
function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A catalog entity that declares a Dapr app-id. */
export interface CatalogApp extends EntityDaprRef {
  entityRef: string;
  owner?: string;
}

/**
 * The catalog's entities with a `dapr.io/app-id`, refreshed periodically, so that fleet
 * rows name their entity and owner without a catalog call per row.
 */
export class CatalogApps {
  private byAppId = new Map<string, CatalogApp[]>();
  private byEntityRef = new Map<string, CatalogApp>();
  private lastSignature?: string;
  private readonly stopped = new AbortController();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      scheduler: SchedulerService;
      refreshIntervalMs?: number;
      onChange?: (apps: CatalogApp[]) => void;
    },
  ) {}

  /** Schedules the refresh (first run right away) until `stop()`. */
  async start(): Promise<void> {
    const started = Date.now();
    const intervalMs = this.options.refreshIntervalMs ?? 30_000;
    let lastRefreshEndedAt: number | undefined;
    // Right after start-up the catalog is often still processing its locations: while it
    // has answered nothing, it is asked every 3 s, later every 30 s. The scheduler runs at
    // a fixed frequency, so the task runs at the short one and skips until a refresh is due.
    await this.options.scheduler.scheduleTask({
      id: REFRESH_TASK_ID,
      // Each backend instance keeps its own map in memory: every instance refreshes.
      scope: 'local',
      frequency: { milliseconds: WARM_UP_INTERVAL_MS },
      timeout: { minutes: 5 },
      signal: this.stopped.signal,
      fn: async taskSignal => {
        const warmingUp =
          this.byAppId.size === 0 && Date.now() - started < WARM_UP_MS;
        // Half a run early: the runs come every 3 s, and a refresh due at 30 s waits no 33.
        if (
          !warmingUp &&
          lastRefreshEndedAt !== undefined &&
          Date.now() - lastRefreshEndedAt < intervalMs - WARM_UP_INTERVAL_MS / 2
        )
          return;
        try {
          await this.refresh(taskSignal);
        } catch (e) {
          // Stopped, or the scheduler gave up on the run: not a failure of the catalog.
          if (this.stopped.signal.aborted || taskSignal.aborted) return;
          this.options.logger.warn(
            `Daprise: reading catalog entities failed: ${e}`,
          );
        } finally {
          lastRefreshEndedAt = Date.now();
        }
      },
    });
  }

  /** Learns an entity the API just read, so the fleet names it before the next refresh. */
  remember(entity: Entity) {
    const app = this.toCatalogApp(entity);
    if (!app) return;
    const others = (this.byAppId.get(app.appId) ?? []).filter(
      a => a.entityRef !== app.entityRef,
    );
    const known = this.byAppId
      .get(app.appId)
      ?.find(a => a.entityRef === app.entityRef);
    if (
      known &&
      known.owner === app.owner &&
      known.namespace === app.namespace &&
      known.cluster === app.cluster
    )
      return;
    this.byAppId.set(app.appId, [...others, app]);
    this.byEntityRef.set(app.entityRef, app);
    this.options.onChange?.([...this.byAppId.values()].flat());
  }

  private toCatalogApp(entity: Entity): CatalogApp | undefined {
    const ref = getEntityDaprRef(entity);
    if (!ref) return undefined;
    return {
      ...ref,
      entityRef: stringifyEntityRef(entity),
      owner:
        typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
    };
  }

  /**
   * Ends the scheduled refresh; a refresh under way rejects at once, and what the catalog
   * answers it later is dropped.
   */
  stop() {
    this.stopped.abort();
  }

  /** Reads the catalog's Dapr entities; rejects once `stop()` is called or `signal` aborts. */
  async refresh(signal?: AbortSignal): Promise<void> {
    const aborted = signal
      ? AbortSignal.any([this.stopped.signal, signal])
      : this.stopped.signal;
    // In pages, with a cursor: one query for every entity (5,000 in the benchmark) held
    // the event loop — the catalog's database read and serialization run in this process —
    // for long enough to show in the entity views' p99.
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.annotations',
      'spec.owner',
    ];
    const credentials = await unlessAborted(
      this.options.auth.getOwnServiceCredentials(),
      aborted,
    );
    const items: Entity[] = [];
    let page = await unlessAborted(
      this.options.catalog.queryEntities(
        {
          filter: {
            [`metadata.annotations.${DAPR_APP_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields,
          limit: CATALOG_PAGE_SIZE,
        },
        { credentials },
      ),
      aborted,
    );
    items.push(...page.items);
    while (page.pageInfo.nextCursor) {
      page = await unlessAborted(
        this.options.catalog.queryEntities(
          {
            cursor: page.pageInfo.nextCursor,
            fields,
            limit: CATALOG_PAGE_SIZE,
          },
          { credentials },
        ),
        aborted,
      );
      items.push(...page.items);
    }
    const next = new Map<string, CatalogApp[]>();
    const all: CatalogApp[] = [];
    for (const entity of items) {
      const app = this.toCatalogApp(entity);
      if (!app) continue;
      all.push(app);
      next.set(app.appId, [...(next.get(app.appId) ?? []), app]);
    }
    this.byAppId = next;
    this.byEntityRef = new Map(all.map(app => [app.entityRef, app]));
    // Only a real change may rebuild the index: a rebuild every refresh stalled the views
    // that arrived during it (about 170 ms at 5,000 apps in the benchmark).
    const signature = JSON.stringify(
      all
        .map(a => [a.entityRef, a.appId, a.namespace, a.cluster, a.owner])
        .sort(),
    );
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    this.options.onChange?.(all);
  }

  /** A catalog entity with a Dapr app-id, by its ref, as of the last refresh. */
  get(entityRef: string): CatalogApp | undefined {
    return this.byEntityRef.get(entityRef);
  }

  /** The entity for an app view: the most specific match of namespace and cluster. */
  lookup(key: AppKey): CatalogApp | undefined {
    const candidates = (this.byAppId.get(key.appId) ?? []).filter(
      app =>
        (!app.namespace || app.namespace === key.namespace) &&
        (!app.cluster || app.cluster === key.cluster),
    );
    const specificity = (app: CatalogApp) =>
      (app.namespace ? 2 : 0) + (app.cluster ? 1 : 0);
    return candidates.sort((a, b) => specificity(b) - specificity(a))[0];
  }
}
