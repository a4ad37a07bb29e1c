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
import type { RawKubernetesObject } from '../types';
import { buildAppIndex, buildAppView } from '../findings';
import {
  appKeyString,
  computeFleetContext,
  findAppViews,
  listAppKeys,
  parseAppKey,
} from './appIndex';
import { groupFleetSnapshot, withClusterSnapshot } from './snapshot';

function prodObjects(): RawKubernetesObject[] {
  return [
    gatewayClass(),
    gateway({ from: 'All' }),
    chartDaprShared({ appId: 'gateway', mtls: true }),
    daprService('gateway'),
    chartDaprShared({
      appId: 'orders',
      mtls: true,
      config: 'tracing',
      remoteURL: 'orders-api.shop.svc.cluster.local',
      remotePort: 8080,
    }),
    daprService('orders'),
    workload({
      name: 'orders-api',
      namespace: 'shop',
      podLabels: { app: 'orders-api' },
      desired: 2,
      ready: 2,
    }),
    service({
      name: 'orders-api',
      namespace: 'shop',
      selector: { app: 'orders-api' },
      // The port the Dapr Shared instance's app channel calls (`remotePort`).
      ports: [{ port: 8080 }],
    }),
    sidecarApp({
      name: 'checkout',
      appId: 'checkout',
      port: 3000,
      config: 'appconfig',
    }),
    component({ name: 'statestore', scopes: ['orders'] }),
    component({ name: 'pubsub', type: 'pubsub.redis' }),
    component({ name: 'cart-store', scopes: ['cart'] }),
    component({ name: 'other-ns', namespace: 'shop' }),
    configuration({ name: 'tracing' }),
    configuration({ name: 'appconfig' }),
    configuration({ name: 'unused' }),
    configuration({ name: 'daprsystem', namespace: 'dapr-system', mtls: true }),
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Resiliency',
      metadata: { name: 'res', namespace: 'demo' },
      scopes: ['orders'],
      spec: { policies: { timeouts: { t: '1s' } }, targets: {} },
    },
    {
      apiVersion: 'dapr.io/v2alpha1',
      kind: 'Subscription',
      metadata: { name: 'sub', namespace: 'demo' },
      spec: {
        pubsubname: 'pubsub',
        topic: 'orders',
        routes: { default: '/orders' },
      },
      scopes: ['checkout'],
    },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'ext', namespace: 'demo' },
      spec: { baseUrl: 'https://api.example.com' },
    },
    httpRoute({
      name: 'orders',
      hostnames: ['orders.example.com'],
      rules: [invokeRule('/orders', 'orders', 'gateway')],
    }),
    httpRoute({
      name: 'ghost',
      hostnames: ['ghost.example.com'],
      rules: [invokeRule('/ghost', 'ghost', 'gateway')],
    }),
    cnp({
      name: 'orders-daprd',
      endpointSelector: { matchLabels: { 'k8s:dapr.io/app-id': 'orders' } },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { 'dapr.io/app-id': 'gateway' } }],
          toPorts: [{ ports: [{ port: '50002', protocol: 'TCP' }] }],
        },
      ],
    }),
    cnp({
      name: 'orders-app',
      namespace: 'shop',
      endpointSelector: { matchLabels: { app: 'orders-api' } },
      ingress: [
        { fromEndpoints: [{ matchLabels: { 'dapr.io/app-id': 'orders' } }] },
      ],
    }),
    cnp({
      name: 'egress-only',
      endpointSelector: { matchLabels: { 'dapr.io/app-id': 'checkout' } },
      egress: [{ toEntities: ['world'] }],
    }),
    cnp({
      name: 'lockdown',
      clusterwide: true,
      endpointSelector: {
        matchExpressions: [
          {
            key: 'k8s:io.kubernetes.pod.namespace',
            operator: 'NotIn',
            values: ['kube-system'],
          },
        ],
      },
      ingress: [{ fromEntities: ['cluster'] }],
    }),
  ];
}

function stagingObjects(): RawKubernetesObject[] {
  return [
    chartDaprShared({
      appId: 'orders',
      version: '1.15.7',
      strategy: 'deployment',
    }),
    daprService('orders'),
    chartDaprShared({ appId: 'audit', version: '1.15.7' }),
    configuration({ name: 'daprsystem', namespace: 'default', mtls: false }),
  ];
}

