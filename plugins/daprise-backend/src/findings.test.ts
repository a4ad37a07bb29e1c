import { testControlPlane } from '@daprise/local-control-plane';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { builtinRules } from '@daprise/plugin-daprise-common';
import request from 'supertest';
import {
  eventually,
  exampleEntities,
  startDapriseBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const cluster = testControlPlane();
const clusters = [
  {
    name: 'local',
    url: cluster.server,
    caData: cluster.caData,
    token: cluster.adminToken,
  },
];

/** The policy examples/cluster leaves behind for a retired app: it selects no pod. */
const RETIRED_POLICY = {
  cluster: 'local',
  kind: 'CiliumNetworkPolicy',
  namespace: 'shop',
  name: 'billing-dapr-from-gateway-dapr',
};

describe('GET /findings and GET /rules on the example topology', () => {
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    api = await startDapriseBackend({
      clusters,
      entities: [
        ...exampleEntities,
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'gateway',
            namespace: 'default',
            annotations: {
              'dapr.io/app-id': 'gateway',
              'backstage.io/kubernetes-namespace': 'infra',
            },
          },
          spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
        },
      ],
      config: {
        rules: { 'dapr-shared-single-replica': { severity: 'low', weight: 7 } },
      },
    });
    await eventually(async () => {
      const res = await api.get('/findings?kind=CiliumNetworkPolicy');
      return res.body.totalCount > 0 ? true : undefined;
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  it('lists the finding of an object that belongs to no app, and one that does', async () => {
    // Only the example's namespaces: other tests' objects share the cluster.
    const res = await api.get('/findings?namespace=shop,infra&limit=500');
    expect(res.status).toBe(200);
    const keys = res.body.items.map(
      (f: any) => `${f.ruleId} ${f.object.kind} ${f.object.name}`,
    );
    expect(keys).toEqual(
      expect.arrayContaining([
        'cilium-policy-selects-nothing CiliumNetworkPolicy billing-dapr-from-gateway-dapr',
        'dapr-shared-single-replica Deployment gateway-dapr-shared-chart',
      ]),
    );
    const retired = res.body.items.find(
      (f: any) => f.object.name === RETIRED_POLICY.name,
    );
    expect(retired).toMatchObject({
      cluster: 'local',
      severity: 'low',
      field: 'spec.endpointSelector',
      object: RETIRED_POLICY,
      apps: [],
      anchor: expect.stringContaining('docs.cilium.io'),
    });
    const replica = res.body.items.find(
      (f: any) =>
        f.ruleId === 'dapr-shared-single-replica' &&
        f.object.name === 'gateway-dapr-shared-chart',
    );
    // Configuration's severity, as everywhere else. The gateway's Dapr Shared is the
    // gateway app's, and a hop of the orders and inventory routes: all three views hold it.
    // (Other test files route through the same gateway from namespaces of their own.)
    expect(replica.severity).toBe('low');
    expect(
      replica.apps.filter((key: string) => /^local\/(infra|shop)\//.test(key)),
    ).toEqual([
      'local/infra/gateway',
      'local/shop/inventory',
      'local/shop/orders',
    ]);
    expect(res.body.facets.kinds).toEqual(
      expect.arrayContaining(['CiliumNetworkPolicy', 'Deployment']),
    );
    expect(res.body.indexVersion).toBeGreaterThan(0);
  });

  it('filters by whether the object belongs to an app, cluster, namespace, kind, rule, severity and text', async () => {
    const names = async (query: string) =>
      (await api.get(`/findings?limit=500&${query}`)).body.items.map(
        (f: any) => f.object.name,
      );
    expect(await names('namespace=shop,infra&apps=none')).toContain(
      RETIRED_POLICY.name,
    );
    expect(await names('namespace=shop,infra&apps=none')).not.toContain(
      'gateway-dapr-shared-chart',
    );
    expect(await names('namespace=shop,infra&apps=some')).toContain(
      'gateway-dapr-shared-chart',
    );
    expect(await names('namespace=shop,infra&apps=some')).not.toContain(
      RETIRED_POLICY.name,
    );
    expect(await names('namespace=shop&kind=CiliumNetworkPolicy')).toEqual([
      RETIRED_POLICY.name,
    ]);
    expect(
      await names('namespace=infra,shop&rule=cilium-policy-selects-nothing'),
    ).toEqual([RETIRED_POLICY.name]);
    expect(
      await names(
        'severity=critical,high&kind=CiliumNetworkPolicy&namespace=shop',
      ),
    ).toEqual([]);
    expect(await names('cluster=elsewhere')).toEqual([]);
    // Text search is case-insensitive; within the example's namespaces (other test files
    // apply examples/staging, whose legacy namespace holds billing's objects too).
    expect(await names('namespace=shop,infra&q=BILLING')).toEqual([
      RETIRED_POLICY.name,
    ]);
    // The summary counts by rule whatever the rule filter.
    const byRule = await api.get('/findings?rule=dapr-shared-single-replica');
    expect(byRule.body.summary.findings).toBe(byRule.body.totalCount);
    expect(byRule.body.summary.byRule.map((r: any) => r.ruleId)).toContain(
      'cilium-policy-selects-nothing',
    );
  });

  it('sorts and pages', async () => {
    const all = (
      await api.get(
        '/findings?namespace=shop,infra&sort=name&order=desc&limit=500',
      )
    ).body;
    expect(all.totalCount).toBeGreaterThanOrEqual(2);
    const names = all.items.map((f: any) => f.object.name);
    expect(names).toEqual(
      [...names].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
    );
    const second = (
      await api.get(
        '/findings?namespace=shop,infra&sort=name&order=desc&limit=1&offset=1',
      )
    ).body;
    expect(second).toMatchObject({
      offset: 1,
      limit: 1,
      totalCount: all.totalCount,
    });
    expect(second.items.map((f: any) => f.object.name)).toEqual([names[1]]);
  });

  it('exports every matching finding as CSV', async () => {
    const csv = await api.get(
      '/findings?format=csv&apps=none&kind=CiliumNetworkPolicy&namespace=shop',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('dapr-findings.csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'cluster,namespace,kind,name,rule,severity,field,apps,message,remediation',
    );
    expect(lines[1]).toMatch(
      /^local,shop,CiliumNetworkPolicy,billing-dapr-from-gateway-dapr,cilium-policy-selects-nothing,low,spec\.endpointSelector,,/,
    );
    expect(lines).toHaveLength(3);
  });

  it('answers an unknown query value with 400 naming the parameter and its allowed values', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/findings?apps=all', /^apps must be one of none, some; got 'all'$/],
      [
        '/findings?kind=Banana',
        /^kind must be one of Deployment, .*; got 'Banana'$/,
      ],
      [
        '/findings?sort=appId',
        /^sort must be one of severity, ruleId, cluster, namespace, kind, name; got 'appId'$/,
      ],
      [
        '/findings?severity=dire',
        /^severity must be one of critical, high, medium, low, info; got 'dire'$/,
      ],
      [
        '/findings?rule=no-such-rule',
        /^rule must be one of .*route-parent-missing.*; got 'no-such-rule'$/,
      ],
      [
        '/findings?limit=ten',
        /^limit must be a non-negative integer, got 'ten'$/,
      ],
      ['/findings?format=xml', /^format must be one of json, csv; got 'xml'$/],
    ];
    for (const [path, message] of cases) {
      const res = await api.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it("shows on an entity's view the object findings of its objects, and no other's", async () => {
    const findingsOf = async (entity: string) =>
      (await api.get(`/entity/default/component/${entity}`)).body.objectFindings
        // Other test files add routes through the example gateway (its view lists them,
        // as it should): only the example's own routes count here.
        .filter(
          (f: any) =>
            !f.object.kind.endsWith('Route') ||
            ['orders', 'inventory'].includes(f.object.name),
        )
        .map((f: any) => `${f.ruleId} ${f.object.name}`);
    // The gateway's own Dapr Shared; for orders, a hop of its route.
    expect(await findingsOf('gateway')).toEqual([
      'dapr-shared-single-replica gateway-dapr-shared-chart',
    ]);
    expect(await findingsOf('orders')).toEqual([
      'dapr-shared-single-replica gateway-dapr-shared-chart',
    ]);
    // Neither shows the policy that belongs to no app.
    const orders = await api.get('/entity/default/component/orders');
    expect(JSON.stringify(orders.body)).not.toContain(RETIRED_POLICY.name);
  });

  it('documents every rule, with its settings as configured', async () => {
    const res = await api.get('/rules');
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: any) => r.id)).toEqual(
      builtinRules.map(r => r.id),
    );
    for (const rule of res.body.items) {
      expect(rule).toEqual(
        expect.objectContaining({
          title: expect.any(String),
          description: expect.any(String),
          rationale: expect.any(String),
          remediation: expect.any(String),
          docsUrl: expect.stringMatching(/^https:\/\//),
          kinds: expect.arrayContaining([expect.any(String)]),
        }),
      );
    }
    const policy = res.body.items.find(
      (r: any) => r.id === 'cilium-policy-selects-nothing',
    );
    expect(policy).toMatchObject({
      levels: ['object'],
      kinds: ['CiliumNetworkPolicy'],
      kiali: 'KIA0004',
      defaultSeverity: 'low',
      severity: 'low',
      defaultEnabled: true,
      enabled: true,
    });
    const replica = res.body.items.find(
      (r: any) => r.id === 'dapr-shared-single-replica',
    );
    expect(replica).toMatchObject({
      defaultSeverity: 'medium',
      severity: 'low',
      weight: 7,
    });
    expect(replica.defaultWeight).not.toBe(7);
  });
});

describe('GET /findings is guarded as GET /fleet is', () => {
  it('answers 403 to a user without daprise.fleet.read, before reading the query', async () => {
    const { backend, get } = await startDapriseBackend({
      clusters,
      permission: AuthorizeResult.DENY,
    });
    try {
      for (const path of [
        '/findings',
        '/findings?format=csv',
        '/findings?apps=all',
      ]) {
        const res = await get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toContain('daprise.fleet.read');
      }
      // The rules say nothing about the fleet: any signed-in user may read them.
      expect((await get('/rules')).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('answers 401 without credentials', async () => {
    const { backend } = await startDapriseBackend({
      clusters,
      requireCredentials: true,
    });
    try {
      for (const path of ['/findings', '/rules']) {
        const res = await request(backend.server).get(`/api/daprise${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
      const user = await request(backend.server)
        .get('/api/daprise/findings')
        .set('Authorization', mockCredentials.user.header());
      expect(user.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
