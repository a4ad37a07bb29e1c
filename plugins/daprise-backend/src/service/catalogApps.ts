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
    const tick = () =>
      this.refresh()
        .catch(e => this.options.logger.warn(`Daprise: reading catalog entities failed: ${e}`))
        .finally(() => {
          this.timer = setTimeout(tick, this.options.refreshIntervalMs ?? 30_000);
        });
    void tick();
  }

  stop() {
    clearTimeout(this.timer);
  }

  async refresh(): Promise<void> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { [`metadata.annotations.${DAPR_APP_ID_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations', 'spec.owner'],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const next = new Map<string, CatalogApp[]>();
    const all: CatalogApp[] = [];
    for (const entity of items as Entity[]) {
      const ref = getEntityDaprRef(entity);
      if (!ref) continue;
      const app: CatalogApp = {
        ...ref,
        entityRef: stringifyEntityRef(entity),
        owner: typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
      };
      all.push(app);
      next.set(ref.appId, [...(next.get(ref.appId) ?? []), app]);
    }
    this.byAppId = next;
    this.options.onChange?.(all);
  }

  /** The entity for an app view: the most specific match of namespace and cluster. */
  lookup(key: AppKey): CatalogApp | undefined {
    const candidates = (this.byAppId.get(key.appId) ?? []).filter(
      app => (!app.namespace || app.namespace === key.namespace) && (!app.cluster || app.cluster === key.cluster),
    );
    const specificity = (app: CatalogApp) => (app.namespace ? 2 : 0) + (app.cluster ? 1 : 0);
    return candidates.sort((a, b) => specificity(b) - specificity(a))[0];
  }
}