function index(options?: Parameters<typeof buildAppIndex>[1]) {
  return buildAppIndex(
    fleet(
      clusterSnapshot('prod', prodObjects()),
      clusterSnapshot('staging', stagingObjects()),
    ),
    options,
  );
}

describe('app keys', () => {
  it('round-trips, allowing slashes in cluster names', () => {
    expect(
      appKeyString({ cluster: 'prod', namespace: 'demo', appId: 'orders' }),
    ).toBe('prod/demo/orders');
    expect(parseAppKey('eu/prod/demo/orders')).toEqual({
      cluster: 'eu/prod',
      namespace: 'demo',
      appId: 'orders',
    });
    expect(parseAppKey('demo/orders')).toBeUndefined();
    expect(parseAppKey('a//b')).toBeUndefined();
  });
});

describe('buildAppIndex', () => {
  it('indexes every running app-id and every routed app-id', () => {
    expect([...index().apps.keys()]).toEqual([
      'prod/demo/checkout',
      'prod/demo/gateway',
      'prod/demo/ghost',
      'prod/demo/orders',
      'staging/demo/audit',
      'staging/demo/orders',
    ]);
  });

  it('builds the view of a Dapr Shared app', () => {
    const view = index().apps.get('prod/demo/orders')!;
    expect(view).toMatchObject({
      cluster: 'prod',
      namespace: 'demo',
      appId: 'orders',
      source: 'cluster',
      observedAt: '2025-06-01T12:00:00Z',
      stale: false,
      unobservedKinds: [],
    });
    expect(view.daprShared.map(i => i.ref.name)).toEqual([
      'orders-dapr-shared-chart',
    ]);
    expect(view.sidecars).toEqual([]);
    expect(view.appWorkloads).toEqual([
      expect.objectContaining({
        ref: {
          cluster: 'prod',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'orders-api',
        },
        linkedBy: 'app-channel',
        service: {
          cluster: 'prod',
          kind: 'Service',
          namespace: 'shop',
          name: 'orders-api',
        },
        desired: 2,
        ready: 2,
        images: ['example/orders-api:1.0.0'],
      }),
    ]);
    expect(view.components.map(c => c.name)).toEqual(['pubsub', 'statestore']);
    // Only the Configuration its daprd names; daprsystem is the control plane's.
    expect(view.configurations.map(c => `${c.namespace}/${c.name}`)).toEqual([
      'demo/tracing',
    ]);
    expect(view.resiliencies.map(r => r.name)).toEqual(['res']);
    expect(view.subscriptions).toEqual([]);
    expect(view.httpEndpoints.map(e => e.name)).toEqual(['ext']);
    expect(view.routes.map(r => r.name)).toEqual(['orders']);
  });

  it('collects the policies selecting the app Dapr Shared and app pods', () => {
    const view = index().apps.get('prod/demo/orders')!;
    expect(
      view.policies.map(p => ({
        name: p.ref.name,
        dapr: p.selectsDaprShared,
        ingress: p.ingress,
        egress: p.egress,
        selects: p.selects.map(s => s.name),
      })),
    ).toEqual([
      {
        name: 'lockdown',
        dapr: true,
        ingress: true,
        egress: false,
        selects: ['orders-dapr-shared-chart', 'orders-api'],
      },
      {
        name: 'orders-daprd',
        dapr: true,
        ingress: true,
        egress: false,
        selects: ['orders-dapr-shared-chart'],
      },
      {
        name: 'orders-app',
        dapr: false,
        ingress: true,
        egress: false,
        selects: ['orders-api'],
      },
    ]);
  });

  it('builds the view of a sidecar app', () => {
    const view = index().apps.get('prod/demo/checkout')!;
    expect(view.sidecars.map(s => s.appId)).toEqual(['checkout']);
    expect(view.appWorkloads.map(w => w.linkedBy)).toEqual(['sidecar']);
    expect(view.configurations.map(c => c.name)).toEqual(['appconfig']);
    expect(view.components.map(c => c.name)).toEqual(['pubsub']);
    expect(view.subscriptions.map(s => s.name)).toEqual(['sub']);
    expect(view.policies.map(p => [p.ref.name, p.ingress, p.egress])).toEqual([
      ['lockdown', true, false],
      ['egress-only', false, true],
    ]);
  });

  it('reports an app-id that only a route names', () => {
    const view = index().apps.get('prod/demo/ghost')!;
    expect(view.daprShared).toEqual([]);
    expect(view.routes.map(r => r.name)).toEqual(['ghost']);
    expect(view.findings.map(f => f.ruleId)).toContain('app-without-dapr');
  });

  it('adds views for extra app keys, e.g. from the catalog', () => {
    const built = index({
      extraAppKeys: [{ cluster: 'prod', namespace: 'shop', appId: 'invoices' }],
    });
    const view = built.apps.get('prod/shop/invoices')!;
    expect(view.findings.map(f => f.ruleId)).toEqual([
      'component-unscoped',
      'app-without-dapr',
    ]);
    expect(view.components.map(c => c.name)).toEqual(['other-ns']);
  });

  it('evaluates rules and scores each app', () => {
    const built = index();
    const orders = built.apps.get('prod/demo/orders')!;
    expect(orders.findings.map(f => f.ruleId).sort()).toEqual([
      'component-unscoped',
    ]);
    expect(orders.score).toBe(90);
    const stagingOrders = built.apps.get('staging/demo/orders')!;
    // Staging runs mTLS off everywhere and 1.15.7 while the fleet mostly runs 1.16.0 (no skew:
    // its control plane's version is not seen); its Deployment's one replica and its app
    // channel to a Service that does not exist are object findings of its Dapr Shared
    // instance, shown on its view.
    expect(stagingOrders.findings.map(f => f.ruleId).sort()).toEqual([
      'dapr-shared-app-channel-missing',
      'dapr-shared-single-replica',
      'dapr-shared-without-network-policy',
    ]);
  });

  it('honours rules and rules configuration', () => {
    const built = index({
      rulesConfig: { 'component-unscoped': { enabled: false } },
    });
    expect(built.apps.get('prod/demo/orders')!.findings).toEqual([]);
    expect(built.apps.get('prod/demo/orders')!.score).toBe(100);
    const none = index({ rules: [] });
    expect(
      [...none.apps.values()].every(
        v => v.findings.length === 0 && v.score === 100,
      ),
    ).toBe(true);
  });

  it('finds views by entity reference', () => {
    const built = index();
    expect(findAppViews(built, { appId: 'orders' }).map(v => v.key)).toEqual([
      'prod/demo/orders',
      'staging/demo/orders',
    ]);
    expect(
      findAppViews(built, { appId: 'orders', cluster: 'staging' }).map(
        v => v.key,
      ),
    ).toEqual(['staging/demo/orders']);
    expect(findAppViews(built, { appId: 'orders', namespace: 'shop' })).toEqual(
      [],
    );
    expect(findAppViews(built, { appId: 'nobody' })).toEqual([]);
  });

  it('marks views of clusters with errors or unobserved kinds', () => {
    const snapshot = clusterSnapshot('prod', prodObjects(), {
      state: {
        lastError: 'connection refused',
        kinds: {
          CiliumNetworkPolicy: { status: 'forbidden' },
          Component: { status: 'synced' },
          Gateway: { status: 'not-installed' },
        },
      },
    });
    const view = buildAppIndex(fleet(snapshot)).apps.get('prod/demo/orders')!;
    expect(view.stale).toBe(true);
    expect(view.unobservedKinds).toEqual(['CiliumNetworkPolicy']);
  });
});

