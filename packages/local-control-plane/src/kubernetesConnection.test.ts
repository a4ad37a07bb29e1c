import net from 'node:net';
import {
  KubeObject,
  KUBERNETES_ERROR_MESSAGE_LIMIT,
  KubernetesConnection,
  KubernetesError,
} from '@daprise/plugin-daprise-node';
import {
  ApiProxy,
  ApiProxyFault,
  createTestNamespace,
  kubeConfigFor,
  mintServiceAccount,
  startApiProxy,
  testControlPlane,
} from '.';

jest.setTimeout(60_000);

const cluster = testControlPlane();

function configMap(namespace: string, name: string, value = 'v'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { value },
  };
}

async function rejection(promise: Promise<unknown>): Promise<KubernetesError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KubernetesError);
    return error as KubernetesError;
  }
  throw new Error('expected a rejection');
}

describe('KubernetesConnection', () => {
  let proxy: ApiProxy | undefined;
  let connection: KubernetesConnection | undefined;

  afterEach(async () => {
    connection?.close();
    connection = undefined;
    await proxy?.close();
    proxy = undefined;
  });

  /** A connection to the shared control plane through a proxy under /k8s/clusters/c-1. */
  async function throughProxy(
    fault?: ApiProxyFault,
    token = cluster.adminToken,
  ) {
    proxy = await startApiProxy(cluster, { fault });
    connection = new KubernetesConnection(
      kubeConfigFor(
        { server: proxy.server, caData: cluster.caData },
        token,
        'test',
      ),
    );
    return connection;
  }

  describe('through an API proxy that serves the server under a path prefix', () => {
    it('keeps the prefix in every URL', async () => {
      const kube = await throughProxy();
      expect(kube.url('/api/v1/pods?limit=1').href).toBe(
        `${proxy!.server}/api/v1/pods?limit=1`,
      );
      expect(await kube.getJson('/version')).toMatchObject({ major: '1' });
      expect(proxy!.unprefixedRequests).toEqual([]);
    });

    it('lists page by page, watches from the list, applies, dry-runs, patches and deletes', async () => {
      const kube = await throughProxy();
      const namespace = await createTestNamespace(cluster.admin(), 'conn');
      for (const name of ['a', 'b', 'c'])
        await kube.apply(configMap(namespace, name), { fieldManager: 'test' });

      const pages: string[][] = [];
      let resourceVersion = '';
      for await (const page of kube.listPages<KubeObject>(
        `/api/v1/namespaces/${namespace}/configmaps`,
        { pageSize: 2 },
      )) {
        pages.push(
          page.items
            .map(item => item.metadata.name)
            .filter(name => name !== 'kube-root-ca.crt'),
        );
        resourceVersion = page.resourceVersion;
      }
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.flat().sort()).toEqual(['a', 'b', 'c']);

      // A watch from the list's resource version sees what changed after it, and nothing before.
      const events: string[] = [];
      const stop = new AbortController();
      let opened!: () => void;
      const open = new Promise<void>(resolve => (opened = resolve));
      const watching = kube.watch(
        `/api/v1/namespaces/${namespace}/configmaps`,
        { resourceVersion, signal: stop.signal, onOpen: () => opened() },
        (type, object) => {
          events.push(`${type} ${object.metadata.name}`);
          if (type === 'DELETED') stop.abort();
        },
      );
      await open;

      const dryRun = await kube.apply(configMap(namespace, 'dry'), {
        fieldManager: 'test',
        dryRun: true,
      });
      expect(dryRun.metadata.name).toBe('dry');
      expect(
        await kube.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace,
          name: 'dry',
        }),
      ).toBeUndefined();

      await kube.apply(configMap(namespace, 'd'), { fieldManager: 'test' });
      const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'd' };
      const patched = await kube.patch<KubeObject>(
        ref,
        { data: { value: 'merged' } },
        { type: 'merge', fieldManager: 'test' },
      );
      expect(patched.data).toEqual({ value: 'merged' });
      await kube.jsonPatch(
        ref,
        [{ op: 'replace', path: '/data/value', value: 'json' }],
        { fieldManager: 'test' },
      );
      await kube.delete(ref);
      await kube.delete(ref); // gone already: still fine
      await watching;
      expect(events).toEqual([
        'ADDED d',
        'MODIFIED d',
        'MODIFIED d',
        'DELETED d',
      ]);
      expect(proxy!.unprefixedRequests).toEqual([]);
    });

    it("says whether an apply created the object, by the server's answer", async () => {
      const kube = await throughProxy();
      const namespace = await createTestNamespace(
        cluster.admin(),
        'kc-created',
      );
      const first = await kube.applyWithResult(configMap(namespace, 'c'), {
        fieldManager: 'test',
      });
      expect(first.created).toBe(true);
      const again = await kube.applyWithResult(configMap(namespace, 'c', 'w'), {
        fieldManager: 'test',
      });
      expect(again.created).toBe(false);
      expect(again.object.data).toEqual({ value: 'w' });
      // A stale resourceVersion in the applied object is a precondition: refused, 409.
      const stale = await rejection(
        kube.apply(
          {
            ...configMap(namespace, 'c', 'x'),
            metadata: {
              name: 'c',
              namespace,
              resourceVersion: first.object.metadata.resourceVersion,
            },
          },
          { fieldManager: 'test' },
        ),
      );
      expect(stale.statusCode).toBe(409);
    });

    it('discovers served group versions and kinds', async () => {
      const kube = await throughProxy();
      expect(await kube.groupVersions()).toEqual(
        expect.arrayContaining(['v1', 'apps/v1', 'dapr.io/v1alpha1']),
      );
      expect(await kube.resourceFor('dapr.io/v1alpha1', 'Component')).toEqual({
        basePath: '/apis/dapr.io/v1alpha1',
        plural: 'components',
        namespaced: true,
      });
      expect(
        await kube.pathOf({ apiVersion: 'v1', kind: 'Namespace', name: 'x' }),
      ).toBe('/api/v1/namespaces/x');
      const missing = await rejection(kube.resourceFor('nope.io/v1', 'Thing'));
      expect(missing).toMatchObject({ statusCode: 404, reason: 'NotFound' });
      expect(proxy!.unprefixedRequests).toEqual([]);
    });
  });

  describe('answers that break off or are not the API server', () => {
    it('rejects a LIST whose body is cut off mid-way, marked retryable', async () => {
      const kube = await throughProxy({
        kind: 'cut-list-body',
        afterBytes: 100,
      });
      const error = await rejection(kube.getJson('/api/v1/namespaces'));
      expect(error).toMatchObject({
        statusCode: 0,
        reason: 'IncompleteResponse',
        retryable: true,
      });
      // and the same connection works once the proxy behaves
      proxy!.fault = undefined;
      expect(
        (await kube.getJson('/api/v1/namespaces')).items.length,
      ).toBeGreaterThan(0);
    });

    it('quotes a short excerpt of an HTML error page, never the page', async () => {
      const kube = await throughProxy({ kind: 'html-error', statusCode: 502 });
      const error = await rejection(kube.getJson('/api/v1/namespaces'));
      expect(error).toMatchObject({
        statusCode: 502,
        reason: 'ServiceUnavailable',
        retryable: true,
      });
      expect(error.message.length).toBeLessThanOrEqual(
        KUBERNETES_ERROR_MESSAGE_LIMIT,
      );
      expect(error.message).toMatch(
        /^GET \/api\/v1\/namespaces: 502 <!DOCTYPE html>/,
      );
      expect(error.message).not.toContain('</html>');
    });

    it('rejects a 200 answer that is not JSON (a sign-in page), marked retryable', async () => {
      const kube = await throughProxy({ kind: 'html-error', statusCode: 200 });
      const error = await rejection(kube.getJson('/api/v1/namespaces'));
      expect(error).toMatchObject({
        reason: 'InvalidResponse',
        retryable: true,
      });
      expect(error.message.length).toBeLessThanOrEqual(
        KUBERNETES_ERROR_MESSAGE_LIMIT,
      );
    });

    it('classifies 429 from a proxy as retryable', async () => {
      const kube = await throughProxy({ kind: 'html-error', statusCode: 429 });
      const error = await rejection(kube.getJson('/api/v1/namespaces'));
      expect(error).toMatchObject({
        statusCode: 429,
        reason: 'TooManyRequests',
        retryable: true,
      });
    });

    it('times out a server that accepts the connection and says nothing', async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer(socket => {
        sockets.add(socket);
        socket.on('error', () => {});
      });
      await new Promise<void>(resolve =>
        silent.listen(0, '127.0.0.1', resolve),
      );
      const { port } = silent.address() as net.AddressInfo;
      const kube = new KubernetesConnection(
        kubeConfigFor(
          { server: `https://127.0.0.1:${port}`, caData: cluster.caData },
          't',
        ),
      );
      try {
        const idle = await rejection(
          kube.getJson('/api/v1/namespaces', { idleTimeoutMs: 300 }),
        );
        expect(idle).toMatchObject({ reason: 'Timeout', retryable: true });
        const overall = await rejection(
          kube.getJson('/api/v1/namespaces', {
            timeoutMs: 300,
            idleTimeoutMs: 10_000,
          }),
        );
        expect(overall).toMatchObject({ reason: 'Timeout', retryable: true });
      } finally {
        kube.close();
        for (const socket of sockets) socket.destroy();
        await new Promise(resolve => silent.close(resolve));
      }
    });

    it('reports a server that refuses connections as unreachable', async () => {
      const closed = net.createServer();
      await new Promise<void>(resolve =>
        closed.listen(0, '127.0.0.1', resolve),
      );
      const { port } = closed.address() as net.AddressInfo;
      await new Promise(resolve => closed.close(resolve));
      const kube = new KubernetesConnection(
        kubeConfigFor(
          { server: `https://127.0.0.1:${port}`, caData: cluster.caData },
          't',
        ),
      );
      const error = await rejection(kube.getJson('/version'));
      expect(error).toMatchObject({ reason: 'Unreachable', retryable: true });
      expect(error.message).toMatch(/ECONNREFUSED/);
    });
  });

  describe('the API server status codes, classified', () => {
    it('401 Unauthorized for an unknown token', async () => {
      const kube = await throughProxy(undefined, 'not-a-token');
      const error = await rejection(kube.getJson('/api/v1/namespaces'));
      expect(error).toMatchObject({
        statusCode: 401,
        reason: 'Unauthorized',
        retryable: false,
      });
    });

    it('403 Forbidden for an identity without the right', async () => {
      const nobody = await mintServiceAccount(cluster.admin(), {
        name: 'conn-nobody',
      });
      const kube = await throughProxy(undefined, nobody.token);
      const error = await rejection(kube.getJson('/api/v1/secrets'));
      expect(error).toMatchObject({ statusCode: 403, reason: 'Forbidden' });
      expect(error.message).toMatch(/cannot list resource "secrets"/);
    });

    it('404, 409 and 422 with the Status reason and its causes (410: resilience.test.ts)', async () => {
      const kube = await throughProxy();
      const namespace = await createTestNamespace(
        cluster.admin(),
        'conn-status',
      );
      const path = `/api/v1/namespaces/${namespace}/configmaps`;

      const notFound = await rejection(kube.getJson(`${path}/missing`));
      expect(notFound).toMatchObject({ statusCode: 404, reason: 'NotFound' });

      await kube.requestJson('POST', path, { body: configMap(namespace, 'x') });
      const exists = await rejection(
        kube.requestJson('POST', path, { body: configMap(namespace, 'x') }),
      );
      expect(exists).toMatchObject({
        statusCode: 409,
        reason: 'AlreadyExists',
      });

      const invalid = await rejection(
        kube.requestJson('POST', path, {
          body: configMap(namespace, 'Not_Valid'),
        }),
      );
      expect(invalid).toMatchObject({ statusCode: 422, reason: 'Invalid' });
      expect(invalid.causes[0]).toMatchObject({ field: 'metadata.name' });
    });
  });
});
