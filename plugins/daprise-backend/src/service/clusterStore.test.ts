import { mockServices } from '@backstage/backend-test-utils';
import { ClusterStatus, KindName } from '@daprise/plugin-daprise-common';
import {
  ApiProxy,
  startApiProxy,
  testControlPlane,
} from '@daprise/local-control-plane';
import { ClusterStore } from './clusterStore';

jest.setTimeout(60_000);

const cluster = testControlPlane();

async function eventually<T>(
  probe: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** A cluster's informers, reached through an API proxy under /k8s/clusters/c-1. */
describe('ClusterStore behind an API proxy', () => {
  let proxy: ApiProxy;
  let store: ClusterStore | undefined;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    proxy = await startApiProxy(cluster);
  });

  afterEach(async () => {
    store?.stop();
    store = undefined;
    await proxy.close();
  });

  function watch(kinds: KindName[]) {
    store = new ClusterStore(
      {
        name: 'behind-proxy',
        url: proxy.server,
        caData: cluster.caData,
        serviceAccountToken: cluster.adminToken,
      },
      { logger, onChange: () => {}, kinds },
    );
    store.start();
    return store;
  }

  const status = (): ClusterStatus => store!.status();

  it('lists and watches every kind under the URL path prefix', async () => {
    watch(['Deployment', 'Component', 'HTTPRoute']);
    const synced = await eventually(() =>
      status().synced ? status() : undefined,
    );
    for (const kind of ['Deployment', 'Component', 'HTTPRoute']) {
      expect(synced.kinds[kind]).toMatchObject({ state: 'synced' });
      expect(synced.kinds[kind].objects).toBeGreaterThan(0);
    }
    expect(proxy.unprefixedRequests).toEqual([]);
  });

  it('reports a LIST cut off mid-body as a retryable error and recovers once the proxy behaves', async () => {
    proxy.fault = { kind: 'cut-list-body', afterBytes: 200 };
    watch(['Deployment']);
    const failing = await eventually(() => {
      const kind = status().kinds.Deployment;
      return kind.state === 'error' ? kind : undefined;
    });
    expect(failing).toMatchObject({
      reason: 'IncompleteResponse',
      retryable: true,
      objects: 0,
    });
    expect(failing.error).toMatch(/broke off/);
    expect(status().synced).toBe(false);

    proxy.fault = undefined;
    const recovered = await eventually(() => {
      const kind = status().kinds.Deployment;
      return kind.state === 'synced' ? kind : undefined;
    });
    expect(recovered.objects).toBeGreaterThan(0);
    expect(recovered.error).toBeUndefined();
    expect(status()).toMatchObject({ synced: true, stale: false });
  });

  it("keeps a proxy's HTML error page out of the cluster's error, but for a short excerpt", async () => {
    proxy.fault = { kind: 'html-error', statusCode: 503 };
    watch(['Deployment']);
    const failing = await eventually(() => {
      const kind = status().kinds.Deployment;
      return kind.state === 'error' ? kind : undefined;
    });
    expect(failing).toMatchObject({
      reason: 'ServiceUnavailable',
      retryable: true,
    });
    expect(failing.error!.length).toBeLessThanOrEqual(500);
    expect(failing.error).toMatch(/503 <!DOCTYPE html>/);
    expect(failing.error).not.toContain('</html>');
    expect(status().error).toBe(failing.error);
  });

  it('backs off before renewing a watch that ended cleanly at once, instead of looping', async () => {
    proxy.fault = { kind: 'end-watches' };
    watch(['Deployment']);
    await eventually(() => (status().synced ? true : undefined));
    const before = proxy.watchRequests;
    await new Promise(resolve => setTimeout(resolve, 2_000));
    const renewed = proxy.watchRequests - before;
    // Back-off from 250 ms, doubling: four or five watches in two seconds; without it, hundreds.
    expect(renewed).toBeGreaterThan(0);
    expect(renewed).toBeLessThanOrEqual(6);
    expect(status().kinds.Deployment.state).toBe('synced');
  });
});
