import {
  chartDaprShared,
  clusterSnapshot,
  daprService,
  fleet,
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  service,
  workload,
} from '../__testUtils__/fixtures';
import { buildAppIndex } from '../findings';
import type { RawKubernetesObject } from '../types';

const accepted = (parentRef: Record<string, unknown>) => ({
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
});

/** A GRPCRoute to `<via>-dapr:50001` that names the app to invoke in the `dapr-app-id` metadata. */
function grpcInvokeRoute(o: {
  name: string;
  target: string;
  via: string;
  port?: number;
  parentRef?: Record<string, unknown>;
}): RawKubernetesObject {
  const parentRef = o.parentRef ?? { kind: 'Gateway', name: 'cluster-gateway' };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: o.name, namespace: 'demo' },
    spec: {
      parentRefs: [parentRef],
      hostnames: ['grpc.example.com'],
      rules: [
        {
          matches: [{ method: { service: 'orders.v1.Orders' } }],
          filters: [
            {
              type: 'RequestHeaderModifier',
              requestHeaderModifier: {
                set: [{ name: 'dapr-app-id', value: o.target }],
              },
            },
          ],
          backendRefs: [{ name: `${o.via}-dapr`, port: o.port ?? 50001 }],
        },
      ],
    },
    status: accepted(parentRef),
  };
}

function topology(extra: RawKubernetesObject[]): RawKubernetesObject[] {
  return [
    gatewayClass(),
    gateway({ from: 'All' }),
    chartDaprShared({ appId: 'gateway' }),
    daprService('gateway'),
    chartDaprShared({
      appId: 'orders',
      remoteURL: 'orders-api.demo.svc.cluster.local',
      remotePort: 8080,
    }),
    daprService('orders'),
    workload({ name: 'orders-api', podLabels: { app: 'orders-api' } }),
    service({ name: 'orders-api', selector: { app: 'orders-api' } }),
    ...extra,
  ];
}

function viewsOf(objects: RawKubernetesObject[]) {
  return buildAppIndex(fleet(clusterSnapshot('prod', objects))).apps;
}

