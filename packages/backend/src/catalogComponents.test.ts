import {
  createTestNamespace,
  kubeRequest,
  testControlPlane,
} from '@daprise/local-control-plane';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogModuleDapriseComponents } from '@daprise/plugin-daprise-backend';
import { startPortalBackend } from './__testUtils__/portalBackend';

jest.setTimeout(180_000);

const controlPlane = testControlPlane();

/** Until `check` gives a value (the catalog processes and stitches in the background). */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s ${last ?? ''}`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * The portal's catalog with Daprise's entity provider, on the example cluster: each Dapr
 * Component becomes a Resource that the apps loading it depend on.
 */
describe('Dapr Components in the catalog', () => {
  let portal: Awaited<ReturnType<typeof startPortalBackend>>;

  beforeAll(async () => {
    portal = await startPortalBackend({
      features: [
        catalogModuleDapriseComponents,
        // The real services: the test backend's mocks give each plugin events of its own
        // (the catalog would never hear Daprise) and never run scheduled tasks.
        eventsServiceFactory,
        schedulerServiceFactory,
      ],
      config: { daprise: { catalog: { components: { enabled: true } } } },
    });
  }, 200_000);

  afterAll(async () => {
    await portal?.backend.stop();
  });

  const guest = () => portal.as('user:default/guest');

  it('gives the orders component a dependsOn relation to each component in its scope', async () => {
    const resource = await eventually('the orders-state Resource', async () => {
      const res = await guest()(
        '/api/catalog/entities/by-name/resource/default/orders-state.shop.local',
      );
      return res.status === 200 ? res.body : undefined;
    });
    expect(resource).toMatchObject({
      metadata: {
        title: 'orders-state',
        labels: { 'dapr.io/component-type': 'state.redis' },
        annotations: {
          'daprise.io/cluster': 'local',
          'backstage.io/kubernetes-namespace': 'shop',
        },
      },
      spec: {
        type: 'dapr-component',
        owner: 'group:default/team-shop',
        dependencyOf: ['component:default/orders'],
      },
    });
    // No metadata item (names or values) reaches the catalog.
    expect(JSON.stringify(resource)).not.toContain('redisPassword');

    const orders = await eventually(
      'orders depends on its components',
      async () => {
        const res = await guest()(
          '/api/catalog/entities/by-name/component/default/orders',
        );
        const targets: string[] = (res.body.relations ?? [])
          .filter((r: { type: string }) => r.type === 'dependsOn')
          .map((r: { targetRef: string }) => r.targetRef);
        return targets.includes('resource:default/orders-pubsub.shop.local')
          ? targets
          : undefined;
      },
    );
    expect(orders).toEqual(
      expect.arrayContaining([
        'resource:default/orders-state.shop.local',
        'resource:default/orders-pubsub.shop.local',
      ]),
    );
  });

  it('follows the cluster: a new component appears, a deleted one goes', async () => {
    const kc = controlPlane.admin();
    const namespace = await createTestNamespace(kc, 'catalog-delta');
    const name = `audit-log.${namespace}.local`;
    const created = await kubeRequest(
      kc,
      'POST',
      `/apis/dapr.io/v1alpha1/namespaces/${namespace}/components`,
      {
        body: {
          apiVersion: 'dapr.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'audit-log', namespace },
          spec: { type: 'bindings.cron', version: 'v1', metadata: [] },
        },
      },
    );
    expect(created.status).toBe(201);
    // Within the delta's delay, not the full sync's 30 minutes.
    await eventually('the new Resource', async () => {
      const res = await guest()(
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      return res.status === 200 ? true : undefined;
    });
    const deleted = await kubeRequest(
      kc,
      'DELETE',
      `/apis/dapr.io/v1alpha1/namespaces/${namespace}/components/audit-log`,
    );
    expect(deleted.status).toBe(200);
    await eventually('the Resource removed', async () => {
      const res = await guest()(
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      return res.status === 404 ? true : undefined;
    });
  });

  it('serves its entities to plugins only, not to users', async () => {
    const res = await guest()('/api/daprise/catalog/entities');
    expect(res.status).toBe(403);
  });
});
