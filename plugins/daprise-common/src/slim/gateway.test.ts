import {
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  referenceGrant,
} from '../__testUtils__/fixtures';
import { SECRET_MASK } from '../sensitive';
import {
  slimGateway,
  slimGatewayClass,
  slimHTTPRoute,
  slimReferenceGrant,
} from './gateway';

describe('slimGatewayClass', () => {
  it('keeps the controller and the Accepted status', () => {
    expect(slimGatewayClass(gatewayClass())).toMatchObject({
      kind: 'GatewayClass',
      name: 'cilium',
      controllerName: 'io.cilium/gateway-controller',
      accepted: 'True',
    });
    expect(
      slimGatewayClass({
        metadata: { name: 'x' },
        spec: { controllerName: 'c/d' },
      }).accepted,
    ).toBe('Unknown');
    expect(
      slimGatewayClass({ metadata: { name: 'x' } }).namespace,
    ).toBeUndefined();
  });
});

describe('slimGatewayClass supportedFeatures', () => {
  it('reads them as strings (before Gateway API v1.2) and as objects (since)', () => {
    const old = {
      ...gatewayClass(),
      status: { supportedFeatures: ['HTTPRoute', 'HTTPRoutePathRewrite'] },
    };
    const current = {
      ...gatewayClass(),
      status: {
        supportedFeatures: [
          { name: 'HTTPRoute' },
          { name: 'HTTPRoutePathRewrite' },
          { bogus: 1 },
        ],
      },
    };
    expect(slimGatewayClass(old).supportedFeatures).toEqual([
      'HTTPRoute',
      'HTTPRoutePathRewrite',
    ]);
    expect(slimGatewayClass(current).supportedFeatures).toEqual([
      'HTTPRoute',
      'HTTPRoutePathRewrite',
    ]);
    expect(slimGatewayClass(gatewayClass()).supportedFeatures).toEqual([]);
  });
});

describe('slimGateway', () => {
  it('keeps listeners with allowedRoutes defaults, addresses and conditions', () => {
    const slim = slimGateway(
      gateway({ from: 'All', hostname: '*.example.com' }),
    );
    expect(slim.gatewayClassName).toBe('cilium');
    expect(slim.listeners).toEqual([
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        hostname: '*.example.com',
        allowedRoutesFrom: 'All',
      },
    ]);
    expect(slim.addresses).toEqual([
      { type: 'IPAddress', value: '172.18.0.200' },
    ]);
    expect(slim.conditions.map(c => `${c.type}=${c.status}`)).toEqual([
      'Accepted=True',
      'Programmed=True',
    ]);
    expect(slim.listenerStatus).toEqual([
      { name: 'http', attachedRoutes: 1, conditions: [] },
    ]);
    expect(slimGateway(gateway({})).listeners[0].allowedRoutesFrom).toBe(
      'Same',
    );
  });
});

describe('slimHTTPRoute', () => {
  it('applies Gateway API defaults to refs and matches', () => {
    const slim = slimHTTPRoute(
      httpRoute({
        name: 'r',
        hostnames: ['a.example.com'],
        rules: [
          invokeRule('/orders', 'orders', 'gateway'),
          { backendRefs: [{ name: 'x', port: 80 }] },
        ],
      }),
    );
    expect(slim.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'cluster-gateway',
      },
    ]);
    expect(slim.hostnames).toEqual(['a.example.com']);
    expect(slim.rules[0].matches[0].path).toEqual({
      type: 'PathPrefix',
      value: '/orders',
    });
    expect(slim.rules[0].filters[0]).toEqual({
      type: 'URLRewrite',
      urlRewrite: {
        path: {
          type: 'ReplacePrefixMatch',
          replacePrefixMatch: '/v1.0/invoke/orders/method',
        },
      },
    });
    expect(slim.rules[0].backendRefs[0]).toEqual({
      group: '',
      kind: 'Service',
      name: 'gateway-dapr',
      port: 3500,
      filters: [],
    });
    expect(slim.rules[1].matches).toEqual([
      {
        path: { type: 'PathPrefix', value: '/' },
        headers: [],
        queryParams: [],
      },
    ]);
    expect(slim.parents[0]).toMatchObject({
      controllerName: 'io.cilium/gateway-controller',
      parentRef: { name: 'cluster-gateway', kind: 'Gateway' },
    });
    expect(slim.parents[0].conditions.map(c => c.type)).toEqual([
      'Accepted',
      'ResolvedRefs',
    ]);
  });

  it('masks sensitive header values but keeps dapr-app-id', () => {
    const slim = slimHTTPRoute(
      httpRoute({
        name: 'r',
        rules: [
          {
            matches: [
              {
                path: { type: 'PathPrefix', value: '/a' },
                headers: [{ name: 'X-Api-Key', value: 'k123' }],
              },
            ],
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: {
                  set: [{ name: 'dapr-app-id', value: 'orders' }],
                  add: [{ name: 'Authorization', value: 'Bearer t' }],
                  remove: ['Cookie'],
                },
              },
            ],
            backendRefs: [
              {
                name: 'gateway-dapr',
                port: 3500,
                filters: [
                  {
                    type: 'RequestHeaderModifier',
                    requestHeaderModifier: {
                      set: [{ name: 'dapr-api-token', value: 'tok' }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const rule = slim.rules[0];
    expect(rule.matches[0].headers).toEqual([
      { name: 'X-Api-Key', type: 'Exact', value: SECRET_MASK },
    ]);
    expect(rule.filters[0].requestHeaderModifier).toEqual({
      set: [{ name: 'dapr-app-id', value: 'orders' }],
      add: [{ name: 'Authorization', value: SECRET_MASK }],
      remove: ['Cookie'],
    });
    expect(rule.backendRefs[0].filters[0].requestHeaderModifier?.set).toEqual([
      { name: 'dapr-api-token', value: SECRET_MASK },
    ]);
    expect(JSON.stringify(slim)).not.toMatch(/k123|Bearer t|"tok"/);
  });

  it('has a default rule when a route has none and no status when none is reported', () => {
    const slim = slimHTTPRoute(
      httpRoute({ name: 'r', rules: [], parentStatus: null }),
    );
    expect(slim.rules).toHaveLength(1);
    expect(slim.rules[0].backendRefs).toEqual([]);
    expect(slim.parents).toEqual([]);
  });
});

describe('slimReferenceGrant', () => {
  it('keeps from and to, name optional', () => {
    expect(
      slimReferenceGrant(
        referenceGrant({
          namespace: 'backend',
          fromNamespace: 'edge',
          toName: 'orders-dapr',
        }),
      ),
    ).toMatchObject({
      from: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'HTTPRoute',
          namespace: 'edge',
        },
      ],
      to: [{ group: '', kind: 'Service', name: 'orders-dapr' }],
    });
    expect(
      slimReferenceGrant(
        referenceGrant({ namespace: 'backend', fromNamespace: 'edge' }),
      ).to,
    ).toEqual([{ group: '', kind: 'Service' }]);
  });
});
