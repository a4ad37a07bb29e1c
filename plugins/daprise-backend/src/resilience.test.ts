import path from 'node:path';
import {
  applyObjects,
  ensureCrds,
  installCrds,
  kubeRequest,
  loadManifests,
  LocalControlPlane,
  repoRoot,
  testControlPlane,
} from '@daprise/local-control-plane';
import { daprSharedObjects } from './__testUtils__/fixtures';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

type Api = Awaited<ReturnType<typeof startDapriseBackend>>;

async function fleetAppIds(api: Api, namespace: string): Promise<string[]> {
  const res = await api.get(`/fleet?namespace=${namespace}&limit=500`);
  return res.body.items.map((row: any) => row.appId);
}

async function clusterStatus(api: Api, name: string) {
  const res = await api.get('/clusters');
  return res.body.items.find((c: any) => c.name === name);
}

describe('a cluster whose CRDs are missing', () => {
  let cp: LocalControlPlane;
  let api: Api;

  beforeAll(async () => {
    cp = await LocalControlPlane.start({ installCrds: false });
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'bare',
          url: cp.server,
          caData: cp.caData,
          token: cp.adminToken,
        },
      ],
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
    await cp?.stop();
  });

  it('reports those kinds as not installed, not as errors, and picks them up once installed', async () => {
    const bare = await eventually(async () => {
      const status = await clusterStatus(api, 'bare');
      return status?.synced ? status : undefined;
    });
    expect(bare.stale).toBe(false);
    expect(bare.error).toBeUndefined();
    expect(bare.kinds.Deployment.state).toBe('synced');
    expect(bare.kinds.Service.state).toBe('synced');
    for (const kind of [
      'Component',
      'HTTPRoute',
      'Gateway',
      'CiliumNetworkPolicy',
      'Subscription',
    ]) {
      expect(bare.kinds[kind].state).toBe('not-installed');
    }
    const fleet = await api.get('/fleet');
    expect(fleet.status).toBe(200);

    await installCrds(cp.adminKubeConfig(), loadManifests(await ensureCrds()));
    await eventually(async () => {
      const status = await clusterStatus(api, 'bare');
      return status.kinds.Component.state === 'synced' &&
        status.kinds.HTTPRoute.state === 'synced'
        ? true
        : undefined;
    }, 30_000);
  });
});