describe('computeFleetContext', () => {
  it('counts daprd versions and picks the most common', () => {
    const context = index().context;
    expect(context.daprdVersions).toEqual({ '1.16.0': 2, '1.15.7': 2 });
    // A tie goes to the newer version.
    expect(context.mostCommonDaprdVersion).toBe('1.16.0');
    expect(context.source).toBe('cluster');
  });

  it('reads daprsystem mTLS per cluster, preferring dapr-system', () => {
    expect(index().context.daprsystemMtls).toEqual({
      prod: true,
      staging: false,
    });
    const grouped = groupFleetSnapshot(
      fleet(
        clusterSnapshot('c', [
          configuration({
            name: 'daprsystem',
            namespace: 'dapr-system',
            mtls: true,
          }),
          configuration({ name: 'daprsystem', namespace: 'zzz', mtls: false }),
        ]),
      ),
    );
    expect(computeFleetContext(grouped).daprsystemMtls).toEqual({ c: true });
    expect(
      computeFleetContext(groupFleetSnapshot(fleet(clusterSnapshot('c', []))))
        .daprsystemMtls,
    ).toEqual({ c: undefined });
  });

  it('takes overrides', () => {
    expect(
      computeFleetContext(index().grouped, { mostCommonDaprdVersion: '1.17.0' })
        .mostCommonDaprdVersion,
    ).toBe('1.17.0');
  });
});

