import {
  applyObjects,
  createTestNamespace,
  kubeRequest,
  mintServiceAccount,
  testControlPlane,
} from '@daprise/local-control-plane';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KINDS } from '@daprise/plugin-daprise-common';
import request from 'supertest';
import { daprSharedObjects } from './__testUtils__/fixtures';
import {
  eventually,
  exampleEntities,
  startDapriseBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const cluster = testControlPlane();
const admin = cluster.admin();

describe('the Daprise backend on the local control plane with the example topology', () => {
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    // The token of the ServiceAccount that examples/rbac binds to the shipped read-only ClusterRole.
    const reader = await mintServiceAccount(admin, {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: reader.token,
        },
      ],
      entities: [
        ...exampleEntities,
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'canary-app',
            namespace: 'default',
            annotations: { 'dapr.io/app-id': 'canary-app' },
          },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            owner: 'group:default/team-shop',
          },
        },
      ],
    });
    await eventually(async () => {
      const res = await api.get('/clusters');
      return res.body.items?.[0]?.synced ? true : undefined;
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  it('reports the example topology exactly', async () => {
    const res = await eventually(async () => {
      const r = await api.get('/entity/default/component/orders');
      return r.body.apps?.[0]?.routes?.[0]?.parents?.length ? r : undefined;
    });
    expect(res.status).toBe(200);
    expect(res.body.daprRef).toEqual({ appId: 'orders', namespace: 'shop' });
    expect(res.body.apps).toHaveLength(1);
    const [app] = res.body.apps;
    expect(app).toMatchObject({
      cluster: 'local',
      namespace: 'shop',
      appId: 'orders',
      stale: false,
    });

    expect(app.daprShared).toHaveLength(1);
    expect(app.daprShared[0]).toMatchObject({
      ref: {
        cluster: 'local',
        kind: 'DaemonSet',
        namespace: 'shop',
        name: 'orders-dapr-shared-chart',
      },
      appId: 'orders',
      strategy: 'daemonset',
      madeBy: 'helm',
      daprdVersion: '1.16.0',
      mtls: true,
      config: 'orders-config',
      appPort: 8080,
      appChannelAddress: 'orders.shop.svc.cluster.local',
      desired: 3,
      ready: 3,
    });
    expect(app.sidecars).toEqual([]);
    expect(
      app.appWorkloads.map((w: any) => `${w.ref.kind}/${w.ref.name}`),
    ).toEqual(['Deployment/orders']);

    expect(
      app.components.map((c: any) => [c.name, c.type, c.version, c.scopes]),
    ).toEqual([
      ['orders-pubsub', 'pubsub.redis', 'v1', ['orders']],
      ['orders-state', 'state.redis', 'v1', ['orders']],
    ]);
    const password = app.components[1].metadata.find(
      (m: any) => m.name === 'redisPassword',
    );
    expect(password).toEqual({
      name: 'redisPassword',
      secretKeyRef: { name: 'redis', key: 'redis-password' },
    });
    // The Configuration its Dapr Shared names; daprsystem is the control plane's.
    expect(app.configurations.map((c: any) => c.name)).toEqual([
      'orders-config',
    ]);
    expect(app.resiliencies.map((r: any) => r.name)).toEqual([
      'orders-resiliency',
    ]);
    expect(app.subscriptions.map((s: any) => s.name)).toEqual([
      'orders-created',
    ]);

    expect(app.routes).toHaveLength(1);
    const [route] = app.routes;
    expect(route).toMatchObject({
      ref: { kind: 'HTTPRoute', namespace: 'infra', name: 'orders' },
      mode: 'via-dapr',
      hostnames: ['orders.shop.example.com'],
      matches: [{ path: { type: 'PathPrefix', value: '/orders' } }],
      via: { namespace: 'infra', appId: 'gateway' },
      target: { namespace: 'shop', appId: 'orders' },
    });
    expect(route.parents).toEqual([
      expect.objectContaining({
        gateway: expect.objectContaining({
          namespace: 'infra',
          name: 'public',
        }),
        controllerName: 'io.cilium/gateway-controller',
      }),
    ]);
    const conditions = route.parents[0].conditions.map(
      (c: any) => `${c.type}=${c.status}`,
    );
    expect(conditions).toEqual(
      expect.arrayContaining(['Accepted=True', 'ResolvedRefs=True']),
    );
    expect(route.hops.map((h: any) => h.status)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
    ]);

    expect(app.policies.map((p: any) => p.ref.name).sort()).toEqual([
      'orders-dapr-from-gateway-dapr',
      'orders-dapr-from-orders-app',
      'orders-from-orders-dapr',
    ]);
    expect(app.findings).toEqual([]);
    expect(app.score).toBe(100);
    expect(new Date(res.body.observedAt).getTime()).toBeLessThanOrEqual(
      Date.now(),
    );
  });

  it('sees every kind it needs through the shipped read-only ClusterRole', async () => {
    const res = await api.get('/clusters');
    expect(res.status).toBe(200);
    const [local] = res.body.items;
    expect(local).toMatchObject({ name: 'local', synced: true, stale: false });
    const states = Object.fromEntries(
      Object.entries(local.kinds).map(([kind, s]: any) => [kind, s.state]),
    );
    expect(Object.values(states).every(state => state === 'synced')).toBe(true);
    expect(Object.keys(states)).toEqual(Object.keys(KINDS));
  });

  it('has a change in the cluster in its index within a second', async () => {
    const namespace = await createTestNamespace(admin, 'change');
    const appId = `${namespace}-app`;
    const started = Date.now();
    await applyObjects(admin, daprSharedObjects(namespace, appId));
    const row = await eventually(async () => {
      const res = await api.get(`/fleet?q=${appId}`);
      return res.body.totalCount === 1 ? res.body.items[0] : undefined;
    }, 10_000);
    const visibleAfterMs = Date.now() - started;
    expect(row).toMatchObject({
      cluster: 'local',
      namespace,
      appId,
      runtime: 'dapr-shared',
      daprdVersion: '1.16.0',
    });
    // Measured here, asserted by the benchmarks (`npm run bench`), not by this test.
    process.stderr.write(
      `daprise: a new Dapr Shared instance was in the index after ${visibleAfterMs} ms\n`,
    );

    await kubeRequest(
      admin,
      'DELETE',
      `/apis/apps/v1/namespaces/${namespace}/deployments/${appId}-dapr-shared-chart`,
    );
    await kubeRequest(
      admin,
      'DELETE',
      `/api/v1/namespaces/${namespace}/services/${appId}-dapr`,
    );
    await eventually(async () => {
      const res = await api.get(`/fleet?q=${appId}`);
      return res.body.totalCount === 0 ? true : undefined;
    }, 10_000);
  });

  it('never lets a secret value out of the backend', async () => {
    const namespace = await createTestNamespace(admin, 'canary');
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    await applyObjects(admin, [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace },
        stringData: { password: canary },
      },
      ...daprSharedObjects(namespace, 'canary-app'),
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'cache', namespace },
        spec: {
          type: 'state.redis',
          version: 'v1',
          metadata: [
            { name: 'redisHost', value: 'redis:6379' },
            { name: 'redisPassword', value: canary },
            {
              name: 'connectionString',
              value: `redis://user:${canary}@redis:6379`,
            },
          ],
        },
        scopes: ['canary-app'],
      },
    ]);
    const entity = await eventually(async () => {
      const res = await api.get('/entity/default/component/canary-app');
      return res.body.apps?.[0]?.components?.length === 1 ? res : undefined;
    });
    const component = entity.body.apps[0].components[0];
    expect(
      component.metadata.find((m: any) => m.name === 'redisHost').value,
    ).toBe('redis:6379');
    expect(
      component.metadata.find((m: any) => m.name === 'redisPassword').value,
    ).not.toContain(canary);
    expect(entity.body.apps[0].findings.map((f: any) => f.ruleId)).toContain(
      'component-plaintext-secret',
    );

    const responses = await Promise.all(
      [
        '/entity/default/component/canary-app',
        `/fleet?q=canary-app`,
        '/fleet?format=csv',
        '/fleet?limit=500',
        '/clusters',
        '/rules',
        '/changes?after=0',
      ].map(path => api.get(path)),
    );
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(canary);
    }
  });

  it('maps app-ids to catalog entities and lists entities without an annotation as such', async () => {
    const fleet = await api.get('/fleet?q=orders');
    expect(
      fleet.body.items.find((r: any) => r.appId === 'orders'),
    ).toMatchObject({
      entityRef: 'component:default/orders',
      owner: 'group:default/team-shop',
      runtime: 'dapr-shared',
      daprdVersion: '1.16.0',
    });
    const none = await api.get('/entity/default/component/no-dapr');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ daprRef: null, apps: [] });
    const missing = await api.get('/entity/default/component/not-in-catalog');
    expect(missing.status).toBe(404);
  });

  it('filters, sorts, pages and exports the fleet', async () => {
    const all = await api.get('/fleet?limit=500');
    expect(all.body.totalCount).toBeGreaterThanOrEqual(2);
    const page = await api.get('/fleet?sort=appId&order=desc&limit=1&offset=0');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.totalCount).toBe(all.body.totalCount);
    const ids = all.body.items.map((r: any) => r.appId);
    expect(page.body.items[0].appId).toBe([...ids].sort().reverse()[0]);
    const byNamespace = await api.get('/fleet?namespace=infra');
    expect(byNamespace.body.items.map((r: any) => r.appId)).toEqual([
      'gateway',
    ]);
    const csv = await api.get('/fleet?format=csv&namespace=shop');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'cluster,namespace,appId,entity,owner,runtime,daprdVersion,ready,desired,routes,components,score,findings,rules',
    );
    expect(csv.text).toContain(
      'local,shop,orders,component:default/orders,group:default/team-shop,dapr-shared,1.16.0,3,3,1,2,100,0,',
    );
    const bad = await api.get('/fleet?offset=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/offset/);
  });

  it('answers an unknown query value with 400 naming the parameter and its allowed values', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        '/fleet?sort=__proto__',
        /^sort must be one of appId, cluster, namespace, score, findings, owner; got '__proto__'$/,
      ],
      ['/fleet?order=up', /^order must be one of asc, desc; got 'up'$/],
      [
        '/fleet?severity=high,urgent',
        /^severity must be one of critical, high, medium, low, info; got 'urgent'$/,
      ],
      [
        '/fleet?rule=no-such-rule',
        /^rule must be one of .*component-unscoped.*; got 'no-such-rule'$/,
      ],
      ['/fleet?limit=ten', /^limit must be a non-negative integer, got 'ten'$/],
      ['/fleet?cluster[a]=b', /^cluster must be given as plain text/],
      ['/changes?after=-2', /^after must be a non-negative integer, got '-2'$/],
    ];
    for (const [path, message] of cases) {
      const res = await api.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    const good = await api.get(
      '/fleet?sort=score&order=desc&severity=high&severity=low,info&rule=component-unscoped',
    );
    expect(good.status).toBe(200);
  });

  it('answers /changes as soon as the index changes', async () => {
    const { indexVersion } = (await api.get('/fleet')).body;
    expect(indexVersion).toBeGreaterThan(0);
    // then() sends the request now; supertest would otherwise wait for the await below.
    const waiting = api.get(`/changes?after=${indexVersion}`).then(res => res);
    const namespace = await createTestNamespace(admin, 'changes');
    await applyObjects(admin, daprSharedObjects(namespace, `${namespace}-app`));
    const res = await waiting;
    expect(res.body.indexVersion).toBeGreaterThan(indexVersion);
  });

  it('answers an unchanged entity view with 304 and a changed one in full', async () => {
    const path = '/entity/default/component/orders';
    const first = await api.get(path);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await api.get(path).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);

    // Any change of the index makes a new body, with a new tag.
    const namespace = await createTestNamespace(admin, 'etag');
    await applyObjects(admin, daprSharedObjects(namespace, `${namespace}-app`));
    const changed = await eventually(async () => {
      const res = await api.get(path).set('If-None-Match', first.headers.etag);
      return res.status === 200 ? res : undefined;
    });
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.body.indexVersion).toBeGreaterThan(first.body.indexVersion);
    expect(changed.body.apps.map((a: any) => a.key)).toEqual([
      'local/shop/orders',
    ]);
  });
});

