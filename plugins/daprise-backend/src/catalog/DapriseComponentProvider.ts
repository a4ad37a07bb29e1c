import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { z } from 'zod';
import { DAPRISE_INDEX_TOPIC } from './topics';

const PROVIDER_NAME = 'daprise-components';
/** Index changes come in bursts (a rollout, a relist): one delta per burst. */
const DELTA_DELAY_MS = 2_000;

// What arrives from the Daprise plugin is checked like any other input: an entity the
// catalog would reject is better refused here, with the field named, than half-applied.
const entitiesResponseSchema = z.object({
  indexVersion: z.number().int(),
  entities: z.array(
    z
      .object({
        apiVersion: z.literal('backstage.io/v1alpha1'),
        kind: z.literal('Resource'),
        metadata: z
          .object({ name: z.string().min(1), namespace: z.string() })
          .passthrough(),
        spec: z.object({ type: z.string(), owner: z.string() }).passthrough(),
      })
      .passthrough(),
  ),
});

/**
 * Emits a `Resource` entity per Dapr Component of the fleet (see `daprComponentEntities`):
 * a full sync on the scheduler's schedule, and a delta soon after each index change that
 * the Daprise plugin announces on the events service.
 */
export class DapriseComponentProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** What the catalog holds from this provider, by entity ref, as JSON. */
  private emitted?: Map<string, string>;
  private deltaTimer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      schedule: SchedulerServiceTaskRunner;
      events?: EventsService;
    },
  ) {}

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.schedule.run({
      id: `${PROVIDER_NAME}:full-sync`,
      fn: () => this.sync('full'),
    });
    await this.options.events?.subscribe({
      id: PROVIDER_NAME,
      topics: [DAPRISE_INDEX_TOPIC],
      onEvent: async () => this.scheduleDelta(),
    });
  }

  /** Stops the delayed delta (the scheduled full sync ends with the scheduler). */
  stop() {
    this.stopped = true;
    clearTimeout(this.deltaTimer);
  }

  private scheduleDelta() {
    if (this.deltaTimer || this.stopped) return;
    this.deltaTimer = setTimeout(() => {
      this.deltaTimer = undefined;
      this.sync('delta').catch(error =>
        this.options.logger.warn(
          `Daprise: the Dapr Component entities were not updated: ${error}`,
        ),
      );
    }, DELTA_DELAY_MS);
  }

  /** One sync at a time: a delta computed against a full sync still running would be wrong. */
  sync(type: 'full' | 'delta'): Promise<void> {
    const next = this.running.then(() => this.syncNow(type));
    this.running = next.catch(() => {});
    return next;
  }

  private async syncNow(type: 'full' | 'delta'): Promise<void> {
    const connection = this.connection;
    if (!connection || this.stopped) return;
    const entities = await this.fetchEntities();
    if (!entities) return;
    const locationKey = PROVIDER_NAME;
    const now = new Map(
      entities.map(entity => [
        stringifyEntityRef(entity),
        JSON.stringify(entity),
      ]),
    );
    if (type === 'full' || !this.emitted) {
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey })),
      });
    } else {
      const before = this.emitted;
      const added = entities.filter(
        entity =>
          before.get(stringifyEntityRef(entity)) !==
          now.get(stringifyEntityRef(entity)),
      );
      const removed = [...before.keys()]
        .filter(ref => !now.has(ref))
        .map(entityRef => ({ entityRef, locationKey }));
      if (added.length || removed.length)
        await connection.applyMutation({
          type: 'delta',
          added: added.map(entity => ({ entity, locationKey })),
          removed,
        });
    }
    this.emitted = now;
  }

  /** The entities from the Daprise plugin; undefined while it has no index yet. */
  private async fetchEntities(): Promise<Entity[] | undefined> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('daprise');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'daprise',
    });
    const response = await fetch(`${baseUrl}/catalog/entities`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status === 503) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const parsed = entitiesResponseSchema.safeParse(await response.json());
    if (!parsed.success)
      throw new Error(
        `Daprise: unexpected answer from /catalog/entities at ${parsed.error.issues[0]?.path.join(
          '.',
        )}: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data.entities as Entity[];
  }
}
