import {
  chartDaprShared,
  clusterSnapshot,
  daprService,
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  referenceGrant,
  service,
  sidecarApp,
  workload,
} from '../__testUtils__/fixtures';
import { slimHTTPRoute } from '../slim';
import type { RawKubernetesObject } from '../types';
import { invokeTargetOf, parseInvokePath, parseInvokeTarget } from './invoke';
import { findReferenceGrant } from './routeParents';
import { analyseRoutes } from './routes';
import type { RouteView } from './routeTypes';
import { groupClusterSnapshot } from './snapshot';

/** Gateway + gateway's Dapr Shared + orders (Dapr Shared + app) in `demo`. */
function base(): RawKubernetesObject[] {
  return [
    gatewayClass(),
    gateway({ from: 'All' }),
    chartDaprShared({
      appId: 'gateway',
      remoteURL: 'noop.demo.svc',
      remotePort: 80,
    }),
    daprService('gateway'),
    chartDaprShared({
      appId: 'orders',
      remoteURL: 'orders.demo.svc.cluster.local',
      remotePort: 8080,
    }),
    daprService('orders'),
    workload({
      name: 'orders',
      podLabels: { app: 'orders' },
      desired: 2,
      ready: 2,
    }),
    service({
      name: 'orders',
      selector: { app: 'orders' },
      ports: [{ port: 8080, targetPort: 8080 }],
    }),
  ];
}

function routesOf(
  raws: RawKubernetesObject[],
  key = 'demo/orders',
  source?: 'rendered',
): RouteView[] {
  const grouped = groupClusterSnapshot(
    clusterSnapshot('prod', raws, source ? { source } : {}),
  );
  return analyseRoutes(grouped).byTarget.get(key) ?? [];
}

const hopSummary = (view: RouteView) =>
  view.hops.map(h => `${h.role}:${h.status}`);

describe('parseInvokeTarget / parseInvokePath', () => {
  it('splits app-id and namespace at the last dot', () => {
    expect(parseInvokeTarget('orders')).toEqual({ appId: 'orders' });
    expect(parseInvokeTarget('orders.shop')).toEqual({
      appId: 'orders',
      namespace: 'shop',
    });
    expect(parseInvokeTarget('a.b.shop')).toEqual({
      appId: 'a.b',
      namespace: 'shop',
    });
    expect(parseInvokeTarget('orders.')).toEqual({ appId: 'orders.' });
    expect(parseInvokeTarget(' ')).toBeUndefined();
  });

  it('parses invoke paths', () => {
    expect(parseInvokePath('/v1.0/invoke/orders/method')).toEqual({
      appId: 'orders',
    });
    expect(parseInvokePath('/v1.0/invoke/orders.shop/method/list/42')).toEqual({
      appId: 'orders',
      namespace: 'shop',
      method: 'list/42',
    });
    expect(parseInvokePath('/v1.0/invoke/orders%2Eshop/method')).toEqual({
      appId: 'orders',
      namespace: 'shop',
    });
    expect(parseInvokePath('/v1.0/state/store')).toBeUndefined();
    expect(parseInvokePath('/v1.0/invoke/orders')).toBeUndefined();
    expect(parseInvokePath('/orders')).toBeUndefined();
  });
});