describe('incremental rebuild', () => {
  it('builds one view like the full index does', () => {
    const built = index();
    const view = buildAppView(built.grouped, built.context, {
      cluster: 'prod',
      namespace: 'demo',
      appId: 'orders',
    });
    expect(view).toEqual(built.apps.get('prod/demo/orders'));
  });

  it('regroups one cluster and shares the others', () => {
    const built = index();
    const changed = withClusterSnapshot(
      built.grouped,
      'staging',
      clusterSnapshot('staging', [
        chartDaprShared({ appId: 'audit', version: '1.16.0' }),
      ]),
    );
    expect(changed.clusters.get('prod')).toBe(
      built.grouped.clusters.get('prod'),
    );
    expect(
      listAppKeys(changed.clusters.get('staging')!).map(k => k.appId),
    ).toEqual(['audit']);
    const context = computeFleetContext(changed);
    expect(context.daprdVersions).toEqual({ '1.16.0': 3 });
    const removed = withClusterSnapshot(changed, 'staging', undefined);
    expect([...removed.clusters.keys()]).toEqual(['prod']);
  });

  it('accepts an already grouped fleet', () => {
    const built = index();
    expect([...buildAppIndex(built.grouped).apps.keys()]).toEqual([
      ...built.apps.keys(),
    ]);
  });
});

// How fast this is lives in the benchmarks (`npm run bench`), not in a timed test.
describe('a fleet of 5,000 app-ids', () => {
  it('indexes every app-id of ~25,000 objects with its own components, policies and routes', () => {
    const raws: RawKubernetesObject[] = [
      gatewayClass(),
      gateway({ from: 'All' }),
      chartDaprShared({ appId: 'gateway' }),
      daprService('gateway'),
    ];
    for (let i = 0; i < 5000; i++) {
      const appId = `app-${i}`;
      const namespace = `team-${i % 50}`;
      raws.push(
        chartDaprShared({
          appId,
          namespace,
          remoteURL: `${appId}.${namespace}.svc`,
          version: i % 10 === 0 ? '1.15.7' : '1.16.0',
        }),
        daprService(appId, namespace),
        workload({ name: appId, namespace, podLabels: { app: appId } }),
        component({ name: `${appId}-store`, namespace, scopes: [appId] }),
        i % 2 === 0
          ? httpRoute({
              name: appId,
              hostnames: [`${appId}.example.com`],
              rules: [
                invokeRule(`/${appId}`, `${appId}.${namespace}`, 'gateway'),
              ],
            })
          : cnp({
              name: appId,
              namespace,
              endpointSelector: { matchLabels: { 'dapr.io/app-id': appId } },
              ingress: [{ fromEntities: ['cluster'] }],
            }),
      );
    }
    for (let n = 0; n < 50; n++)
      raws.push(service({ name: 'shared', namespace: `team-${n}` }));
    const snapshot = fleet(clusterSnapshot('big', raws));
    const objectCount = Object.values(snapshot.clusters[0].objects).reduce(
      (n, list) => n + (list?.length ?? 0),
      0,
    );
    expect(objectCount).toBeGreaterThanOrEqual(25000);

    const built = buildAppIndex(snapshot);

    expect(built.apps.size).toBe(5001);
    const sample = built.apps.get('big/team-7/app-7')!;
    expect(sample.components.map(c => c.name)).toEqual(['app-7-store']);
    expect(sample.policies.map(p => p.ref.name)).toEqual(['app-7']);
    expect(built.apps.get('big/team-8/app-8')!.routes.map(r => r.mode)).toEqual(
      ['via-dapr'],
    );
    expect(built.context.mostCommonDaprdVersion).toBe('1.16.0');
  });
});
