import {
  chartDaprShared,
  clusterSnapshot,
  cnp,
  component,
  configuration,
  daprService,
  fleet,
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  service,
  sidecarApp,
  workload,
} from '../__testUtils__/fixtures';
import type { RouteOptions } from '../__testUtils__/fixtures';
import type { AppIndexOptions } from '../findings';
import { buildAppIndex } from '../findings';
import type { AppView, FleetContext } from '../model/appTypes';
import type { ClusterSnapshot } from '../model/snapshotTypes';
import type { RawKubernetesObject } from '../types';
import { builtinRules } from './builtin';
import {
  componentPlaintextSecretRule,
  componentUnscopedRule,
} from './componentRules';
import {
  appWithoutDaprRule,
  daprdVersionSkewRule,
  daprSharedMtlsDisabledRule,
  daprSharedWithoutNetworkPolicyRule,
} from './daprSharedRules';
import {
  routeBypassesDaprSharedRule,
  routeNotAcceptedRule,
  routeWithoutHostnameRule,
} from './routeRules';
import type { Rule } from './types';

/** orders: a compliant Dapr Shared app behind the gateway, with a policy and a scoped component. */
function compliant(): RawKubernetesObject[] {
  return [
    gatewayClass(),
    gateway({ from: 'All' }),
    chartDaprShared({ appId: 'gateway', mtls: true }),
    daprService('gateway'),
    chartDaprShared({
      appId: 'orders',
      mtls: true,
      remoteURL: 'orders.demo.svc',
    }),
    daprService('orders'),
    workload({ name: 'orders', podLabels: { app: 'orders' } }),
    service({ name: 'orders', selector: { app: 'orders' } }),
    component({
      name: 'statestore',
      scopes: ['orders'],
      metadata: [
        { name: 'redisHost', value: 'redis:6379' },
        {
          name: 'redisPassword',
          secretKeyRef: { name: 'redis', key: 'password' },
        },
      ],
    }),
    configuration({ name: 'daprsystem', namespace: 'dapr-system', mtls: true }),
    httpRoute({
      name: 'orders',
      hostnames: ['orders.example.com'],
      rules: [invokeRule('/orders', 'orders', 'gateway')],
    }),
    cnp({
      name: 'daprd',
      endpointSelector: { matchLabels: { 'dapr.io/app-id': 'orders' } },
      ingress: [
        { fromEndpoints: [{ matchLabels: { 'dapr.io/app-id': 'gateway' } }] },
      ],
    }),
  ];
}

function views(
  raws: RawKubernetesObject[],
  options?: AppIndexOptions & { snapshot?: Partial<ClusterSnapshot> },
) {
  return buildAppIndex(
    fleet(clusterSnapshot('prod', raws, options?.snapshot)),
    options,
  );
}

function viewOf(
  raws: RawKubernetesObject[],
  key = 'prod/demo/orders',
  options?: AppIndexOptions & { snapshot?: Partial<ClusterSnapshot> },
) {
  const index = views(raws, options);
  const view = index.apps.get(key);
  if (!view) throw new Error(`no view ${key}`);
  return { view, context: index.context };
}

function run(
  rule: Rule,
  raws: RawKubernetesObject[],
  key?: string,
  options?: AppIndexOptions & { snapshot?: Partial<ClusterSnapshot> },
) {
  const { view, context } = viewOf(raws, key, options);
  return rule.evaluate!(view, context);
}

/** The findings of an object-only rule on an app's view: the object findings linked to it. */
function shown(
  rule: Rule,
  raws: RawKubernetesObject[],
  key?: string,
  options?: AppIndexOptions & { snapshot?: Partial<ClusterSnapshot> },
) {
  expect(rule.evaluate).toBeUndefined();
  return viewOf(raws, key, options).view.findings.filter(
    f => f.ruleId === rule.id,
  );
}