describe('an identity that may not read some kinds', () => {
  it('reports those kinds as forbidden and still serves everything else', async () => {
    // The shipped reader role minus Cilium's policies.
    const limited = await mintServiceAccount(admin, {
      name: 'daprise-reader-without-cilium',
      clusterRules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'daemonsets', 'statefulsets'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['batch'],
          resources: ['jobs', 'cronjobs'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: [''],
          resources: ['services', 'pods', 'namespaces'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['dapr.io'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['gateway.networking.k8s.io'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    });
    const { backend, get } = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: limited.token,
        },
      ],
    });
    try {
      const status = await eventually(async () => {
        const res = await get('/clusters');
        return res.body.items?.[0]?.synced ? res.body.items[0] : undefined;
      });
      expect(status.stale).toBe(false);
      expect(status.kinds.CiliumNetworkPolicy.state).toBe('forbidden');
      expect(status.kinds.CiliumClusterwideNetworkPolicy.state).toBe(
        'forbidden',
      );
      expect(status.kinds.HTTPRoute.state).toBe('synced');
      expect(status.kinds.Component.state).toBe('synced');
      // An index built while kinds were still listing counts those as unobserved too:
      // wait for one built after every kind settled (a view that still counts a kind the
      // status above has seen synced comes from an older index).
      const app = await eventually(async () => {
        const res = await get('/entity/default/component/orders');
        const view = res.body.apps?.[0];
        const settled = view?.unobservedKinds.every(
          (kind: string) =>
            !['syncing', 'synced'].includes(status.kinds[kind].state),
        );
        return view?.routes?.length && settled ? view : undefined;
      });
      expect(app.components.map((c: any) => c.name)).toEqual([
        'orders-pubsub',
        'orders-state',
      ]);
      // What could not be read is said, not taken for absent.
      expect(app.unobservedKinds).toEqual([
        'CiliumNetworkPolicy',
        'CiliumClusterwideNetworkPolicy',
      ]);
      expect(app.findings.map((f: any) => f.ruleId)).not.toContain(
        'dapr-shared-without-network-policy',
      );
    } finally {
      await backend.stop();
    }
  });
});