describe('invokeTargetOf', () => {
  const rule = (raw: Record<string, unknown>) =>
    slimHTTPRoute(httpRoute({ name: 'r', rules: [raw] })).rules[0];

  it('reads a ReplacePrefixMatch or ReplaceFullPath rewrite', () => {
    expect(
      invokeTargetOf(rule(invokeRule('/o', 'orders.shop', 'gateway'))),
    ).toEqual({
      appId: 'orders',
      namespace: 'shop',
      by: 'url-rewrite',
      value: '/v1.0/invoke/orders.shop/method',
    });
    const full = rule({
      matches: [{ path: { type: 'Exact', value: '/health' } }],
      filters: [
        {
          type: 'URLRewrite',
          urlRewrite: {
            path: {
              type: 'ReplaceFullPath',
              replaceFullPath: '/v1.0/invoke/orders/method/healthz',
            },
          },
        },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    });
    expect(invokeTargetOf(full)).toMatchObject({
      appId: 'orders',
      by: 'url-rewrite',
    });
  });

  it('reads a dapr-app-id header set or added, case-insensitively', () => {
    const set = rule({
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'Dapr-App-Id', value: 'orders' }],
          },
        },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    });
    expect(invokeTargetOf(set)).toEqual({
      appId: 'orders',
      by: 'header',
      value: 'orders',
    });
    const add = rule({
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            add: [{ name: 'dapr-app-id', value: 'orders.shop' }],
          },
        },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    });
    expect(invokeTargetOf(add)).toMatchObject({
      appId: 'orders',
      namespace: 'shop',
      by: 'header',
    });
  });

  it('prefers a rewrite to the invoke API over the header, and backend filters over rule filters', () => {
    const both = rule({
      ...invokeRule('/o', 'orders', 'gateway'),
      filters: [
        {
          type: 'URLRewrite',
          urlRewrite: {
            path: {
              type: 'ReplacePrefixMatch',
              replacePrefixMatch: '/v1.0/invoke/orders/method',
            },
          },
        },
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'dapr-app-id', value: 'cart' }],
          },
        },
      ],
    });
    expect(invokeTargetOf(both)?.appId).toBe('orders');
    const r = rule({
      ...invokeRule('/o', 'orders', 'gateway'),
      backendRefs: [
        {
          name: 'gateway-dapr',
          port: 3500,
          filters: [
            {
              type: 'URLRewrite',
              urlRewrite: {
                path: {
                  type: 'ReplacePrefixMatch',
                  replacePrefixMatch: '/v1.0/invoke/cart/method',
                },
              },
            },
          ],
        },
      ],
    });
    expect(invokeTargetOf(r, r.backendRefs[0])?.appId).toBe('cart');
  });

  it('falls back to the header when the rewrite is not an invoke path', () => {
    const r = rule({
      matches: [{ path: { type: 'PathPrefix', value: '/api/orders' } }],
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'dapr-app-id', value: 'orders' }],
          },
        },
        {
          type: 'URLRewrite',
          urlRewrite: {
            path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' },
          },
        },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    });
    expect(invokeTargetOf(r)).toMatchObject({ appId: 'orders', by: 'header' });
  });

  it('reads matches that already are invoke paths', () => {
    const r = rule({
      matches: [
        { path: { type: 'PathPrefix', value: '/v1.0/invoke/orders/method' } },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    });
    expect(invokeTargetOf(r)).toMatchObject({ appId: 'orders', by: 'path' });
  });

  it('finds nothing in a plain rule', () => {
    expect(
      invokeTargetOf(rule({ backendRefs: [{ name: 'x', port: 80 }] })),
    ).toBeUndefined();
  });
});

describe('findReferenceGrant', () => {
  const grants = (raws: RawKubernetesObject[]) =>
    groupClusterSnapshot(clusterSnapshot('c', raws)).namespaces.get('demo')
      ?.referenceGrants ?? [];
  it('matches a grant for the Service by name or for all Services', () => {
    expect(
      findReferenceGrant(
        grants([
          referenceGrant({
            namespace: 'demo',
            fromNamespace: 'edge',
            toName: 'gateway-dapr',
          }),
        ]),
        'edge',
        'gateway-dapr',
      )?.name,
    ).toBe('allow-routes');
    expect(
      findReferenceGrant(
        grants([referenceGrant({ namespace: 'demo', fromNamespace: 'edge' })]),
        'edge',
        'anything',
      ),
    ).toBeDefined();
  });
  it('rejects grants for another Service, namespace or route kind', () => {
    expect(
      findReferenceGrant(
        grants([
          referenceGrant({
            namespace: 'demo',
            fromNamespace: 'edge',
            toName: 'other',
          }),
        ]),
        'edge',
        'gateway-dapr',
      ),
    ).toBeUndefined();
    expect(
      findReferenceGrant(
        grants([
          referenceGrant({ namespace: 'demo', fromNamespace: 'elsewhere' }),
        ]),
        'edge',
        'gateway-dapr',
      ),
    ).toBeUndefined();
    expect(
      findReferenceGrant(
        grants([
          referenceGrant({
            namespace: 'demo',
            fromNamespace: 'edge',
            fromKind: 'GRPCRoute',
          }),
        ]),
        'edge',
        'gateway-dapr',
      ),
    ).toBeUndefined();
  });
});

