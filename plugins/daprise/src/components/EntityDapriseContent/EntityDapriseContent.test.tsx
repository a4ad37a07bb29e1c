import type { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { dapriseApiRef } from '../../api';
import {
  exampleAppViews,
  exampleClusterSnapshot,
  exampleEntityView,
  EXAMPLE_OBSERVED_AT,
  PLAINTEXT_PASSWORD,
  readExampleObjectsWithFindings,
} from '../../__testUtils__/exampleTopology';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { EntityDapriseCard } from '../EntityDapriseCard';
import { EntityDapriseContent } from './EntityDapriseContent';

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

function render(element: JSX.Element, api: ReturnType<typeof mockDapriseApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <EntityProvider entity={ordersEntity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityDapriseContent (the Dapr tab)', () => {
  it('shows what the card shows, and each component’s metadata and the network policies', async () => {
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView()),
    });
    await render(<EntityDapriseContent />, api);

    const section = await screen.findByRole('region', { name: 'prod/shop' });
    // The card's parts: runtime, routes with their route maps, findings.
    expect(
      within(section).getByRole('region', { name: 'Dapr runtime' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('img', { name: /Route .*orders/ }).length,
    ).toBeGreaterThan(0);

    // Metadata: literal values Daprise keeps, secret references by name.
    const state = screen.getByRole('table', {
      name: 'Metadata of component orders-state',
    });
    expect(
      within(state).getByText('redisHost').closest('tr'),
    ).toHaveTextContent('redis-master.shop.svc.cluster.local:6379');
    expect(
      within(state).getByText('redisPassword').closest('tr'),
    ).toHaveTextContent('secret redis key redis-password');

    // The policies that select the app's and its Dapr Shared's pods.
    const policies = screen.getByRole('table', {
      name: 'Network policies of orders',
    });
    expect(policies).toHaveTextContent(
      'CiliumNetworkPolicy shop/orders-dapr-from-gateway-dapr',
    );
    expect(policies).toHaveTextContent(
      'CiliumNetworkPolicy shop/orders-from-orders-dapr',
    );
  });

  it('shows a plain-text secret as masked, never its value', async () => {
    const apps = exampleAppViews({
      clusters: [
        exampleClusterSnapshot('staging', readExampleObjectsWithFindings()),
      ],
      observedAt: EXAMPLE_OBSERVED_AT,
    });
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView({ apps })),
    });
    await render(<EntityDapriseContent />, api);

    const state = await screen.findByRole('table', {
      name: 'Metadata of component orders-state',
    });
    expect(
      within(state).getByText('redisPassword').closest('tr'),
    ).toHaveTextContent('masked');
    expect(document.body.textContent).not.toContain(PLAINTEXT_PASSWORD);
  });

  it('is linked from the card', async () => {
    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView()),
    });
    await render(<EntityDapriseCard />, api);
    await screen.findByRole('region', { name: 'prod/shop' });
    expect(
      screen.getByRole('link', { name: /Whole Dapr view/ }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/dapr');
  });
});