describe('the Daprise backend guards its API', () => {
  const clusters = [
    {
      name: 'local',
      url: cluster.server,
      caData: cluster.caData,
      token: cluster.adminToken,
    },
  ];

  it('answers 401 to unauthenticated requests', async () => {
    const { backend } = await startDapriseBackend({
      clusters,
      requireCredentials: true,
    });
    try {
      for (const path of [
        '/fleet',
        '/entity/default/component/orders',
        '/clusters',
        '/changes',
      ]) {
        const res = await request(backend.server).get(`/api/daprise${path}`);
        expect(res.status).toBe(401);
      }
    } finally {
      await backend.stop();
    }
  });

  it('answers /health without credentials', async () => {
    const { backend } = await startDapriseBackend({
      clusters,
      requireCredentials: true,
    });
    try {
      const res = await request(backend.server).get('/api/daprise/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the permission policy denies', async () => {
    const { backend, get } = await startDapriseBackend({
      clusters,
      permission: AuthorizeResult.DENY,
    });
    try {
      expect((await get('/fleet')).status).toBe(403);
      expect((await get('/clusters')).status).toBe(403);
      const entity = await get('/entity/default/component/orders');
      expect(entity.status).toBe(403);
      expect(entity.body.error.message).toContain('component:default/orders');
    } finally {
      await backend.stop();
    }
  });

  it('asks the permission policy once per user while its answer is fresh, as configured', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const { backend, get } = await startDapriseBackend({
      clusters,
      permissions: permissions.factory,
      config: { permissions: { decisionTtl: '1 hour' } },
    });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await get('/entity/default/component/orders')).status).toBe(
          200,
        );
        expect((await get('/fleet')).status).toBe(200);
      }
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
    } finally {
      await backend.stop();
    }
  });

  it('asks the permission policy on every request with a decisionTtl of 0', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const { backend, get } = await startDapriseBackend({
      clusters,
      permissions: permissions.factory,
      config: { permissions: { decisionTtl: { seconds: 0 } } },
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await get('/fleet')).status).toBe(200);
      expect(permissions.authorize).toHaveBeenCalledTimes(3);
    } finally {
      await backend.stop();
    }
  });
});

