import path from 'node:path';
import {
  applyObjects,
  crdNames,
  createTestNamespace,
  DEFAULT_CRD_SET,
  kubeRequest,
  loadManifests,
  mintServiceAccount,
  repoRoot,
  testControlPlane,
} from '.';

jest.setTimeout(60_000);

const cluster = testControlPlane();
const admin = cluster.admin();

function httpRoute(namespace: string, pathValue: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'route', namespace },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: pathValue } }],
          backendRefs: [{ name: 'gateway-dapr', port: 3500 }],
        },
      ],
    },
  };
}

describe('the local control plane', () => {
  it('is a real kube-apiserver v1.36', async () => {
    const res = await kubeRequest(admin, 'GET', '/version');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      major: '1',
      minor: '36',
      gitVersion: 'v1.36.3',
    });
  });

  it('serves the Dapr, Gateway API and Cilium kinds of today’s CRD set by default', async () => {
    const res = await kubeRequest(
      admin,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    );
    const names = res
      .json()
      .items.map((crd: any) => crd.metadata.name)
      .sort();
    expect(names).toEqual(expect.arrayContaining(crdNames(DEFAULT_CRD_SET)));
    expect(names).toContain('grpcroutes.gateway.networking.k8s.io');
    expect(names).toContain('mcpservers.dapr.io');
  });

  it('rejects an HTTPRoute whose path does not start with /', async () => {
    const namespace = await createTestNamespace(admin, 'route-path');
    await expect(
      applyObjects(admin, [httpRoute(namespace, 'orders')]),
    ).rejects.toThrow(/must be an absolute path|start with '\/'/);
    // and the same route with an absolute path is accepted
    await expect(
      applyObjects(admin, [httpRoute(namespace, '/orders')]),
    ).resolves.toBeUndefined();
  });

  it('rejects a Dapr Component without spec.type', async () => {
    const namespace = await createTestNamespace(admin, 'component-type');
    const component = {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'state', namespace },
      spec: { version: 'v1', metadata: [] },
    };
    await expect(applyObjects(admin, [component])).rejects.toThrow(
      /spec\.type: Required value/,
    );
  });

  it('accepts every object of examples/cluster, status included', async () => {
    const objects = loadManifests(path.join(repoRoot(), 'examples', 'cluster'));
    expect(objects.length).toBeGreaterThan(15);
    await expect(applyObjects(admin, objects)).resolves.toBeUndefined();
    const route = await kubeRequest(
      admin,
      'GET',
      '/apis/gateway.networking.k8s.io/v1/namespaces/infra/httproutes/orders',
    );
    const conditions = route
      .json()
      .status.parents[0].conditions.map((c: any) => `${c.type}=${c.status}`);
    expect(conditions).toEqual(
      expect.arrayContaining(['Accepted=True', 'ResolvedRefs=True']),
    );
  });

  it('enforces RBAC for a restricted identity bound to the shipped read-only ClusterRole', async () => {
    const reader = await mintServiceAccount(admin, {
      name: 'rbac-test-reader',
      clusterRole: 'daprise-reader',
    });
    const allowed = await kubeRequest(
      reader.kubeConfig,
      'GET',
      '/apis/gateway.networking.k8s.io/v1/httproutes',
    );
    expect(allowed.status).toBe(200);
    const secrets = await kubeRequest(
      reader.kubeConfig,
      'GET',
      '/api/v1/secrets',
    );
    expect(secrets.status).toBe(403);
    expect(secrets.json().message).toContain(reader.username);
  });
});
