import path from 'node:path';
import {
  CRD_SETS,
  crdNames,
  CrdSetName,
  kubeRequest,
  loadManifests,
  LocalControlPlane,
  repoRoot,
} from '@daprise/local-control-plane';
import { isKindName, KINDS } from '@daprise/plugin-daprise-common';
import {
  eventually,
  exampleEntities,
  startDapriseBackend,
} from './__testUtils__/testBackend';

/** The example catalog's inventory: the gRPC app with a Dapr sidecar. */
const inventoryEntity = {
  ...exampleEntities[0],
  metadata: {
    name: 'inventory',
    namespace: 'default',
    annotations: {
      'dapr.io/app-id': 'inventory',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
};

jest.setTimeout(240_000);

const sets = Object.keys(CRD_SETS) as CrdSetName[];

/** A cluster name for a set: its Dapr version, which the sets differ in. */
const clusterName = (set: CrdSetName) => set.split('+')[0].replace(/\./g, '-');

/**
 * The example topology as a cluster of the set serves it: the objects of a kind whose CRD the
 * set does not install (Dapr 1.18's MCPServer, say, on Dapr 1.16) are left out, as such a
 * cluster's API server would refuse them; returned apart, by kind.
 */
function exampleTopologyFor(set: CrdSetName) {
  const served = [];
  const skipped = new Set<string>();
  for (const object of loadManifests(
    path.join(repoRoot(), 'examples', 'cluster'),
  )) {
    const kind = object.kind ?? '';
    const crd = isKindName(kind) ? KINDS[kind].crd : undefined;
    if (crd && !crdNames(set).includes(crd)) skipped.add(kind);
    else served.push(object);
  }
  return { served, skipped: [...skipped].sort() };
}

// Fleets upgrade one cluster at a time: the example topology must be accepted, and read
// the same, on a cluster of today's platforms and on one of the generation before.
describe('the example topology on every CRD set', () => {
  const clusters = new Map<CrdSetName, LocalControlPlane>();
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    for (const set of sets) {
      const started = Date.now();
      const cp = await LocalControlPlane.start({ crdSet: set });
      clusters.set(set, cp);
      process.stderr.write(
        `daprise: a control plane with the ${set} CRDs started in ${
          Date.now() - started
        } ms\n`,
      );
    }
  });

  afterAll(async () => {
    await api?.backend.stop();
    for (const cp of clusters.values()) await cp.stop();
  });

  it.each(sets)('installs the CRDs of %s and no others', async set => {
    const cp = clusters.get(set)!;
    const res = await kubeRequest(
      cp.adminKubeConfig(),
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    );
    const installed = res
      .json()
      .items.map((crd: any) => crd.metadata.name)
      .sort();
    expect(installed).toEqual(crdNames(set));
  });

  it('does not serve the kinds that only today’s platforms have on the generation before', async () => {
    const [today, before] = sets;
    const onlyToday = crdNames(today).filter(
      name => !crdNames(before).includes(name),
    );
    expect(onlyToday).toEqual(
      expect.arrayContaining([
        'backendtlspolicies.gateway.networking.k8s.io',
        'listenersets.gateway.networking.k8s.io',
        'mcpservers.dapr.io',
        'tcproutes.gateway.networking.k8s.io',
        'tlsroutes.gateway.networking.k8s.io',
        'udproutes.gateway.networking.k8s.io',
        'workflowaccesspolicies.dapr.io',
      ]),
    );
    const admin = clusters.get(before)!.adminKubeConfig();
    const discovery = await kubeRequest(
      admin,
      'GET',
      '/apis/gateway.networking.k8s.io/v1',
    );
    const served = discovery.json().resources.map((r: any) => r.name);
    expect(served).toEqual(
      expect.arrayContaining(['httproutes', 'grpcroutes']),
    );
    expect(served).not.toContain('tlsroutes');
    expect(served).not.toContain('listenersets');
    const mcp = await kubeRequest(
      admin,
      'GET',
      '/apis/dapr.io/v1alpha1/namespaces/default/mcpservers',
    );
    expect(mcp.status).toBe(404);
  });

  it('leaves out of the example topology only the kinds a set does not serve', () => {
    const [today, before] = sets;
    expect(exampleTopologyFor(today).skipped).toEqual([]);
    expect(exampleTopologyFor(before).skipped).toEqual([
      'MCPServer',
      'WorkflowAccessPolicy',
    ]);
  });

  it.each(sets)('accepts the example topology on %s', async set => {
    const cp = clusters.get(set)!;
    await expect(
      cp.apply(exampleTopologyFor(set).served),
    ).resolves.toBeUndefined();
  });

  it('indexes the example topology the same on every set', async () => {
    api = await startDapriseBackend({
      entities: [...exampleEntities, inventoryEntity],
      clusters: sets.map(set => {
        const cp = clusters.get(set)!;
        return {
          name: clusterName(set),
          url: cp.server,
          caData: cp.caData,
          token: cp.adminToken,
        };
      }),
    });
    const status = await eventually(async () => {
      const res = await api.get('/clusters');
      const items: any[] = res.body.items ?? [];
      return items.length === sets.length && items.every(c => c.synced)
        ? items
        : undefined;
    }, 60_000);

    for (const set of sets) {
      const cluster = status.find(c => c.name === clusterName(set));
      // A kind is watched where the set installs its CRD, and not-installed (not an
      // error) where it does not.
      for (const info of Object.values(KINDS)) {
        const expected =
          !info.crd || crdNames(set).includes(info.crd)
            ? 'synced'
            : 'not-installed';
        expect([set, info.kind, cluster.kinds[info.kind]?.state]).toEqual([
          set,
          info.kind,
          expected,
        ]);
      }
    }

    const res = await eventually(async () => {
      const r = await api.get('/entity/default/component/orders');
      return r.body.apps?.length === sets.length &&
        r.body.apps.every((a: any) => a.routes?.[0]?.parents?.length)
        ? r
        : undefined;
    }, 30_000);
    const views = res.body.apps.map((app: any) => ({
      cluster: app.cluster,
      daprShared: app.daprShared.map((d: any) => d.ref.name),
      components: app.components.map((c: any) => `${c.type}/${c.version}`),
      subscriptions: app.subscriptions.map((s: any) => s.name),
      mcpServers: app.mcpServers.map((s: any) => s.name),
      workflowAccessPolicies: app.workflowAccessPolicies.map(
        (p: any) => p.name,
      ),
      routes: app.routes.map((r: any) => ({
        ref: r.ref.name,
        mode: r.mode,
        hops: r.hops.map((h: any) => h.status),
      })),
      policies: app.policies.map((p: any) => p.ref.name).sort(),
      findings: app.findings,
    }));
    const expected = {
      daprShared: ['orders-dapr-shared-chart'],
      components: ['pubsub.redis/v1', 'state.redis/v1'],
      subscriptions: ['orders-created'],
      routes: [
        { ref: 'orders', mode: 'via-dapr', hops: ['ok', 'ok', 'ok', 'ok'] },
      ],
      policies: [
        'orders-dapr-from-gateway-dapr',
        'orders-dapr-from-orders-app',
        'orders-from-orders-dapr',
      ],
      findings: [],
    };
    // Dapr 1.18's kinds are the orders app's only where the cluster serves them.
    const today = (set: CrdSetName) =>
      exampleTopologyFor(set).skipped.length === 0;
    expect(
      views.sort((a: any, b: any) => a.cluster.localeCompare(b.cluster)),
    ).toEqual(
      sets
        .map(set => ({
          cluster: clusterName(set),
          ...expected,
          mcpServers: today(set) ? ['catalog-tools'] : [],
          workflowAccessPolicies: today(set) ? ['orders-workflow-callers'] : [],
        }))
        .sort((a, b) => a.cluster.localeCompare(b.cluster)),
    );

    // The gRPC route through the gateway's Dapr Shared: GRPCRoute is served on both sets.
    const inventory = await eventually(async () => {
      const r = await api.get('/entity/default/component/inventory');
      return r.body.apps?.length === sets.length &&
        r.body.apps.every((a: any) => a.routes?.[0]?.parents?.length)
        ? r
        : undefined;
    }, 30_000);
    for (const app of inventory.body.apps)
      expect([
        app.cluster,
        app.routes.map((r: any) => ({
          kind: r.kind,
          name: r.name,
          mode: r.mode,
          invoke: r.invoke?.by,
          hops: r.hops.map((h: any) => h.status),
        })),
        app.findings,
      ]).toEqual([
        app.cluster,
        [
          {
            kind: 'GRPCRoute',
            name: 'inventory',
            mode: 'via-dapr',
            invoke: 'header',
            hops: ['ok', 'ok', 'ok', 'ok'],
          },
        ],
        [],
      ]);
  });
});