describe('a catalog with more Dapr entities than one page', () => {
  it('maps every one of them to its app-id', async () => {
    const entities = Array.from({ length: 1_234 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `paged-${i}`,
        namespace: 'default',
        annotations: { 'dapr.io/app-id': `paged-${i}` },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-shop',
      },
    }));
    const { backend, get } = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: cluster.adminToken,
        },
      ],
      entities,
    });
    try {
      // Each of these views exists because the catalog named its app-id (nothing runs).
      await eventually(async () => {
        const res = await get('/fleet?q=paged-');
        return res.body.totalCount === entities.length ? true : undefined;
      });
      const last = await get('/fleet?q=paged-1233');
      expect(last.body.items.map((row: any) => row.entityRef)).toEqual([
        'component:default/paged-1233',
      ]);
    } finally {
      await backend.stop();
    }
  });
});

describe('the Daprise backend reads its clusters as the scaffolder does', () => {
  it('fails at start on the old daprise.scaffolder.clusters, naming the key that replaces it', async () => {
    await expect(
      startDapriseBackend({
        clusters: [],
        config: {
          scaffolder: {
            clusters: [
              {
                name: 'local',
                url: cluster.server,
                serviceAccountToken: cluster.adminToken,
              },
            ],
          },
        },
      }),
    ).rejects.toThrow(
      'daprise.scaffolder.clusters is no longer read: list each cluster in daprise.clusters',
    );
  });
});