describe('a cluster that restarts, goes away and comes back', () => {
  let cp: LocalControlPlane;
  let api: Api;
  const namespace = 'resilience';

  beforeAll(async () => {
    cp = await LocalControlPlane.start();
    await applyObjects(cp.adminKubeConfig(), [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    ]);
    await cp.apply(path.join(repoRoot(), 'examples', 'cluster'));
    const shared = testControlPlane();
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'second',
          url: cp.server,
          caData: cp.caData,
          token: cp.adminToken,
        },
        {
          name: 'local',
          url: shared.server,
          caData: shared.caData,
          token: shared.adminToken,
        },
      ],
    });
    await eventually(async () =>
      (await clusterStatus(api, 'second'))?.synced ? true : undefined,
    );
  });

  afterAll(async () => {
    await api?.backend.stop();
    await cp?.stop();
  });

  const create = (ids: string[]) =>
    applyObjects(
      cp.adminKubeConfig(),
      ids.flatMap(id => daprSharedObjects(namespace, id)),
    );
  const remove = async (ids: string[]) => {
    for (const id of ids) {
      await kubeRequest(
        cp.adminKubeConfig(),
        'DELETE',
        `/apis/apps/v1/namespaces/${namespace}/deployments/${id}-dapr-shared-chart`,
      );
      await kubeRequest(
        cp.adminKubeConfig(),
        'DELETE',
        `/api/v1/namespaces/${namespace}/services/${id}-dapr`,
      );
    }
  };
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `app-${from + i}`);

  it('shows one app-id that runs in two clusters once per cluster', async () => {
    const entity = await eventually(async () => {
      const res = await api.get('/entity/default/component/orders');
      return res.body.apps?.length === 2 ? res : undefined;
    });
    expect(
      entity.body.apps
        .map((a: any) => `${a.cluster}/${a.namespace}/${a.appId}`)
        .sort(),
    ).toEqual(['local/shop/orders', 'second/shop/orders']);
  });

  it('recovers from an API-server restart during its watches with nothing lost and nothing doubled', async () => {
    await create(ids(0, 20));
    await eventually(async () =>
      (await fleetAppIds(api, namespace)).length === 20 ? true : undefined,
    );

    await cp.stopApiServer();
    // While it is down the cluster is reported stale with its error; the last known state stays.
    const down = await eventually(async () => {
      const status = await clusterStatus(api, 'second');
      return status?.stale ? status : undefined;
    });
    expect(down.error).toMatch(/ECONNREFUSED|Premature close|socket|connect/i);
    // The index is rebuilt a moment after the state change (debounced).
    const stale = await eventually(async () => {
      const res = await api.get(`/fleet?namespace=${namespace}&limit=500`);
      return res.body.items.every((row: any) => row.stale) ? res : undefined;
    });
    expect(stale.status).toBe(200);
    expect(stale.body.items).toHaveLength(20);
    const entity = await api.get('/entity/default/component/orders');
    expect(entity.status).toBe(200);
    const byCluster = Object.fromEntries(
      entity.body.apps.map((a: any) => [a.cluster, a.stale]),
    );
    expect(byCluster).toEqual({ local: false, second: true });
    expect(
      entity.body.clusters.find((c: any) => c.name === 'second'),
    ).toMatchObject({ stale: true });
    expect(
      entity.body.clusters.find((c: any) => c.name === 'local'),
    ).toMatchObject({ stale: false });

    await cp.startApiServer();
    // Changes made after the restart: some added, some removed.
    await create(ids(20, 30));
    await remove(ids(0, 5));
    const expected = ids(5, 30).sort();
    await eventually(async () => {
      const appIds = (await fleetAppIds(api, namespace)).sort();
      return JSON.stringify(appIds) === JSON.stringify(expected)
        ? true
        : undefined;
    }, 60_000);
    const rows = (await api.get(`/fleet?namespace=${namespace}&limit=500`)).body
      .items;
    expect(rows.map((r: any) => r.key)).toEqual([
      ...new Set(rows.map((r: any) => r.key)),
    ]);
    expect(rows.every((row: any) => !row.stale)).toBe(true);
    const back = await clusterStatus(api, 'second');
    expect(back).toMatchObject({ stale: false, synced: true });
  });

  it('relists when its resource version was compacted away (410 Gone)', async () => {
    const before = await clusterStatus(api, 'second');
    await remove(ids(5, 10));
    await cp.stopApiServer();
    await create(ids(30, 32)).catch(() => undefined); // refused: the server is down
    await cp.compactEtcd();
    await cp.startApiServer();
    await create(ids(30, 32));
    const expected = [...ids(10, 30), ...ids(30, 32)].sort();
    await eventually(async () => {
      const appIds = (await fleetAppIds(api, namespace)).sort();
      return JSON.stringify(appIds) === JSON.stringify(expected)
        ? true
        : undefined;
    }, 60_000);
    // Kinds without events since the restart come back when their back-off retry connects.
    const after = await eventually(async () => {
      const status = await clusterStatus(api, 'second');
      return status.stale ? undefined : status;
    });
    // Watches that resumed from a compacted resource version got 410 Gone and relisted
    // (which kinds do depends on the API server's watch cache; several always do).
    expect(after.listRequests).toBeGreaterThan(before.listRequests);
    expect(after).toMatchObject({ stale: false, synced: true });
    expect(
      Object.values(after.kinds).every((kind: any) => kind.state === 'synced'),
    ).toBe(true);
  });
});