function replace(
  raws: RawKubernetesObject[],
  name: string,
  by: RawKubernetesObject | undefined,
): RawKubernetesObject[] {
  const out = raws.filter(r => r.metadata?.name !== name);
  return by ? [...out, by] : out;
}

describe('builtinRules', () => {
  it('have stable kebab-case ids, unique, with texts', () => {
    const ids = builtinRules.map(r => r.id);
    expect(ids).toEqual([
      'component-unscoped',
      'component-plaintext-secret',
      'route-bypasses-dapr-shared',
      'route-not-accepted',
      'dapr-shared-mtls-disabled',
      'daprd-version-skew',
      'app-without-dapr',
      'dapr-shared-without-network-policy',
      'route-without-hostname',
      'route-parent-missing',
      'route-parent-rejects',
      'route-backend-missing',
      'route-backend-not-permitted',
      'reference-grant-unused',
      'reference-grant-namespace-missing',
      'gateway-class-missing',
      'gateway-listener-conflict',
      'route-conflict',
      'scopes-name-no-running-app',
      'component-type-unknown',
      'component-metadata-required',
      'component-metadata-deprecated',
      'component-type-alpha',
      'subscription-pubsub-out-of-scope',
      'resiliency-target-unknown',
      'configuration-missing',
      'dapr-shared-app-channel-missing',
      'dapr-shared-service-missing',
      'dapr-shared-single-replica',
      'cilium-policy-selects-nothing',
      'route-hop-blocked',
    ]);
    for (const rule of builtinRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.anchor).toMatch(/^https:\/\/[^ ]+$/);
      expect(rule.kiali ?? 'KIA0000').toMatch(/^KIA\d{4}$/);
    }
  });

  it('find nothing on a compliant app', () => {
    expect(viewOf(compliant()).view.findings).toEqual([]);
    expect(viewOf(compliant()).view.score).toBe(100);
  });
});

describe('component-unscoped', () => {
  it('fires for each unscoped component in scope', () => {
    const drafts = run(componentUnscopedRule, [
      ...compliant(),
      component({ name: 'shared' }),
      component({ name: 'elsewhere', namespace: 'other' }),
    ]);
    expect(drafts).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /Component shared \(state.redis\) has no scopes/,
        ),
        object: {
          cluster: 'prod',
          kind: 'Component',
          namespace: 'demo',
          name: 'shared',
        },
      }),
    ]);
  });

  it('does not fire for scoped components', () => {
    expect(run(componentUnscopedRule, compliant())).toEqual([]);
  });
});

describe('component-plaintext-secret', () => {
  it('fires for literal secrets and names them', () => {
    const raws = replace(
      compliant(),
      'statestore',
      component({
        name: 'statestore',
        scopes: ['orders'],
        metadata: [
          { name: 'redisHost', value: 'redis:6379' },
          { name: 'redisPassword', value: 'hunter2' },
        ],
      }),
    );
    // Judged once, as the Component's object finding, and shown on the app's view with its id.
    const findings = shown(componentPlaintextSecretRule, raws);
    expect(findings).toEqual([
      expect.objectContaining({
        message:
          'Component demo/statestore (state.redis) holds redisPassword in plain text',
        object: expect.objectContaining({
          kind: 'Component',
          name: 'statestore',
        }),
        field: 'spec.metadata[name=redisPassword].value',
        appId: 'orders',
      }),
    ]);
    expect(findings[0].remediation).toMatch(/secretKeyRef/);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
    // The cluster's object findings hold the same one finding, linked to its only app.
    expect(
      views(raws)
        .objectFindings.get('prod')!
        .filter(f => f.ruleId === componentPlaintextSecretRule.id),
    ).toEqual(findings);
  });

  it("shows an unscoped component's secret on every app that loads it, with its id", () => {
    const raws = replace(
      compliant(),
      'statestore',
      component({
        name: 'statestore',
        metadata: [
          { name: 'redisHost', value: 'redis:6379' },
          { name: 'redisPassword', value: 'hunter2' },
        ],
      }),
    );
    const [finding, ...rest] = shown(componentPlaintextSecretRule, raws);
    expect(rest).toEqual([]);
    expect(finding.appId).toBe('orders');
    expect(
      views(raws)
        .objectFindings.get('prod')!
        .filter(f => f.ruleId === componentPlaintextSecretRule.id)
        .map(f => f.appId),
    ).toEqual([undefined]);
  });

  it('does not fire for secretKeyRef', () => {
    expect(shown(componentPlaintextSecretRule, compliant())).toEqual([]);
  });
});

