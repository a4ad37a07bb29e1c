import { KubeConfig } from '@kubernetes/client-node';
import { ControlPlaneConnection, kubeConfigFor } from './controlPlane';
import { kubeRequest } from './kube';

/** The environment variable through which Jest's global set-up hands the control plane to tests. */
export const CONNECTION_ENV = 'DAPRISE_TEST_CONTROL_PLANE';

/**
 * The control plane that the Jest global set-up started for this run, as seen from a
 * test file (another process). Fails with a clear message when the package's Jest
 * config lacks the global set-up.
 * @public
 */
export function testControlPlane(): ControlPlaneConnection & {
  admin(): KubeConfig;
} {
  const raw = process.env[CONNECTION_ENV];
  if (!raw) {
    throw new Error(
      `${CONNECTION_ENV} is not set: add "globalSetup" and "globalTeardown" from @daprise/local-control-plane to this package's jest config`,
    );
  }
  const connection: ControlPlaneConnection = JSON.parse(raw);
  return {
    ...connection,
    admin: () =>
      kubeConfigFor(connection, connection.adminToken, 'daprise-admin'),
  };
}

/**
 * Creates a fresh namespace for one test. Namespaces are never deleted: without a
 * controller-manager they would stay Terminating, and the whole etcd is thrown away
 * at the end of the run anyway.
 * @public
 */
export async function createTestNamespace(
  kc: KubeConfig,
  prefix = 'test',
): Promise<string> {
  const res = await kubeRequest(kc, 'POST', '/api/v1/namespaces', {
    body: {
      metadata: {
        generateName: `${prefix
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 40)}-`,
      },
    },
  });
  if (res.status !== 201)
    throw new Error(`create namespace: ${res.status} ${res.body}`);
  return res.json().metadata.name;
}