describe('routes of every kind', () => {
  it('lists the routes entering through the gateway app’s Dapr Shared on the gateway app’s view, and on the invoked app’s', () => {
    const apps = viewsOf(
      topology([
        httpRoute({
          name: 'orders',
          hostnames: ['orders.example.com'],
          rules: [invokeRule('/orders', 'orders', 'gateway')],
        }),
      ]),
    );
    const gatewayApp = apps.get('prod/demo/gateway')!;
    expect(
      gatewayApp.routesThrough.map(r => ({
        name: r.name,
        mode: r.mode,
        via: r.via?.appId,
        target: r.target.appId,
      })),
    ).toEqual([
      { name: 'orders', mode: 'via-dapr', via: 'gateway', target: 'orders' },
    ]);
    // The gateway app is not the route's target: the findings stay with the invoked app.
    expect(gatewayApp.routes).toEqual([]);
    const orders = apps.get('prod/demo/orders')!;
    expect(orders.routes.map(r => r.hops.map(h => h.role))).toEqual([
      ['gateway', 'via-dapr', 'target-dapr', 'app'],
    ]);
    expect(orders.routesThrough).toEqual([]);
  });

  it('attributes a GRPCRoute through the gateway’s Dapr Shared to the app its dapr-app-id metadata names', () => {
    const apps = viewsOf(
      topology([
        grpcInvokeRoute({
          name: 'orders-grpc',
          target: 'orders',
          via: 'gateway',
        }),
      ]),
    );
    const [route] = apps.get('prod/demo/orders')!.routes;
    expect(route).toMatchObject({
      id: 'GRPCRoute demo/orders-grpc#0.0',
      kind: 'GRPCRoute',
      mode: 'via-dapr',
      via: { appId: 'gateway', namespace: 'demo' },
      invoke: { appId: 'orders', by: 'header', value: 'orders' },
      matches: [
        {
          path: { type: 'PathPrefix', value: '/orders.v1.Orders/' },
          grpcMethod: { type: 'Exact', service: 'orders.v1.Orders' },
        },
      ],
    });
    expect(route.ref.kind).toBe('GRPCRoute');
    expect(route.hops.map(h => h.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(route.hops[1].reason).toMatch(/Invokes orders by header/);
    expect(apps.get('prod/demo/gateway')!.routesThrough.map(r => r.id)).toEqual(
      ['GRPCRoute demo/orders-grpc#0.0'],
    );
  });

  it('warns when a GRPCRoute reaches a daprd on another port than its gRPC API', () => {
    const apps = viewsOf(
      topology([
        grpcInvokeRoute({
          name: 'g',
          target: 'orders',
          via: 'gateway',
          port: 3500,
        }),
      ]),
    );
    const [route] = apps.get('prod/demo/orders')!.routes;
    expect(route.hops[1]).toMatchObject({
      role: 'via-dapr',
      status: 'warning',
      reason: "Port 3500 is not daprd's gRPC API port (50001)",
    });
  });

  it('follows TLSRoutes and TCPRoutes to the app Service they reach, around Dapr', () => {
    const l4 = (kind: string, name: string): RawKubernetesObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind,
      metadata: { name, namespace: 'demo' },
      spec: {
        parentRefs: [{ name: 'cluster-gateway' }],
        ...(kind === 'TLSRoute' ? { hostnames: ['db.example.com'] } : {}),
        rules: [{ backendRefs: [{ name: 'orders-api', port: 80 }] }],
      },
      status: accepted({ kind: 'Gateway', name: 'cluster-gateway' }),
    });
    const apps = viewsOf(
      topology([l4('TLSRoute', 'orders-tls'), l4('TCPRoute', 'orders-tcp')]),
    );
    const routes = apps.get('prod/demo/orders')!.routes;
    expect(routes.map(r => [r.kind, r.name, r.mode, r.matches])).toEqual([
      ['TLSRoute', 'orders-tls', 'bypass', []],
      ['TCPRoute', 'orders-tcp', 'bypass', []],
    ]);
    expect(routes[0].hostnames).toEqual(['db.example.com']);
  });

  it('resolves a route attached to a ListenerSet to the ListenerSet’s Gateway, and shows the chain', () => {
    const listenerSetRef = { kind: 'ListenerSet', name: 'team-listeners' };
    const listenerSet: RawKubernetesObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: 'team-listeners', namespace: 'demo' },
      spec: {
        parentRef: { name: 'cluster-gateway', namespace: 'demo' },
        listeners: [
          {
            name: 'grpc',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'grpc.example.com',
          },
        ],
      },
    };
    const route = (objects: RawKubernetesObject[]) =>
      viewsOf(
        topology([
          ...objects,
          grpcInvokeRoute({
            name: 'orders-grpc',
            target: 'orders',
            via: 'gateway',
            parentRef: listenerSetRef,
          }),
        ]),
      ).get('prod/demo/orders')!.routes[0];

    const attached = route([listenerSet]);
    expect(attached.parents[0]).toMatchObject({
      found: true,
      listenerSet: { kind: 'ListenerSet', name: 'team-listeners' },
      gateway: { kind: 'Gateway', name: 'cluster-gateway' },
      gatewayClassName: 'cilium',
      allowsRouteNamespace: true,
    });
    expect(attached.hops[0]).toMatchObject({
      label: 'ListenerSet demo/team-listeners → Gateway demo/cluster-gateway',
      status: 'ok',
    });

    expect(route([]).hops[0]).toMatchObject({
      status: 'error',
      reason: 'ListenerSet demo/team-listeners not found',
    });
  });

  it('shows a BackendTLSPolicy on the hop whose connection it secures', () => {
    const policy: RawKubernetesObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name: 'gateway-dapr-tls', namespace: 'demo' },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'gateway-dapr' }],
        validation: {
          hostname: 'gateway-dapr.demo.svc',
          caCertificateRefs: [
            { group: '', kind: 'ConfigMap', name: 'dapr-trust-bundle' },
          ],
        },
      },
    };
    const apps = viewsOf(
      topology([
        policy,
        httpRoute({
          name: 'orders',
          hostnames: ['orders.example.com'],
          rules: [invokeRule('/orders', 'orders', 'gateway')],
        }),
      ]),
    );
    const [route] = apps.get('prod/demo/orders')!.routes;
    expect(route.backend.backendTLSPolicy).toEqual({
      ref: {
        cluster: 'prod',
        kind: 'BackendTLSPolicy',
        namespace: 'demo',
        name: 'gateway-dapr-tls',
      },
      hostname: 'gateway-dapr.demo.svc',
    });
    expect(route.hops.map(h => h.backendTLSPolicy?.name)).toEqual([
      undefined,
      'gateway-dapr-tls',
      undefined,
      undefined,
    ]);
    expect(route.hops[1].reason).toMatch(
      /TLS from the Gateway checked for gateway-dapr\.demo\.svc \(BackendTLSPolicy gateway-dapr-tls\)/,
    );
  });
});
