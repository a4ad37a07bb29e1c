import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogApps } from './catalogApps';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'dapr.io/app-id': name },
  },
  spec: { owner: 'group:default/team-shop' },
});

/** A catalog whose answer the test sets, counting the questions. */
function fakeCatalog() {
  const state = { items: [] as Entity[], queries: 0 };
  const catalog = {
    queryEntities: async () => {
      state.queries += 1;
      return {
        items: state.items,
        totalItems: state.items.length,
        pageInfo: {},
      };
    },
  } as unknown as CatalogService;
  return { catalog, state };
}

describe('CatalogApps', () => {
  afterEach(() => jest.useRealTimers());

  it('refreshes through the scheduler: every run while the catalog is empty, then every interval, until stopped', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    const scheduler = mockServices.scheduler.mock();
    const { catalog, state } = fakeCatalog();
    const changes: string[][] = [];
    const apps = new CatalogApps({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      scheduler,
      refreshIntervalMs: 30_000,
      onChange: all => changes.push(all.map(a => a.entityRef)),
    });
    await apps.start();

    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock
      .calls[0][0] as SchedulerServiceTaskScheduleDefinition & {
      id: string;
      fn: (signal: AbortSignal) => Promise<void>;
      signal?: AbortSignal;
    };
    expect(task).toMatchObject({
      id: 'daprise-catalog-apps-refresh',
      scope: 'local',
      frequency: { milliseconds: 3_000 },
    });
    const run = async (atMs: number) => {
      jest.setSystemTime(atMs);
      await task.fn(new AbortController().signal);
    };

    // Warming up: the catalog has answered nothing yet, so every run asks.
    await run(0);
    await run(3_000);
    expect(state.queries).toBe(2);
    state.items = [entity('orders')];
    await run(6_000);
    expect(state.queries).toBe(3);
    expect(changes).toEqual([[], ['component:default/orders']]);

    // Then once per interval.
    await run(9_000);
    await run(30_000);
    expect(state.queries).toBe(3);
    await run(36_000);
    expect(state.queries).toBe(4);

    expect(task.signal?.aborted).toBe(false);
    apps.stop();
    expect(task.signal?.aborted).toBe(true);
  });

  it('stops a refresh in flight: it settles at once and writes nothing the catalog answers later', async () => {
    let answer: (items: Entity[]) => void = () => {};
    let queries = 0;
    const catalog = {
      queryEntities: () => {
        queries += 1;
        return new Promise(resolve => {
          answer = items =>
            resolve({ items, totalItems: items.length, pageInfo: {} });
        });
      },
    } as unknown as CatalogService;
    const onChange = jest.fn();
    const apps = new CatalogApps({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      scheduler: mockServices.scheduler.mock(),
      onChange,
    });
    const refreshing = apps.refresh();
    const settled = refreshing.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise(resolve => setImmediate(resolve));
    expect(queries).toBe(1);

    apps.stop();
    // Settled without the catalog answering: no work waits on it.
    const pending = new Promise(resolve =>
      setImmediate(() => resolve('pending')),
    );
    await expect(Promise.race([settled, pending])).resolves.toBe('rejected');

    answer([entity('orders')]);
    await new Promise(resolve => setImmediate(resolve));
    expect(onChange).not.toHaveBeenCalled();
    expect(apps.get('component:default/orders')).toBeUndefined();
    expect(queries).toBe(1);
  });

  it("does not log a stopped run of the scheduler's task as a failure", async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const catalog = {
      queryEntities: () => new Promise(() => {}),
    } as unknown as CatalogService;
    const apps = new CatalogApps({
      catalog,
      auth: mockServices.auth(),
      logger,
      scheduler,
    });
    await apps.start();
    const task = scheduler.scheduleTask.mock.calls[0][0] as {
      fn: (signal: AbortSignal) => Promise<void>;
    };
    const run = task.fn(new AbortController().signal);
    await new Promise(resolve => setImmediate(resolve));
    apps.stop();
    await run;
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
