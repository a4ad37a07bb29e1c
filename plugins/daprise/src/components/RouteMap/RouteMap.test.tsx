import { renderInTestApp } from '@backstage/test-utils';
import { lightTheme } from '@backstage/theme';
import { screen, within } from '@testing-library/react';
import type { RouteView } from '@daprise/plugin-daprise-common';
import {
  exampleAppViews,
  exampleClusterSnapshot,
  EXAMPLE_OBSERVED_AT,
  readExampleObjects,
} from '../../__testUtils__/exampleTopology';
import { RouteMap } from './RouteMap';

function ordersRoute(objects = readExampleObjects()): RouteView {
  const [orders] = exampleAppViews({
    clusters: [exampleClusterSnapshot('prod', objects)],
    observedAt: EXAMPLE_OBSERVED_AT,
  });
  return orders.routes[0];
}

describe('RouteMap', () => {
  it('draws Gateway -> gateway Dapr Shared -> app Dapr Shared -> app, all OK, for the example', async () => {
    await renderInTestApp(<RouteMap route={ordersRoute()} />);

    const map = screen.getByRole('img', { name: /^Route orders: / });
    expect(map).toHaveAccessibleName(
      'Route orders: Gateway infra/public (ok: Accepted; served by io.cilium/gateway-controller)' +
        ' -> Dapr Shared gateway (infra) (ok: Invokes orders by url-rewrite; 1/1 pods ready)' +
        ' -> Dapr Shared orders (shop) (ok: 3/3 pods ready)' +
        ' -> Deployment shop/orders (ok: 2/2 pods ready)',
    );
    const hops = within(map).getAllByTestId('route-hop');
    expect(hops.map(hop => hop.dataset.role)).toEqual([
      'gateway',
      'via-dapr',
      'target-dapr',
      'app',
    ]);
    for (const hop of hops) {
      expect(hop).toHaveAttribute('data-status', 'ok');
      // Not colour alone: every hop says its status in words.
      expect(within(hop).getByText('OK')).toBeInTheDocument();
      expect(hop).toHaveStyle({
        borderLeftColor: lightTheme.palette.success.main,
      });
    }
    expect(
      screen.queryByRole('list', { name: /Problems on route/ }),
    ).not.toBeInTheDocument();
  });

  it('marks the hop a Cilium policy blocks, naming the hop, the port and the policy', async () => {
    // Without the rule letting the gateway's daprd in, the orders daprd's policy denies it.
    const objects = readExampleObjects().filter(
      raw =>
        !(
          raw.kind === 'CiliumNetworkPolicy' &&
          raw.metadata?.name === 'orders-dapr-from-gateway-dapr'
        ),
    );
    await renderInTestApp(<RouteMap route={ordersRoute(objects)} />);

    const hops = within(screen.getByRole('img')).getAllByTestId('route-hop');
    expect(hops.map(hop => hop.dataset.status)).toEqual([
      'ok',
      'ok',
      'error',
      'ok',
    ]);
    const problems = screen.getByRole('list', { name: /Problems on route/ });
    expect(within(problems).getByRole('listitem')).toHaveTextContent(
      /Hop gateway daprd → app daprd .*port 50002\) is blocked: CiliumNetworkPolicy shop\/orders-dapr-from-orders-app/,
    );
  });

  it('colours and labels each hop by its own status, and spells out the reasons of the bad ones', async () => {
    // Nothing serves app-id gateway any more, and the orders Dapr Shared has 1 of 3 pods ready.
    const objects = readExampleObjects()
      .filter(raw => raw.metadata?.name !== 'gateway-dapr-shared-chart')
      .map(raw =>
        raw.kind === 'DaemonSet'
          ? { ...raw, status: { ...(raw.status as object), numberReady: 1 } }
          : raw,
      );
    await renderInTestApp(<RouteMap route={ordersRoute(objects)} />);

    const map = screen.getByRole('img', { name: /^Route orders: / });
    const [gateway, via, target, app] = within(map).getAllByTestId('route-hop');
    expect(gateway).toHaveAttribute('data-status', 'ok');
    expect(within(gateway).getByText('OK')).toBeInTheDocument();

    expect(via).toHaveAttribute('data-status', 'error');
    expect(within(via).getByText('Error')).toBeInTheDocument();
    expect(via).toHaveStyle({ borderLeftColor: lightTheme.palette.error.main });

    expect(target).toHaveAttribute('data-status', 'warning');
    expect(within(target).getByText('Warning')).toBeInTheDocument();
    expect(target).toHaveStyle({
      borderLeftColor: lightTheme.palette.warning.main,
    });

    expect(app).toHaveAttribute('data-status', 'ok');

    expect(map).toHaveAccessibleName(
      expect.stringContaining(
        'daprd gateway (infra) (error: No Dapr Shared instance or sidecar with app-id gateway in namespace infra)',
      ),
    );
    const problems = screen.getByRole('list', {
      name: 'Problems on route orders',
    });
    const items = within(problems).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'Invokes through daprd gateway (infra): error — No Dapr Shared instance or sidecar with app-id gateway in namespace infra',
    );
    expect(items[1]).toHaveTextContent(
      "App's daprd Dapr Shared orders (shop): warning — 1/3 pods ready",
    );
  });
});