describe('route-bypasses-dapr-shared', () => {
  it('fires for a route to the app own Service', () => {
    const raws = [
      ...compliant(),
      httpRoute({
        name: 'direct-to-app',
        hostnames: ['x.example.com'],
        rules: [{ backendRefs: [{ name: 'orders', port: 80 }] }],
      }),
    ];
    expect(run(routeBypassesDaprSharedRule, raws)).toEqual([
      {
        message:
          'HTTPRoute demo/direct-to-app (rule 0) sends traffic to Service demo/orders, bypassing Dapr for orders',
        object: {
          cluster: 'prod',
          kind: 'HTTPRoute',
          namespace: 'demo',
          name: 'direct-to-app',
        },
        field: 'spec.rules[0].backendRefs[0]',
        backendRef: {
          group: '',
          kind: 'Service',
          name: 'orders',
          namespace: 'demo',
          port: 80,
        },
      },
    ]);
  });

  it('does not fire for routes through Dapr', () => {
    expect(run(routeBypassesDaprSharedRule, compliant())).toEqual([]);
  });
});

describe('route-not-accepted', () => {
  // Objects named `orders` are the app workload, its Service and its route: swap the route.
  const withRoute = (route: RawKubernetesObject) =>
    replace(compliant(), 'orders', undefined).concat(
      workload({ name: 'orders', podLabels: { app: 'orders' } }),
      service({ name: 'orders', selector: { app: 'orders' } }),
      route,
    );

  it('fires when a parent did not accept the route', () => {
    const route = httpRoute({
      name: 'orders',
      hostnames: ['a.example.com'],
      rules: [invokeRule('/orders', 'orders', 'gateway')],
      parentStatus: [
        {
          parentRef: { name: 'cluster-gateway' },
          conditions: [
            {
              type: 'Accepted',
              status: 'False',
              reason: 'NoMatchingListenerHostname',
            },
          ],
        },
      ],
    });
    expect(shown(routeNotAcceptedRule, withRoute(route))).toEqual([
      expect.objectContaining({
        message:
          'HTTPRoute demo/orders: not Accepted by demo/cluster-gateway (NoMatchingListenerHostname)',
        object: expect.objectContaining({ kind: 'HTTPRoute', name: 'orders' }),
        field: 'status.parents',
        appId: 'orders',
      }),
    ]);
  });

  it('fires when refs are not resolved', () => {
    const route = httpRoute({
      name: 'orders',
      rules: [invokeRule('/orders', 'orders', 'gateway')],
      parentStatus: [
        {
          parentRef: { name: 'cluster-gateway' },
          conditions: [
            { type: 'Accepted', status: 'True' },
            {
              type: 'ResolvedRefs',
              status: 'False',
              reason: 'BackendNotFound',
            },
          ],
        },
      ],
    });
    expect(shown(routeNotAcceptedRule, withRoute(route))[0].message).toBe(
      'HTTPRoute demo/orders: ResolvedRefs=False for demo/cluster-gateway (BackendNotFound)',
    );
  });

  it('fires when no parent reported status, once per route', () => {
    const route = httpRoute({
      name: 'orders',
      rules: [
        invokeRule('/a', 'orders', 'gateway'),
        invokeRule('/b', 'orders', 'gateway'),
      ],
      parentStatus: null,
    });
    expect(shown(routeNotAcceptedRule, withRoute(route))).toEqual([
      expect.objectContaining({
        message: 'HTTPRoute demo/orders: no status from any parent',
        object: expect.anything(),
        field: 'status.parents',
      }),
    ]);
  });

  it('does not fire for accepted routes, nor for status-less routes in a render', () => {
    expect(shown(routeNotAcceptedRule, compliant())).toEqual([]);
    const route = httpRoute({
      name: 'orders',
      rules: [invokeRule('/a', 'orders', 'gateway')],
      parentStatus: null,
    });
    expect(
      shown(routeNotAcceptedRule, withRoute(route), undefined, {
        snapshot: { source: 'rendered' },
      }),
    ).toEqual([]);
  });
});

