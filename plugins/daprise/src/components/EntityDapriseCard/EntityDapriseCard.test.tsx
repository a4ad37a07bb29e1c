import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { dapriseApiRef, type EntityDapriseView } from '../../api';
import {
  exampleAppViews,
  exampleClusterSnapshot,
  exampleEntityView,
  exampleObjectFindings,
  EXAMPLE_OBSERVED_AT,
  PLAINTEXT_PASSWORD,
  readExampleObjectsWithFindings,
} from '../../__testUtils__/exampleTopology';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { rulesRouteRef } from '../../routes';
import { EntityDapriseCard } from './EntityDapriseCard';

const ordersEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      'dapr.io/app-id': 'orders',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
};

function render(api: ReturnType<typeof mockDapriseApi>, entity = ordersEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityDapriseCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

/** The view of the example topology in cluster `staging`, where the rules find problems. */
function stagingApps() {
  return exampleAppViews({
    clusters: [
      exampleClusterSnapshot('staging', readExampleObjectsWithFindings()),
    ],
    observedAt: EXAMPLE_OBSERVED_AT,
  });
}

afterEach(() => jest.restoreAllMocks());

describe('EntityDapriseCard', () => {
  it('says how fresh the index is, not when a view that did not change was last judged', async () => {
    // The index reuses an app's view while nothing it shows changes, so the view's own
    // observedAt can be much older than the index the response comes from.
    jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.parse(EXAMPLE_OBSERVED_AT) + 5_000);
    const view = exampleEntityView();
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => ({
        ...view,
        apps: view.apps.map(app => ({
          ...app,
          observedAt: new Date(
            Date.parse(EXAMPLE_OBSERVED_AT) - 3_600_000,
          ).toISOString(),
        })),
      })),
    });
    await render(api);
    const section = await screen.findByRole('region', { name: 'prod/shop' });
    expect(within(section).getByText('observed 5 s ago')).toBeInTheDocument();
  });

  it('shows the example topology: Dapr Shared, components, routes with status, findings', async () => {
    jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.parse(EXAMPLE_OBSERVED_AT) + 5_000);
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView()),
    });
    await render(api);

    const section = await screen.findByRole('region', { name: 'prod/shop' });
    expect(screen.getByRole('heading', { name: 'Dapr' })).toBeInTheDocument();
    expect(api.getEntityView).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'orders' },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(within(section).getByText('observed 5 s ago')).toBeInTheDocument();

    // The Dapr Shared instance.
    const runtime = within(section).getByRole('region', {
      name: 'Dapr runtime',
    });
    expect(runtime).toHaveTextContent(
      'Dapr Shared · DaemonSet shop/orders-dapr-shared-chart',
    );
    expect(runtime).toHaveTextContent('StrategyDaemonSet (one daprd per node)');
    expect(runtime).toHaveTextContent('Ready3/3 ready');
    expect(runtime).toHaveTextContent('daprd1.16.0');
    expect(runtime).toHaveTextContent('mTLSon');
    expect(runtime).toHaveTextContent('Configurationorders-config');
    expect(runtime).toHaveTextContent(
      'App channelorders.shop.svc.cluster.local:8080',
    );
    expect(runtime).toHaveTextContent('Made bydapr-shared Helm chart');

    // The components in scope, secret references by name only.
    const components = within(section).getByRole('table', {
      name: 'Components of orders in prod/shop',
    });
    const rows = within(components).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      expect.stringContaining('orders-pubsubpubsub.redis v1scoped'),
      expect.stringContaining('orders-statestate.redis v1scoped'),
    ]);
    expect(
      within(rows[1]).getByText('redis/redis-password'),
    ).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('from secret store kubernetes');
    // Literal metadata values are not shown at all.
    expect(section).not.toHaveTextContent(
      'redis-master.shop.svc.cluster.local',
    );

    // The route, its parent's conditions, and the route map.
    const routes = within(section).getByRole('region', {
      name: 'Gateway routes (1)',
    });
    expect(routes).toHaveTextContent('HTTPRoute infra/orders');
    expect(routes).toHaveTextContent(
      'GatewayGateway infra/public (listener http)',
    );
    expect(routes).toHaveTextContent('Hostnamesorders.shop.example.com');
    expect(routes).toHaveTextContent('Paths/orders → orders (shop)');
    expect(within(routes).getByText('Accepted: True')).toBeInTheDocument();
    expect(within(routes).getByText('ResolvedRefs: True')).toBeInTheDocument();
    expect(
      within(routes).getByRole('img', {
        name: /^Route orders: Gateway infra\/public \(ok: .*\) -> Dapr Shared gateway \(infra\) \(ok: .*\) -> Dapr Shared orders \(shop\) \(ok: .*\) -> Deployment shop\/orders \(ok: .*\)$/,
      }),
    ).toBeInTheDocument();

    // No finding for the reference topology.
    expect(
      within(section).getByRole('region', { name: 'Findings (0) · score 100' }),
    ).toHaveTextContent('Every governance rule passes.');
    // The gateway's Dapr Shared, a hop of the orders route, runs a single replica.
    const objectFindings = screen.getByRole('region', {
      name: 'Object findings (1)',
    });
    expect(objectFindings).toHaveTextContent(
      'Dapr Shared Deployment infra/gateway-dapr-shared-chart runs a single replica',
    );
    expect(objectFindings).toHaveTextContent('dapr-shared-single-replica');
  });

  it('shows the object findings of the objects in its view, each linked to its rule', async () => {
    const snapshot = {
      clusters: [
        exampleClusterSnapshot('staging', readExampleObjectsWithFindings()),
      ],
      observedAt: EXAMPLE_OBSERVED_AT,
    };
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () =>
        exampleEntityView({
          apps: stagingApps(),
          objectFindings: exampleObjectFindings(snapshot),
          clusters: [{ name: 'staging', stale: false }],
        }),
      ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[dapriseApiRef, api]]}>
        <EntityProvider entity={ordersEntity}>
          <EntityDapriseCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/daprise/rules': rulesRouteRef } },
    );

    const findings = await screen.findByRole('region', {
      name: /^Object findings \(\d+\)$/,
    });
    // The plaintext password of orders-state, judged as an object: a Component of orders' view.
    const item = within(findings)
      .getAllByRole('listitem')
      .find(li => li.textContent?.includes('Component shop/orders-state'));
    expect(item).toHaveTextContent('component-plaintext-secret');
    expect(item).toHaveTextContent('spec.metadata[name=redisPassword].value');
    expect(item).toHaveTextContent(/Fix: /);
    expect(
      within(item!).getByRole('link', { name: 'component-plaintext-secret' }),
    ).toHaveAttribute('href', '/daprise/rules#component-plaintext-secret');
    expect(document.body).not.toHaveTextContent(PLAINTEXT_PASSWORD);
  });

  it('shows findings with severity and remediation, and never a secret value', async () => {
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () =>
        exampleEntityView({
          apps: stagingApps(),
          clusters: [{ name: 'staging', stale: false }],
        }),
      ),
    });
    await render(api);

    const section = await screen.findByRole('region', { name: 'staging/shop' });
    const findings = within(section).getByRole('region', {
      name: /^Findings \(3\) · score \d+$/,
    });
    const items = within(findings).getAllByRole('listitem');
    expect(
      items.map(
        item =>
          within(item).getByText(/^(critical|high|medium|low|info)$/)
            .textContent,
      ),
    ).toEqual(['high', 'high', 'medium']);
    expect(findings).toHaveTextContent('component-plaintext-secret');
    expect(findings).toHaveTextContent('component-unscoped');
    expect(findings).toHaveTextContent('dapr-shared-mtls-disabled');
    expect(findings).toHaveTextContent(/Fix: /);

    const components = within(section).getByRole('table', {
      name: 'Components of orders in staging/shop',
    });
    expect(within(components).getByText('not scoped')).toBeInTheDocument();
    expect(
      within(components).getByText('plain-text secret: redisPassword'),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(PLAINTEXT_PASSWORD);

    const runtime = within(section).getByRole('region', {
      name: 'Dapr runtime',
    });
    expect(runtime).toHaveTextContent('mTLSoff');
    expect(runtime).toHaveTextContent('Ready1/3 ready');
    const map = within(section).getByRole('img', { name: /^Route orders/ });
    expect(map).toHaveAccessibleName(
      expect.stringContaining(
        'Dapr Shared orders (shop) (error: mTLS is on for gateway but off for orders: daprd-to-daprd calls fail)',
      ),
    );
  });

  it('shows the annotation to add when the entity has no app-id', async () => {
    const api = mockDapriseApi();
    await render(api, {
      ...ordersEntity,
      metadata: { name: 'legacy', namespace: 'default' },
    });

    expect(screen.getByRole('heading', { name: 'Dapr' })).toBeInTheDocument();
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.getAllByText(/dapr\.io\/app-id/).length).toBeGreaterThan(0);
    expect(api.getEntityView).not.toHaveBeenCalled();
  });

  it('keeps the other clusters visible when one cluster fails', async () => {
    const [prodOrders] = exampleAppViews();
    const staleOrders = { ...stagingApps()[0], stale: true };
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () =>
        exampleEntityView({
          apps: [staleOrders, prodOrders],
          clusters: [
            { name: 'prod', stale: false },
            {
              name: 'staging',
              stale: true,
              reason: 'Unreachable',
              lastSyncAt: EXAMPLE_OBSERVED_AT,
            },
            { name: 'edge', stale: true, reason: 'Unauthorized' },
          ],
        }),
      ),
    });
    await render(api);

    const prod = await screen.findByRole('region', { name: 'prod/shop' });
    expect(within(prod).queryByText('stale')).not.toBeInTheDocument();
    expect(
      within(prod).getByRole('img', { name: /^Route orders/ }),
    ).toBeInTheDocument();

    const staging = screen.getByRole('region', { name: 'staging/shop' });
    expect(within(staging).getByText('stale')).toBeInTheDocument();
    expect(within(staging).getByRole('alert')).toHaveTextContent(
      'Cluster staging cannot be read: Unreachable. This is the last known state',
    );
    // Its last known state is still shown.
    expect(
      within(staging).getByRole('region', { name: 'Dapr runtime' }),
    ).toBeInTheDocument();

    const edge = screen.getByRole('region', { name: 'edge' });
    expect(within(edge).getByRole('alert')).toHaveTextContent(
      'Cluster edge cannot be read: Unauthorized.',
    );
  });

  it('shows progress while loading', async () => {
    const api = mockDapriseApi({
      getEntityView: jest.fn(() => new Promise<EntityDapriseView>(() => {})),
    });
    await render(api);

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('says which permission is missing when the backend answers 403', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'no' },
        request: { method: 'GET', url: '/entity/default/component/orders' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => {
        throw error;
      }),
    });
    await render(api);

    expect(await screen.findByText('Permission required')).toBeInTheDocument();
    expect(screen.getByText('daprise.entity.read')).toBeInTheDocument();
  });

  it('shows a change without a reload, through the long poll', async () => {
    const first = exampleEntityView({ indexVersion: 7 });
    const second = exampleEntityView({ apps: stagingApps(), indexVersion: 8 });
    let announceChange: (change: { indexVersion: number }) => void = () => {};
    const api = mockDapriseApi({
      getEntityView: jest
        .fn()
        .mockResolvedValueOnce(first)
        .mockResolvedValueOnce(second),
      waitForChanges: jest
        .fn()
        .mockImplementationOnce(
          () => new Promise(resolve => (announceChange = resolve)),
        )
        .mockImplementation(() => new Promise(() => {})),
    });
    await render(api);

    await screen.findByRole('region', { name: 'prod/shop' });
    await waitFor(() =>
      expect(api.waitForChanges).toHaveBeenCalledWith(7, expect.anything()),
    );

    announceChange({ indexVersion: 8 });

    expect(
      await screen.findByRole('region', { name: 'staging/shop' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'prod/shop' }),
    ).not.toBeInTheDocument();
    expect(api.getEntityView).toHaveBeenCalledTimes(2);
    await waitFor(() =>
      expect(api.waitForChanges).toHaveBeenLastCalledWith(8, expect.anything()),
    );
  });

  it('keeps the last state on screen when a refresh fails', async () => {
    let announceChange: (change: { indexVersion: number }) => void = () => {};
    const api = mockDapriseApi({
      getEntityView: jest
        .fn()
        .mockResolvedValueOnce(exampleEntityView())
        .mockRejectedValueOnce(new Error('502 Bad Gateway')),
      waitForChanges: jest
        .fn()
        .mockImplementationOnce(
          () => new Promise(resolve => (announceChange = resolve)),
        )
        .mockImplementation(() => new Promise(() => {})),
    });
    await render(api);
    await screen.findByRole('region', { name: 'prod/shop' });
    await waitFor(() => expect(api.waitForChanges).toHaveBeenCalled());

    announceChange({ indexVersion: 8 });

    expect(
      await screen.findByText(/Could not refresh \(502 Bad Gateway\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'prod/shop' }),
    ).toBeInTheDocument();
  });
});
