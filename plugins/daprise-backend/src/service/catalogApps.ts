import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
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
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      refreshIntervalMs?: number;
      onChange?: (apps: CatalogApp[]) => void;
    },
  ) {}

  start() {
    const started = Date.now();
    const tick = () =>
      this.refresh()
        .catch(e =>
          this.options.logger.warn(
            `Daprise: reading catalog entities failed: ${e}`,
          ),
        )
        .finally(() => {
          // Right after start-up the catalog is often still processing its locations:
          // ask again soon until it has answered with something.
          const warmingUp =
            this.byAppId.size === 0 && Date.now() - started < 5 * 60_000;
          this.timer = setTimeout(
            tick,
            warmingUp ? 3_000 : this.options.refreshIntervalMs ?? 30_000,
          );
        });
    void tick();
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

  stop() {
    clearTimeout(this.timer);
  }

  async refresh(): Promise<void> {
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
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const items: Entity[] = [];
    let page = await this.options.catalog.queryEntities(
      {
        filter: {
          [`metadata.annotations.${DAPR_APP_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields,
        limit: CATALOG_PAGE_SIZE,
      },
      { credentials },
    );
    items.push(...page.items);
    while (page.pageInfo.nextCursor) {
      page = await this.options.catalog.queryEntities(
        { cursor: page.pageInfo.nextCursor, fields, limit: CATALOG_PAGE_SIZE },
        { credentials },
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
