import net from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { builtinRules } from '@daprise/plugin-daprise-common';
import { testControlPlane } from '@daprise/local-control-plane';
import { FleetIndex } from './fleetIndex';

jest.setTimeout(60_000);

const cluster = testControlPlane();
const logger = mockServices.logger.mock();

describe('FleetIndex', () => {
  let fleet: FleetIndex | undefined;
  let silent: net.Server | undefined;
  const sockets = new Set<net.Socket>();

  afterEach(async () => {
    fleet?.stop();
    fleet = undefined;
    // The hanging lists' connections would keep close() waiting.
    for (const socket of sockets) socket.destroy();
    await new Promise(resolve =>
      silent ? silent.close(resolve) : resolve(undefined),
    );
    silent = undefined;
  });

  it('builds its first index once every kind has answered its first list', async () => {
    fleet = new FleetIndex({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          serviceAccountToken: cluster.adminToken,
        },
      ],
      logger,
      rules: builtinRules,
      // Every change rebuilds at once: without the wait for the first lists, the first
      // index would be built after the first kind answered.
      debounceMs: 0,
    });
    fleet.start();
    const version = await fleet.waitForChange(0, 30_000);
    expect(version).toBe(1);
    // Nothing was still listing when the first index was built.
    const [status] = fleet.clusterStatuses();
    const syncing = Object.entries(status.kinds)
      .filter(([, kind]) => kind.state === 'syncing')
      .map(([name]) => name);
    expect(syncing).toEqual([]);
    const orders = fleet.index.apps.get('local/shop/orders');
    expect(orders?.unobservedKinds).toEqual([]);
    expect(orders?.routes.length).toBeGreaterThan(0);
    expect(orders?.policies.length).toBeGreaterThan(0);
  });

  it('does not wait longer than the grace period for a cluster that does not answer', async () => {
    // Accepts connections and never says a word: its lists hang.
    silent = net.createServer(socket => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>(resolve => silent!.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    fleet = new FleetIndex({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          serviceAccountToken: cluster.adminToken,
        },
        {
          name: 'silent',
          url: `https://127.0.0.1:${port}`,
          skipTLSVerify: true,
        },
      ],
      logger,
      rules: builtinRules,
      firstSyncGraceMs: 1_500,
    });
    const started = Date.now();
    fleet.start();
    await fleet.waitForChange(0, 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(fleet.index.apps.get('local/shop/orders')).toBeDefined();
    const silentStatus = fleet
      .clusterStatuses()
      .find(status => status.name === 'silent');
    expect(silentStatus?.synced).toBe(false);
  });
});