describe('dapr-shared-mtls-disabled', () => {
  it('fires for an instance with mTLS off when daprsystem enables it', () => {
    const raws = replace(
      compliant(),
      'orders-dapr-shared-chart',
      chartDaprShared({
        appId: 'orders',
        mtls: false,
        remoteURL: 'orders.demo.svc',
      }),
    );
    expect(run(daprSharedMtlsDisabledRule, raws)).toEqual([
      {
        message: expect.stringMatching(/runs with mTLS off/),
        object: {
          cluster: 'prod',
          kind: 'DaemonSet',
          namespace: 'demo',
          name: 'orders-dapr-shared-chart',
        },
        field: 'spec.template.spec.containers[name=daprd].args[--enable-mtls]',
      },
    ]);
  });

  it('does not fire when the control plane has mTLS off or unknown', () => {
    const off = replace(
      compliant(),
      'orders-dapr-shared-chart',
      chartDaprShared({
        appId: 'orders',
        mtls: false,
        remoteURL: 'orders.demo.svc',
      }),
    );
    expect(
      run(
        daprSharedMtlsDisabledRule,
        replace(
          off,
          'daprsystem',
          configuration({
            name: 'daprsystem',
            namespace: 'dapr-system',
            mtls: false,
          }),
        ),
      ),
    ).toEqual([]);
  });

  it("fires without daprsystem (Dapr's default is on), unless Configurations are unread", () => {
    const off = replace(
      replace(
        compliant(),
        'orders-dapr-shared-chart',
        chartDaprShared({
          appId: 'orders',
          mtls: false,
          remoteURL: 'orders.demo.svc',
        }),
      ),
      'daprsystem',
      undefined,
    );
    expect(run(daprSharedMtlsDisabledRule, off)).toEqual([
      expect.objectContaining({
        message:
          "Dapr Shared DaemonSet demo/orders-dapr-shared-chart runs with mTLS off while the cluster enforces it (Dapr's default without a daprsystem Configuration)",
        field: 'spec.template.spec.containers[name=daprd].args[--enable-mtls]',
      }),
    ]);
    expect(
      run(daprSharedMtlsDisabledRule, off, undefined, {
        snapshot: {
          state: { kinds: { Configuration: { status: 'forbidden' } } },
        },
      }),
    ).toEqual([]);
  });

  it('does not fire when the instance has mTLS on', () => {
    expect(run(daprSharedMtlsDisabledRule, compliant())).toEqual([]);
  });
});