describe('analyseRoutes', () => {
  it('follows a rewrite through the gateway Dapr Shared to the target app', () => {
    const routes = routesOf([
      ...base(),
      httpRoute({
        name: 'orders',
        hostnames: ['orders.example.com'],
        rules: [invokeRule('/orders', 'orders', 'gateway')],
      }),
    ]);
    expect(routes).toHaveLength(1);
    const view = routes[0];
    expect(view).toMatchObject({
      id: 'demo/orders#0.0',
      mode: 'via-dapr',
      via: { appId: 'gateway', namespace: 'demo' },
      target: { appId: 'orders', namespace: 'demo' },
      invoke: { by: 'url-rewrite', appId: 'orders' },
      hostnames: ['orders.example.com'],
      matches: [
        { path: { type: 'PathPrefix', value: '/orders' }, headers: [] },
      ],
      backend: {
        name: 'gateway-dapr',
        namespace: 'demo',
        port: 3500,
        serviceFound: true,
        crossNamespace: false,
        permitted: true,
      },
    });
    expect(view.parents).toEqual([
      expect.objectContaining({
        found: true,
        gateway: {
          cluster: 'prod',
          kind: 'Gateway',
          namespace: 'demo',
          name: 'cluster-gateway',
        },
        gatewayClassName: 'cilium',
        controllerName: 'io.cilium/gateway-controller',
        allowsRouteNamespace: true,
        statusReported: true,
        accepted: 'True',
        resolvedRefs: 'True',
        programmed: 'True',
      }),
    ]);
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'via-dapr:ok',
      'target-dapr:ok',
      'app:ok',
    ]);
    expect(view.hops[3]).toMatchObject({
      label: 'Deployment demo/orders',
      reason: '2/2 pods ready',
    });
  });

  it('does not attach the route to the gateway app-id', () => {
    expect(
      routesOf(
        [
          ...base(),
          httpRoute({
            name: 'orders',
            rules: [invokeRule('/orders', 'orders', 'gateway')],
          }),
        ],
        'demo/gateway',
      ),
    ).toEqual([]);
  });

  it('follows a rewrite to another namespace (app-id.namespace)', () => {
    const raws = [
      ...base(),
      chartDaprShared({
        appId: 'billing',
        namespace: 'finance',
        remoteURL: 'billing.finance.svc',
        remotePort: 80,
      }),
      daprService('billing', 'finance'),
      httpRoute({
        name: 'billing',
        rules: [invokeRule('/billing', 'billing.finance', 'gateway')],
      }),
    ];
    const [view] = routesOf(raws, 'finance/billing');
    expect(view).toMatchObject({
      mode: 'via-dapr',
      target: { appId: 'billing', namespace: 'finance' },
      via: { appId: 'gateway', namespace: 'demo' },
    });
    expect(view.backend.crossNamespace).toBe(false);
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'via-dapr:ok',
      'target-dapr:ok',
      'app:unknown',
    ]);
  });

  it('follows the dapr-app-id header through the gateway Dapr Shared', () => {
    const rule = {
      matches: [{ path: { type: 'PathPrefix', value: '/api/orders' } }],
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'dapr-app-id', value: 'orders' }],
          },
        },
      ],
      backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
    };
    const [view] = routesOf([
      ...base(),
      httpRoute({ name: 'orders-header', rules: [rule] }),
    ]);
    expect(view).toMatchObject({
      mode: 'via-dapr',
      invoke: { by: 'header', appId: 'orders' },
    });
  });

  it('sees a backendRef to <app>-dapr without a rewrite as direct access to the whole Dapr API', () => {
    const [view] = routesOf([
      ...base(),
      httpRoute({
        name: 'direct',
        rules: [{ backendRefs: [{ name: 'orders-dapr', port: 3500 }] }],
      }),
    ]);
    expect(view.mode).toBe('direct-dapr');
    expect(view.via).toBeUndefined();
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'target-dapr:warning',
      'app:ok',
    ]);
    expect(view.hops[1].reason).toMatch(/whole Dapr API/);
  });

  it('accepts direct access restricted to the app own invoke path', () => {
    const [view] = routesOf([
      ...base(),
      httpRoute({
        name: 'direct',
        rules: [invokeRule('/orders', 'orders', 'orders')],
      }),
    ]);
    expect(view.mode).toBe('direct-dapr');
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'target-dapr:ok',
      'app:ok',
    ]);
  });

  it('warns about a port that is not daprd HTTP', () => {
    const [view] = routesOf([
      ...base(),
      httpRoute({
        name: 'r',
        rules: [
          {
            ...invokeRule('/o', 'orders', 'gateway'),
            backendRefs: [{ name: 'gateway-dapr', port: 9090 }],
          },
        ],
      }),
    ]);
    expect(view.hops[1]).toMatchObject({
      status: 'warning',
      reason: expect.stringMatching(/Port 9090/),
    });
  });

  it('flags a backendRef to the app own Service as a bypass', () => {
    const [view] = routesOf([
      ...base(),
      httpRoute({
        name: 'bypass',
        hostnames: ['o.example.com'],
        rules: [{ backendRefs: [{ name: 'orders', port: 8080 }] }],
      }),
    ]);
    expect(view).toMatchObject({
      mode: 'bypass',
      target: { appId: 'orders', namespace: 'demo' },
      backend: { name: 'orders' },
    });
    expect(view.invoke).toBeUndefined();
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'app-service:warning',
      'app:ok',
    ]);
    expect(view.hops[1].reason).toMatch(
      /bypassing the daprd \(Dapr Shared\) of orders/,
    );
  });

  it('flags a route to a sidecar app own port as a bypass, and to its daprd as direct', () => {
    const raws = [
      gatewayClass(),
      gateway({}),
      sidecarApp({
        name: 'checkout',
        appId: 'checkout',
        port: 3000,
        podLabels: { app: 'checkout' },
      }),
      service({
        name: 'checkout',
        selector: { app: 'checkout' },
        ports: [{ port: 80, targetPort: 3000 }],
      }),
      service({
        name: 'checkout-dapr',
        selector: { app: 'checkout' },
        ports: [{ port: 80, targetPort: 3500 }],
      }),
      httpRoute({
        name: 'a',
        rules: [{ backendRefs: [{ name: 'checkout', port: 80 }] }],
      }),
      httpRoute({
        name: 'b',
        rules: [invokeRule('/c', 'checkout', 'checkout')],
      }),
    ];
    const views = routesOf(raws, 'demo/checkout');
    expect(views.map(v => `${v.name}:${v.mode}`).sort()).toEqual([
      'a:bypass',
      'b:direct-dapr',
    ]);
    const direct = views.find(v => v.name === 'b') as RouteView;
    expect(direct.hops[1]).toMatchObject({
      role: 'target-dapr',
      status: 'ok',
      label: 'sidecar checkout (demo)',
    });
  });

  it('ignores routes unrelated to Dapr apps', () => {
    const grouped = groupClusterSnapshot(
      clusterSnapshot('prod', [
        ...base(),
        service({ name: 'docs', selector: { app: 'docs' } }),
        httpRoute({
          name: 'docs',
          rules: [{ backendRefs: [{ name: 'docs', port: 80 }] }],
        }),
      ]),
    );
    expect(
      [...analyseRoutes(grouped).byTarget.values()].flat().map(v => v.name),
    ).toEqual([]);
  });

  it('reports a target app-id that runs nowhere', () => {
    const [view] = routesOf(
      [
        ...base(),
        httpRoute({
          name: 'ghost',
          rules: [invokeRule('/ghost', 'ghost', 'gateway')],
        }),
      ],
      'demo/ghost',
    );
    expect(view.mode).toBe('via-dapr');
    expect(hopSummary(view)).toEqual([
      'gateway:ok',
      'via-dapr:ok',
      'target-dapr:error',
      'app:unknown',
    ]);
    expect(view.hops[2].reason).toMatch(
      /No Dapr Shared instance or sidecar with app-id ghost/,
    );
  });

  it('reports a missing <app>-dapr Service', () => {
    const raws = base().filter(r => r.metadata?.name !== 'gateway-dapr');
    const [view] = routesOf([
      ...raws,
      httpRoute({
        name: 'r',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
      }),
    ]);
    expect(view.backend.serviceFound).toBe(false);
    expect(view.hops[1]).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/Service demo\/gateway-dapr not found/),
    });
  });

  it('reports an mTLS mismatch between the gateway and the target', () => {
    const raws = base().map(r =>
      r.metadata?.name === 'orders-dapr-shared-chart'
        ? chartDaprShared({
            appId: 'orders',
            mtls: true,
            remoteURL: 'orders.demo.svc.cluster.local',
          })
        : r,
    );
    const [view] = routesOf([
      ...raws,
      httpRoute({
        name: 'r',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
      }),
    ]);
    expect(view.hops[2]).toMatchObject({
      role: 'target-dapr',
      status: 'error',
      reason: expect.stringMatching(
        /mTLS is off for gateway but on for orders/,
      ),
    });
  });

  it('reports pods not ready', () => {
    const raws = base().map(r =>
      r.metadata?.name === 'gateway-dapr-shared-chart'
        ? chartDaprShared({ appId: 'gateway', desired: 3, ready: 0 })
        : r,
    );
    const [view] = routesOf([
      ...raws,
      httpRoute({
        name: 'r',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
      }),
    ]);
    expect(view.hops[1]).toMatchObject({
      status: 'error',
      reason: '0/3 pods ready',
    });
  });

  describe('cross-namespace backendRefs', () => {
    const edgeRoute = () =>
      httpRoute({
        name: 'orders',
        namespace: 'edge',
        parentRefs: [{ name: 'cluster-gateway', namespace: 'demo' }],
        rules: [invokeRule('/orders', 'orders', 'gateway', 'demo')],
      });

    it('are not permitted without a ReferenceGrant', () => {
      const [view] = routesOf([...base(), edgeRoute()]);
      expect(view.backend).toMatchObject({
        namespace: 'demo',
        crossNamespace: true,
        permitted: false,
      });
      expect(view.hops[1]).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/No ReferenceGrant in namespace demo/),
      });
    });

    it('are permitted with a ReferenceGrant naming the Service', () => {
      const [view] = routesOf([
        ...base(),
        edgeRoute(),
        referenceGrant({
          name: 'edge-to-gateway',
          namespace: 'demo',
          fromNamespace: 'edge',
          toName: 'gateway-dapr',
        }),
      ]);
      expect(view.backend).toMatchObject({
        crossNamespace: true,
        permitted: true,
        referenceGrant: 'edge-to-gateway',
      });
      expect(hopSummary(view)).toEqual([
        'gateway:ok',
        'via-dapr:ok',
        'target-dapr:ok',
        'app:ok',
      ]);
    });

    it('are not permitted by a grant in the route namespace', () => {
      const [view] = routesOf([
        ...base(),
        edgeRoute(),
        referenceGrant({ namespace: 'edge', fromNamespace: 'edge' }),
      ]);
      expect(view.backend.permitted).toBe(false);
    });
  });

  describe('parents and conditions', () => {
    it('reads a parent that did not accept the route', () => {
      const route = httpRoute({
        name: 'r',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
        parentStatus: [
          {
            parentRef: { name: 'cluster-gateway' },
            conditions: [
              {
                type: 'Accepted',
                status: 'False',
                reason: 'NotAllowedByListeners',
              },
              { type: 'ResolvedRefs', status: 'True' },
            ],
          },
        ],
      });
      const [view] = routesOf([...base(), route]);
      expect(view.parents[0]).toMatchObject({
        accepted: 'False',
        resolvedRefs: 'True',
        statusReported: true,
      });
      expect(view.hops[0]).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/NotAllowedByListeners/),
      });
    });

    it('reads unresolved refs', () => {
      const route = httpRoute({
        name: 'r',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
        parentStatus: [
          {
            parentRef: { name: 'cluster-gateway' },
            conditions: [
              { type: 'Accepted', status: 'True' },
              {
                type: 'ResolvedRefs',
                status: 'False',
                reason: 'RefNotPermitted',
              },
            ],
          },
        ],
      });
      const [view] = routesOf([...base(), route]);
      expect(view.parents[0].resolvedRefs).toBe('False');
      expect(view.hops[0].reason).toMatch(/RefNotPermitted/);
    });

    it('warns when no controller reported status', () => {
      const [view] = routesOf([
        ...base(),
        httpRoute({
          name: 'r',
          rules: [invokeRule('/orders', 'orders', 'gateway')],
          parentStatus: null,
        }),
      ]);
      expect(view.parents[0]).toMatchObject({
        statusReported: false,
        accepted: 'Unknown',
        resolvedRefs: 'Unknown',
      });
      expect(view.hops[0]).toMatchObject({
        status: 'warning',
        reason: expect.stringMatching(/No controller/),
      });
    });

    it('matches status to parentRefs by sectionName', () => {
      const route = httpRoute({
        name: 'r',
        parentRefs: [{ name: 'cluster-gateway', sectionName: 'http' }],
        rules: [invokeRule('/orders', 'orders', 'gateway')],
        parentStatus: [
          {
            parentRef: { name: 'cluster-gateway', sectionName: 'https' },
            conditions: [{ type: 'Accepted', status: 'True' }],
          },
        ],
      });
      expect(routesOf([...base(), route])[0].parents[0].statusReported).toBe(
        false,
      );
    });

    it('reports a missing Gateway', () => {
      const [view] = routesOf([
        ...base(),
        httpRoute({
          name: 'r',
          parentRefs: [{ name: 'nope' }],
          rules: [invokeRule('/orders', 'orders', 'gateway')],
        }),
      ]);
      expect(view.parents[0].found).toBe(false);
      expect(view.hops[0]).toMatchObject({
        status: 'error',
        reason: 'Gateway demo/nope not found',
      });
    });

    it('reports a listener that does not admit the route namespace', () => {
      const raws = base().map(r => (r.kind === 'Gateway' ? gateway({}) : r));
      const route = httpRoute({
        name: 'orders',
        namespace: 'edge',
        parentRefs: [{ name: 'cluster-gateway', namespace: 'demo' }],
        rules: [invokeRule('/orders', 'orders.demo', 'gateway', 'demo')],
      });
      const [view] = routesOf([
        ...raws,
        route,
        referenceGrant({ namespace: 'demo', fromNamespace: 'edge' }),
      ]);
      expect(view.parents[0].allowsRouteNamespace).toBe(false);
      expect(view.hops[0]).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/admits routes from namespace edge/),
      });
    });

    it('reports a Gateway that is not programmed', () => {
      const raws = base().map(r =>
        r.kind === 'Gateway'
          ? gateway({ from: 'All', programmed: 'False' })
          : r,
      );
      const [view] = routesOf([
        ...raws,
        httpRoute({
          name: 'r',
          rules: [invokeRule('/orders', 'orders', 'gateway')],
        }),
      ]);
      expect(view.parents[0].programmed).toBe('False');
      expect(view.hops[0].status).toBe('error');
    });

    it('marks a route without parentRefs', () => {
      const [view] = routesOf([
        ...base(),
        httpRoute({
          name: 'r',
          parentRefs: [],
          rules: [invokeRule('/orders', 'orders', 'gateway')],
        }),
      ]);
      expect(view.hops[0]).toMatchObject({
        status: 'error',
        label: 'no parent',
      });
    });
  });

  it('treats objects outside a render as unknown rather than missing', () => {
    const raws = [
      chartDaprShared({ appId: 'orders', remoteURL: 'orders.demo.svc' }),
      daprService('orders'),
      workload({ name: 'orders', podLabels: { app: 'orders' } }),
      service({ name: 'orders', selector: { app: 'orders' } }),
      httpRoute({
        name: 'orders',
        rules: [invokeRule('/orders', 'orders', 'gateway')],
        parentStatus: null,
      }),
    ];
    const [view] = routesOf(raws, 'demo/orders', 'rendered');
    expect(hopSummary(view)).toEqual([
      'gateway:unknown',
      'via-dapr:unknown',
      'target-dapr:unknown',
      'app:unknown',
    ]);
  });

  it('keeps one view per rule and backendRef', () => {
    const route = httpRoute({
      name: 'multi',
      rules: [
        invokeRule('/a', 'orders', 'gateway'),
        {
          ...invokeRule('/b', 'orders', 'gateway'),
          backendRefs: [
            { name: 'gateway-dapr', port: 3500, weight: 90 },
            { name: 'orders', port: 8080, weight: 10 },
          ],
        },
      ],
    });
    const views = routesOf([...base(), route]);
    expect(views.map(v => `${v.id}:${v.mode}`)).toEqual([
      'demo/multi#0.0:via-dapr',
      'demo/multi#1.0:via-dapr',
      'demo/multi#1.1:bypass',
    ]);
  });
});
