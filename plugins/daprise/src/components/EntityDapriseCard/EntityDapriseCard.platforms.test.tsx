import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { RawKubernetesObject } from '@daprise/plugin-daprise-common';
import { dapriseApiRef } from '../../api';
import {
  exampleAppViews,
  exampleClusterSnapshot,
  exampleEntityView,
  EXAMPLE_OBSERVED_AT,
  readExampleObjects,
} from '../../__testUtils__/exampleTopology';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { EntityDapriseCard } from './EntityDapriseCard';

// Today's kinds on the card: the example topology (examples/cluster) holds a GRPCRoute to the
// inventory sidecar app through the gateway's Dapr Shared, and an MCPServer and a
// WorkflowAccessPolicy of orders; the other kinds are added to it here.

const GATEWAY_API = 'gateway.networking.k8s.io/v1';

function entity(appId: string, namespace: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: appId,
      namespace: 'default',
      annotations: {
        'dapr.io/app-id': appId,
        'backstage.io/kubernetes-namespace': namespace,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  };
}

/** Renders the card of `appId` for the example topology plus `extra` objects; returns its section. */
async function renderCard(
  appId: string,
  namespace: string,
  extra: RawKubernetesObject[] = [],
) {
  const apps = exampleAppViews(
    {
      clusters: [
        exampleClusterSnapshot('prod', [...readExampleObjects(), ...extra]),
      ],
      observedAt: EXAMPLE_OBSERVED_AT,
    },
    appId,
  );
  const api = mockDapriseApi({
    getEntityView: jest.fn(async () =>
      exampleEntityView({
        entityRef: `component:default/${appId}`,
        daprRef: { appId, namespace },
        apps,
      }),
    ),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <EntityProvider entity={entity(appId, namespace)}>
        <EntityDapriseCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return screen.findByRole('region', { name: `prod/${namespace}` });
}

/** Cilium's status for a route every parent accepted. */
function accepted(parentRef: Record<string, unknown>) {
  return {
    parents: [
      {
        parentRef: { group: 'gateway.networking.k8s.io', ...parentRef },
        controllerName: 'io.cilium/gateway-controller',
        conditions: [
          { type: 'Accepted', status: 'True', reason: 'Accepted' },
          { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' },
        ],
      },
    ],
  };
}

const publicGateway = {
  kind: 'Gateway',
  name: 'public',
  namespace: 'infra',
  sectionName: 'http',
};

describe('EntityDapriseCard with the Gateway API and Dapr kinds of today', () => {
  it('shows a GRPCRoute with its service and method matches and the hop that sets dapr-app-id', async () => {
    const reindex: RawKubernetesObject = {
      apiVersion: GATEWAY_API,
      kind: 'GRPCRoute',
      metadata: { name: 'inventory-admin', namespace: 'infra' },
      spec: {
        parentRefs: [publicGateway],
        hostnames: ['inventory.shop.example.com'],
        rules: [
          {
            matches: [
              {
                method: { service: 'inventory.v1.Admin', method: 'Reindex' },
              },
            ],
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: {
                  set: [{ name: 'dapr-app-id', value: 'inventory.shop' }],
                },
              },
            ],
            backendRefs: [{ name: 'gateway-dapr', port: 50001 }],
          },
        ],
      },
      status: accepted(publicGateway),
    };
    const section = await renderCard('inventory', 'shop', [reindex]);

    const routes = within(section).getByRole('region', {
      name: 'Gateway routes (2)',
    });
    expect(routes).toHaveTextContent('GRPCRoute infra/inventory');
    expect(routes).toHaveTextContent(
      'Methodsinventory.v1.Inventory/* → inventory (shop)',
    );
    expect(routes).toHaveTextContent('GRPCRoute infra/inventory-admin');
    expect(routes).toHaveTextContent(
      'Methodsinventory.v1.Admin/Reindex → inventory (shop)',
    );
    expect(routes).toHaveTextContent(
      'Reaches the appthrough the daprd of gateway (infra), which invokes inventory (header)',
    );
    expect(routes).toHaveTextContent('Hostnamesinventory.shop.example.com');
    expect(routes).not.toHaveTextContent('HTTPRoute');
    const map = within(routes).getByRole('img', { name: /^Route inventory: / });
    expect(map).toHaveAccessibleName(
      expect.stringMatching(
        /^Route inventory: Gateway infra\/public \(ok: .*\) -> Dapr Shared gateway \(infra\) \(ok: Invokes inventory by header; .*\) -> .*inventory.* \(ok: .*\)/,
      ),
    );
    expect(
      within(map)
        .getAllByTestId('route-hop')
        .map(hop => hop.dataset.role),
    ).toEqual(['gateway', 'via-dapr', 'target-dapr', 'app']);
    // The reference topology's gRPC route passes every rule; the admin route's service is
    // not one the gateway's L7 policy lets through (only inventory.v1.Inventory).
    const findings = within(section).getByRole('region', {
      name: /^Findings \(1\)/,
    });
    expect(findings).toHaveTextContent(
      'route-hop-blocked · GRPCRoute infra/inventory-admin',
    );
  });

  it("lists the routes that enter through the gateway app's Dapr Shared on the gateway's card", async () => {
    const section = await renderCard('gateway', 'infra');

    expect(
      within(section).getByRole('region', { name: 'Gateway routes (0)' }),
    ).toHaveTextContent('No Gateway API route reaches app-id gateway');
    const through = within(section).getByRole('region', {
      name: 'Routes through this Dapr Shared (2)',
    });
    expect(through).toHaveTextContent('HTTPRoute infra/orders');
    expect(through).toHaveTextContent('Paths/orders → orders (shop)');
    expect(through).toHaveTextContent('GRPCRoute infra/inventory');
    expect(through).toHaveTextContent(
      'Methodsinventory.v1.Inventory/* → inventory (shop)',
    );
  });

  it("shows TLS, TCP and UDP routes that reach the app's Service, around Dapr", async () => {
    const l4 = (kind: string, name: string, port: number) => ({
      apiVersion:
        kind === 'TLSRoute'
          ? GATEWAY_API
          : 'gateway.networking.k8s.io/v1alpha2',
      kind,
      metadata: { name, namespace: 'shop' },
      spec: {
        parentRefs: [{ kind: 'Gateway', name: 'public', namespace: 'infra' }],
        ...(kind === 'TLSRoute'
          ? { hostnames: ['orders-db.shop.example.com'] }
          : {}),
        rules: [{ backendRefs: [{ name: 'orders', port }] }],
      },
    });
    const section = await renderCard('orders', 'shop', [
      l4('TLSRoute', 'orders-tls', 8080),
      l4('TCPRoute', 'orders-tcp', 8080),
      l4('UDPRoute', 'orders-udp', 8080),
    ]);

    const routes = within(section).getByRole('region', {
      name: 'Gateway routes (4)',
    });
    expect(routes).toHaveTextContent('TLSRoute shop/orders-tls');
    expect(routes).toHaveTextContent(
      'Trafficevery TLS connection for its hostnames → orders (shop)',
    );
    expect(routes).toHaveTextContent('Hostnamesorders-db.shop.example.com');
    expect(routes).toHaveTextContent('TCPRoute shop/orders-tcp');
    expect(routes).toHaveTextContent('UDPRoute shop/orders-udp');
    expect(routes).toHaveTextContent(
      'Trafficevery connection to the listener → orders (shop)',
    );
    expect(routes).toHaveTextContent(
      'Reaches the appstraight to Service shop/orders, bypassing Dapr',
    );
    for (const name of ['orders-tls', 'orders-tcp', 'orders-udp'])
      expect(
        within(routes)
          .getByRole('img', { name: new RegExp(`^Route ${name}: `) })
          .querySelector('[data-role="app-service"]'),
      ).not.toBeNull();
  });

  it('shows the chain route → ListenerSet → Gateway', async () => {
    const listenerSet: RawKubernetesObject = {
      apiVersion: GATEWAY_API,
      kind: 'ListenerSet',
      metadata: { name: 'team-shop', namespace: 'infra' },
      spec: {
        parentRef: { name: 'public', namespace: 'infra' },
        listeners: [
          {
            name: 'orders-admin',
            port: 80,
            protocol: 'HTTP',
            hostname: 'orders-admin.shop.example.com',
          },
        ],
      },
    };
    const viaListenerSet = {
      kind: 'ListenerSet',
      name: 'team-shop',
      sectionName: 'orders-admin',
    };
    const route: RawKubernetesObject = {
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata: { name: 'orders-admin', namespace: 'infra' },
      spec: {
        parentRefs: [viaListenerSet],
        hostnames: ['orders-admin.shop.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
            filters: [
              {
                type: 'URLRewrite',
                urlRewrite: {
                  path: {
                    type: 'ReplacePrefixMatch',
                    replacePrefixMatch: '/v1.0/invoke/orders.shop/method/admin',
                  },
                },
              },
            ],
            backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
          },
        ],
      },
      status: accepted(viaListenerSet),
    };
    const section = await renderCard('orders', 'shop', [listenerSet, route]);

    const routes = within(section).getByRole('region', {
      name: 'Gateway routes (2)',
    });
    expect(routes).toHaveTextContent(
      'GatewayListenerSet infra/team-shop (listener orders-admin) → Gateway infra/public',
    );
    const map = within(routes).getByRole('img', {
      name: /^Route orders-admin: /,
    });
    expect(map).toHaveAccessibleName(
      expect.stringMatching(
        /^Route orders-admin: ListenerSet infra\/team-shop → Gateway infra\/public \(ok: /,
      ),
    );
  });

  it('shows a BackendTLSPolicy on the hop whose connection it secures', async () => {
    const policy: RawKubernetesObject = {
      apiVersion: GATEWAY_API,
      kind: 'BackendTLSPolicy',
      metadata: { name: 'gateway-dapr-tls', namespace: 'infra' },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'gateway-dapr' }],
        validation: {
          hostname: 'gateway-dapr.infra.svc',
          caCertificateRefs: [
            { group: '', kind: 'ConfigMap', name: 'dapr-trust-bundle' },
          ],
        },
      },
    };
    const section = await renderCard('orders', 'shop', [policy]);

    const routes = within(section).getByRole('region', {
      name: 'Gateway routes (1)',
    });
    expect(routes).toHaveTextContent(
      'Backend TLSBackendTLSPolicy infra/gateway-dapr-tls: the Gateway speaks TLS to Service infra/gateway-dapr and checks its certificate for gateway-dapr.infra.svc',
    );
    const hops = within(routes).getAllByTestId('route-hop');
    expect(
      hops.map(hop => [
        hop.dataset.role,
        within(hop).queryByTestId('route-hop-tls')?.textContent ?? null,
      ]),
    ).toEqual([
      ['gateway', null],
      ['via-dapr', 'TLS by BackendTLSPolicy gateway-dapr-tls'],
      ['target-dapr', null],
      ['app', null],
    ]);
  });

  it('shows the MCP servers and the WorkflowAccessPolicies of the app, and no such sections for an app without them', async () => {
    const section = await renderCard('orders', 'shop');

    const mcp = within(section).getByRole('region', {
      name: 'MCP servers (1)',
    });
    const server = within(mcp).getByLabelText('MCPServer catalog-tools');
    expect(server).toHaveTextContent(
      'MCPServer shop/catalog-tools · Product catalog tools',
    );
    expect(server).toHaveTextContent('TransportStreamable HTTP');
    expect(server).toHaveTextContent(
      'URLhttp://catalog-mcp.shop.svc.cluster.local:8080/mcp',
    );
    expect(server).toHaveTextContent(
      'HeadersAuthorization (secret catalog-mcp/bearer)',
    );
    expect(server).toHaveTextContent('Ownerteam-catalog');
    expect(within(server).getByText('scoped')).toBeInTheDocument();

    const workflows = within(section).getByRole('region', {
      name: 'Workflow access policies (1)',
    });
    expect(workflows).toHaveTextContent(
      'WorkflowAccessPolicy shop/orders-workflow-callers',
    );
    expect(within(workflows).getByRole('listitem')).toHaveTextContent(
      'inventory → workflow RestockOrder (schedule), activity ReserveItems',
    );
  });

  it('shows no MCP or workflow section for an app that has none', async () => {
    const section = await renderCard('inventory', 'shop');
    expect(
      within(section).queryByRole('region', { name: /^MCP servers/ }),
    ).not.toBeInTheDocument();
    expect(
      within(section).queryByRole('region', {
        name: /^Workflow access policies/,
      }),
    ).not.toBeInTheDocument();
  });
});
