import {
  applyObjects,
  createTestNamespace,
  testControlPlane,
} from '@daprise/local-control-plane';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  dapriseClusterApplyPermission,
  parseApplyTargetRef,
} from '@daprise/plugin-daprise-common';
import { daprSharedObjects } from './__testUtils__/fixtures';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const cluster = testControlPlane();
const admin = cluster.admin();
const clusters = [
  {
    name: 'local',
    url: cluster.server,
    caData: cluster.caData,
    token: cluster.adminToken,
  },
];

/**
 * A policy like the portal's for a team member: `daprise.cluster.apply` conditional, allowed
 * only into `namespaces`; no `daprise.fleet.read`.
 */
function teamPolicy(namespaces: () => string[]) {
  return mockServices.permissions.mock({
    authorizeConditional: async requests =>
      requests.map(r =>
        isPermission(r.permission, dapriseClusterApplyPermission)
          ? ({
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'scaffolder',
              resourceType: 'daprise-apply-target',
              conditions: {
                rule: 'IS_IN_NAMESPACE',
                resourceType: 'daprise-apply-target',
                params: { namespaces: namespaces() },
              },
            } as any)
          : { result: AuthorizeResult.DENY },
      ),
    authorize: async requests =>
      requests.map(r => {
        const target =
          'resourceRef' in r && r.resourceRef
            ? parseApplyTargetRef(r.resourceRef)
            : undefined;
        return {
          result:
            target &&
            isPermission(r.permission, dapriseClusterApplyPermission) &&
            namespaces().includes(target.namespace)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  });
}

describe('the scaffolder pickers on the local control plane with the example topology', () => {
  let namespace: string;
  let allowAll: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'pickers');
    await applyObjects(admin, [
      ...daprSharedObjects(namespace, 'taken'),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'ListenerSet',
        metadata: { name: 'team-listeners', namespace },
        spec: {
          parentRef: { name: 'public', namespace: 'infra' },
          listeners: [
            {
              name: 'https-team',
              port: 443,
              protocol: 'HTTPS',
              hostname: `*.${namespace}.example.com`,
              tls: { certificateRefs: [{ name: 'team-cert' }] },
            },
          ],
        },
      },
    ]);
    allowAll = await startDapriseBackend({ clusters });
    await eventually(async () => {
      const res = await allowAll.get(
        `/scaffolder/app-ids/local/${namespace}/taken`,
      );
      return res.body.usedBy?.length ? true : undefined;
    });
  });

  afterAll(async () => {
    await allowAll?.backend.stop();
  });

  describe('GET /scaffolder/namespaces', () => {
    it('lists the namespaces of the index, without the reserved ones, when the policy allows every apply', async () => {
      const res = await allowAll.get('/scaffolder/namespaces?cluster=local');
      expect(res.status).toBe(200);
      const names = res.body.items.map((n: any) => n.namespace);
      expect(names).toEqual(
        expect.arrayContaining(['default', 'infra', 'shop', namespace]),
      );
      expect(names.filter((n: string) => /^(kube-|dapr-)/.test(n))).toEqual([]);
      expect(res.body.items.find((n: any) => n.namespace === 'shop')).toEqual({
        cluster: 'local',
        namespace: 'shop',
        appIds: expect.any(Number),
      });
      expect(
        res.body.items.find((n: any) => n.namespace === 'shop').appIds,
      ).toBeGreaterThanOrEqual(2);
      expect(res.body.clusters).toEqual([
        { name: 'local', namespacesKnown: true },
      ]);
    });

    it('offers only the namespaces the apply permission allows, asking the policy once for all of them', async () => {
      const permissions = teamPolicy(() => ['shop', namespace]);
      const team = await startDapriseBackend({
        clusters,
        permissions: permissions.factory,
      });
      try {
        const res = await eventually(async () => {
          const r = await team.get('/scaffolder/namespaces');
          return r.body.items?.length ? r : undefined;
        });
        expect(res.body.items.map((n: any) => n.namespace)).toEqual(
          ['shop', namespace].sort(),
        );
        // One overall question, then one batch for every namespace of the cluster.
        const applyBatches = permissions.authorize.mock.calls.filter(
          ([requests]) =>
            requests.some(r =>
              isPermission(r.permission, dapriseClusterApplyPermission),
            ),
        );
        expect(applyBatches).toHaveLength(1);
        expect(applyBatches[0][0].length).toBeGreaterThan(3);
      } finally {
        await team.backend.stop();
      }
    });

    it('offers nothing when the policy denies applying, and refuses a cluster that is not configured', async () => {
      const denied = await startDapriseBackend({
        clusters,
        permission: AuthorizeResult.DENY,
      });
      try {
        await eventually(async () => {
          const r = await denied.get('/scaffolder/namespaces');
          return r.body.clusters?.[0]?.namespacesKnown ? true : undefined;
        });
        const res = await denied.get('/scaffolder/namespaces');
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
      } finally {
        await denied.backend.stop();
      }
      const unknown = await allowAll.get('/scaffolder/namespaces?cluster=prod');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        "cluster must be one of local; got 'prod'",
      );
    });
  });

  it("lists the scaffolder's default cluster first: the pickers' default", async () => {
    const twoClusters = await startDapriseBackend({
      clusters: [...clusters, { ...clusters[0], name: 'other' }],
      config: { scaffolder: { defaultCluster: 'other' } },
    });
    try {
      const res = await eventually(async () => {
        const r = await twoClusters.get('/scaffolder/namespaces');
        return r.body.clusters?.every((c: any) => c.namespacesKnown)
          ? r
          : undefined;
      });
      expect(res.body.clusters.map((c: any) => c.name)).toEqual([
        'other',
        'local',
      ]);
      expect(res.body.items[0].cluster).toBe('other');
    } finally {
      await twoClusters.backend.stop();
    }
  });

  describe('GET /scaffolder/gateways', () => {
    it('lists the example Gateway with its listeners, those of a ListenerSet and their status', async () => {
      const res = await allowAll.get('/scaffolder/gateways?cluster=local');
      expect(res.status).toBe(200);
      const gateway = res.body.items.find(
        (g: any) => g.namespace === 'infra' && g.name === 'public',
      );
      expect(gateway).toMatchObject({
        cluster: 'local',
        gatewayClassName: 'cilium',
        addresses: ['192.0.2.10'],
        accepted: { status: 'True', reason: 'Accepted' },
        programmed: { status: 'True', reason: 'Programmed' },
      });
      expect(gateway.listeners[0]).toEqual({
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        hostname: '*.shop.example.com',
        allowedRoutesFrom: 'All',
        attachedRoutes: expect.any(Number),
        accepted: expect.objectContaining({ status: 'True' }),
        programmed: expect.objectContaining({ status: 'True' }),
      });
      expect(
        gateway.listeners.find((l: any) => l.name === 'https-team'),
      ).toEqual({
        name: 'https-team',
        port: 443,
        protocol: 'HTTPS',
        hostname: `*.${namespace}.example.com`,
        allowedRoutesFrom: 'Same',
        listenerSet: { namespace, name: 'team-listeners' },
        // The CRD's default status: no controller has taken the ListenerSet up.
        accepted: {
          status: 'Unknown',
          reason: 'Pending',
          message: 'Waiting for controller',
        },
        programmed: {
          status: 'Unknown',
          reason: 'Pending',
          message: 'Waiting for controller',
        },
      });
    });

    it('answers a team member who may apply somewhere, and refuses one who may apply nowhere', async () => {
      const team = await startDapriseBackend({
        clusters,
        permissions: teamPolicy(() => ['shop']).factory,
      });
      const nobody = await startDapriseBackend({
        clusters,
        permission: AuthorizeResult.DENY,
      });
      try {
        const res = await eventually(async () => {
          const r = await team.get('/scaffolder/gateways');
          return r.body.items?.length ? r : undefined;
        });
        expect(
          res.body.items.map((g: any) => `${g.namespace}/${g.name}`),
        ).toContain('infra/public');
        const refused = await nobody.get('/scaffolder/gateways');
        expect(refused.status).toBe(403);
        expect(refused.body.items).toBeUndefined();
      } finally {
        await team.backend.stop();
        await nobody.backend.stop();
      }
    });
  });

  describe('GET /scaffolder/app-ids/:cluster/:namespace/:appId', () => {
    it('reports what already uses an app-id in the namespace', async () => {
      const res = await allowAll.get('/scaffolder/app-ids/local/shop/orders');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        cluster: 'local',
        namespace: 'shop',
        appId: 'orders',
        known: true,
        available: false,
      });
      expect(res.body.usedBy).toEqual(
        expect.arrayContaining(['DaemonSet shop/orders-dapr-shared-chart']),
      );
      const other = await allowAll.get(
        `/scaffolder/app-ids/local/${namespace}/taken`,
      );
      expect(other.body.usedBy).toEqual([
        `Deployment ${namespace}/taken-dapr-shared-chart`,
        `Service ${namespace}/taken-dapr`,
      ]);
    });

    it('finds a free app-id free, in its namespace only', async () => {
      const free = await allowAll.get(
        '/scaffolder/app-ids/local/shop/payments',
      );
      expect(free.body).toEqual({
        cluster: 'local',
        namespace: 'shop',
        appId: 'payments',
        usedBy: [],
        known: true,
        available: true,
      });
      // Dapr resolves app-ids per namespace: orders of shop does not take it elsewhere.
      const elsewhere = await allowAll.get(
        `/scaffolder/app-ids/local/${namespace}/orders`,
      );
      expect(elsewhere.body.available).toBe(true);
    });

    it('answers the format rule an app-id breaks, as the render action would', async () => {
      const upper = await allowAll.get('/scaffolder/app-ids/local/shop/Orders');
      expect(upper.status).toBe(200);
      expect(upper.body.available).toBe(false);
      expect(upper.body.formatIssue).toMatchObject({ rule: 'dns-1123-label' });
      const reserved = await allowAll.get(
        '/scaffolder/app-ids/local/shop/dapr-api',
      );
      expect(reserved.body.formatIssue).toMatchObject({
        rule: 'reserved-name',
      });
      const long = await allowAll.get(
        `/scaffolder/app-ids/local/shop/${'a'.repeat(54)}`,
      );
      expect(long.body.formatIssue).toMatchObject({ rule: 'max-length' });
    });

    it('refuses a namespace the user may not apply into, a bad namespace and an unknown cluster', async () => {
      const team = await startDapriseBackend({
        clusters,
        permissions: teamPolicy(() => ['shop']).factory,
      });
      try {
        const taken = await eventually(async () => {
          const r = await team.get('/scaffolder/app-ids/local/shop/orders');
          return r.body.known ? r : undefined;
        });
        expect(taken.body.available).toBe(false);
        const refused = await team.get(
          '/scaffolder/app-ids/local/infra/gateway',
        );
        expect(refused.status).toBe(403);
        expect(refused.body.usedBy).toBeUndefined();
      } finally {
        await team.backend.stop();
      }
      const badNamespace = await allowAll.get(
        '/scaffolder/app-ids/local/Shop_1/orders',
      );
      expect(badNamespace.status).toBe(400);
      expect(badNamespace.body.error.message).toContain(
        'Namespace "Shop_1" is not a DNS-1123 label',
      );
      const unknown = await allowAll.get(
        '/scaffolder/app-ids/prod/shop/orders',
      );
      expect(unknown.status).toBe(404);
    });
  });
});