describe('daprd-version-skew', () => {
  const fleetOf = (version: string) => [
    ...replace(
      compliant(),
      'orders-dapr-shared-chart',
      chartDaprShared({
        appId: 'orders',
        mtls: true,
        version,
        remoteURL: 'orders.demo.svc',
      }),
    ),
    chartDaprShared({ appId: 'a', namespace: 'x' }),
    chartDaprShared({ appId: 'b', namespace: 'x' }),
  ];

  it("says nothing without the control plane's version, however the fleet differs", () => {
    // Most of the fleet runs 1.16.0: that is no skew of this cluster's own control plane.
    expect(run(daprdVersionSkewRule, fleetOf('1.15.7'))).toEqual([]);
  });

  const controlPlane = (version: string) =>
    workload({
      name: 'dapr-operator',
      namespace: 'dapr-system',
      containers: [
        { name: 'dapr-operator', image: `ghcr.io/dapr/operator:${version}` },
      ],
    });

  it("judges against the control plane's version when it is seen", () => {
    const messages = (daprd: string, cp: string) =>
      run(daprdVersionSkewRule, [...fleetOf(daprd), controlPlane(cp)]).map(
        d => d.message,
      );
    expect(messages('1.17.0', '1.16.2')).toEqual([
      "Dapr Shared demo/orders-dapr-shared-chart runs daprd 1.17.0, newer than the control plane's 1.16.2",
    ]);
    expect(messages('1.13.5', '1.16.2')).toEqual([
      "Dapr Shared demo/orders-dapr-shared-chart runs daprd 1.13.5, 3 minor releases behind the control plane's 1.16.2 (Dapr supports 2)",
    ]);
    // Within the window: the same release, or up to two minor releases behind. The other
    // instances of the fleet (1.16.0) are behind 1.16.2's patch only.
    expect(messages('1.16.2', '1.16.2')).toEqual([]);
    expect(messages('1.14.0', '1.16.2')).toEqual([]);
  });

  it('does not fire on an unknown version', () => {
    expect(
      run(daprdVersionSkewRule, [...fleetOf('latest'), controlPlane('1.16.2')]),
    ).toEqual([]);
  });
});

describe('app-without-dapr', () => {
  it('fires for an expected app-id with no daprd', () => {
    const drafts = run(appWithoutDaprRule, compliant(), 'prod/demo/invoices', {
      extraAppKeys: [{ cluster: 'prod', namespace: 'demo', appId: 'invoices' }],
    });
    expect(drafts).toEqual([
      {
        message:
          'No Dapr Shared instance or sidecar runs app-id invoices in namespace demo',
      },
    ]);
  });

  it('does not fire for Dapr Shared or sidecar apps', () => {
    expect(run(appWithoutDaprRule, compliant())).toEqual([]);
    expect(
      run(
        appWithoutDaprRule,
        [sidecarApp({ name: 'checkout', appId: 'checkout' })],
        'prod/demo/checkout',
      ),
    ).toEqual([]);
  });

  it('stays silent when workloads cannot be read', () => {
    const options = {
      extraAppKeys: [{ cluster: 'prod', namespace: 'demo', appId: 'invoices' }],
      snapshot: {
        state: { kinds: { Deployment: { status: 'forbidden' as const } } },
      },
    };
    expect(
      run(appWithoutDaprRule, compliant(), 'prod/demo/invoices', options),
    ).toEqual([]);
  });
});

describe('dapr-shared-without-network-policy', () => {
  const withoutPolicy = () => replace(compliant(), 'daprd', undefined);

  it('fires when no policy restricts ingress to the Dapr Shared pods', () => {
    expect(run(daprSharedWithoutNetworkPolicyRule, withoutPolicy())).toEqual([
      {
        message:
          'No network policy restricts ingress to Dapr Shared demo/orders-dapr-shared-chart',
        object: expect.objectContaining({ kind: 'DaemonSet' }),
      },
    ]);
  });

  it('fires when the only policy is egress-only or in another namespace', () => {
    const egressOnly = [
      ...withoutPolicy(),
      cnp({
        name: 'egress',
        endpointSelector: { matchLabels: { 'dapr.io/app-id': 'orders' } },
        egress: [{ toEntities: ['world'] }],
      }),
    ];
    expect(run(daprSharedWithoutNetworkPolicyRule, egressOnly)).toHaveLength(1);
    const elsewhere = [
      ...withoutPolicy(),
      cnp({
        name: 'p',
        namespace: 'other',
        endpointSelector: {},
        ingress: [{ fromEntities: ['cluster'] }],
      }),
    ];
    expect(run(daprSharedWithoutNetworkPolicyRule, elsewhere)).toHaveLength(1);
  });

  it('does not fire with a namespaced or clusterwide ingress policy (k8s: prefixes included)', () => {
    expect(run(daprSharedWithoutNetworkPolicyRule, compliant())).toEqual([]);
    const clusterwide = [
      ...withoutPolicy(),
      cnp({
        name: 'all',
        clusterwide: true,
        endpointSelector: {
          matchLabels: { 'k8s:app.kubernetes.io/name': 'dapr-shared-chart' },
        },
        ingress: [{ fromEntities: ['cluster'] }],
      }),
    ];
    expect(run(daprSharedWithoutNetworkPolicyRule, clusterwide)).toEqual([]);
  });

  it('stays silent when Cilium policies cannot be read', () => {
    expect(
      run(daprSharedWithoutNetworkPolicyRule, withoutPolicy(), undefined, {
        snapshot: {
          state: { kinds: { CiliumNetworkPolicy: { status: 'forbidden' } } },
        },
      }),
    ).toEqual([]);
  });
});

/** A GRPCRoute through `<via>-dapr:50001` whose `dapr-app-id` metadata names `target`. */
function grpcInvokeRoute(
  o: Omit<RouteOptions, 'rules'> & { target: string; via: string },
): RawKubernetesObject {
  return {
    ...httpRoute({
      ...o,
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
          backendRefs: [{ name: `${o.via}-dapr`, port: 50001 }],
        },
      ],
    }),
    kind: 'GRPCRoute',
  };
}

describe('routes of different kinds with one name', () => {
  // An HTTPRoute and a GRPCRoute are different objects though they share namespace and name.
  const raws = () =>
    replace(compliant(), 'orders', undefined).concat(
      workload({ name: 'orders', podLabels: { app: 'orders' } }),
      service({ name: 'orders', selector: { app: 'orders' } }),
      httpRoute({
        name: 'orders',
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
            ],
          },
        ],
      }),
      grpcInvokeRoute({
        name: 'orders',
        target: 'orders',
        via: 'gateway',
        parentStatus: null,
      }),
    );

  it('route-not-accepted reports each', () => {
    expect(
      shown(routeNotAcceptedRule, raws()).map(d => [d.object?.kind, d.message]),
    ).toEqual([
      [
        'HTTPRoute',
        'HTTPRoute demo/orders: not Accepted by demo/cluster-gateway (NotAllowedByListeners)',
      ],
      ['GRPCRoute', 'GRPCRoute demo/orders: no status from any parent'],
    ]);
  });

  it('route-without-hostname reports each', () => {
    expect(
      run(routeWithoutHostnameRule, raws()).map(d => d.object?.kind),
    ).toEqual(['HTTPRoute', 'GRPCRoute']);
  });
});

describe('route-without-hostname', () => {
  it('fires once per route without hostnames', () => {
    const raws = replace(compliant(), 'orders', undefined).concat(
      workload({ name: 'orders', podLabels: { app: 'orders' } }),
      service({ name: 'orders', selector: { app: 'orders' } }),
      httpRoute({
        name: 'catch-all',
        rules: [
          invokeRule('/a', 'orders', 'gateway'),
          invokeRule('/b', 'orders', 'gateway'),
        ],
      }),
    );
    expect(run(routeWithoutHostnameRule, raws)).toEqual([
      {
        message:
          'HTTPRoute demo/catch-all has no hostnames: it matches every host of its Gateway listeners',
        object: expect.objectContaining({ name: 'catch-all' }),
        field: 'spec.hostnames',
      },
    ]);
  });

  it('does not fire with hostnames', () => {
    expect(run(routeWithoutHostnameRule, compliant())).toEqual([]);
  });
});

describe('rules are pure functions of view and context', () => {
  it('can be evaluated on hand-made views', () => {
    const view = { ...viewOf(compliant()).view, daprShared: [] } as AppView;
    const context: FleetContext = {
      source: 'cluster',
      daprdVersions: {},
      daprsystemMtls: {},
    };
    expect(appWithoutDaprRule.evaluate!(view, context)).toHaveLength(1);
  });
});
