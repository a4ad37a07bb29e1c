import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  applyObjects,
  applyStatus,
  kubeRequest,
} from '@daprise/local-control-plane';
import { createDapriseClusterApplyAction } from '../actions/apply';
import { createDapriseServiceRenderAction } from '../actions/render';
import { MANIFEST_LIST_FILE, manifestListsFor } from '../lib/manifestList';
import {
  admin,
  allowAllPermissions,
  filesUnder,
  getObject,
  runAction,
  scaffolderToken,
  settingsFor,
  snapshotNamespace,
} from './cluster';
import { serviceInput, Shape } from './inputs';

export const SHAPE = {
  strategy: 'daemonset',
  components: 'state',
  networkPolicy: true,
} as const;

export type TestNamespaces = { app: string; gateway: string };

/** Renders the test service (default shape {@link SHAPE}) into a new workspace under `mockDir`. */
export async function renderInto(
  mockDir: ReturnType<typeof createMockDirectory>,
  namespaces: TestNamespaces,
  options: { isDryRun?: boolean; shape?: Shape } = {},
): Promise<string> {
  const workspace = mockDir.resolve(
    `apply-${namespaces.app}-${Math.random().toString(36).slice(2)}`,
  );
  await runAction(
    createDapriseServiceRenderAction({ settings: settingsFor(undefined) }),
    {
      input: serviceInput(options.shape ?? SHAPE, {
        namespace: namespaces.app,
        gatewayDaprNamespace: namespaces.gateway,
      }),
      workspacePath: workspace,
      isDryRun: options.isDryRun,
    },
  );
  return workspace;
}

/**
 * Writes the deploy folder's manifest list anew for the files it holds now: as if render had
 * written them, for tests that need a manifest render does not produce.
 */
export function relistDeployFolder(workspace: string): void {
  const deploy = path.join(workspace, 'deploy');
  const files = filesUnder(deploy)
    .filter(file => file !== MANIFEST_LIST_FILE)
    .map(file => ({
      path: `deploy/${file}`,
      content: fs.readFileSync(path.join(deploy, file), 'utf8'),
    }));
  for (const list of manifestListsFor(files)) {
    fs.writeFileSync(path.join(workspace, list.path), list.content);
  }
}

/** Both namespaces a render touches, as one snapshot. */
export async function snapshot(namespaces: TestNamespaces) {
  return [
    ...(await snapshotNamespace(namespaces.app)),
    ...(await snapshotNamespace(namespaces.gateway)),
  ];
}

/** The portal's apply action: the shipped scaffolder identity, the given permission answer. */
export async function applyAction(
  permissions = allowAllPermissions,
  options: { url?: string; token?: string } = {},
) {
  return createDapriseClusterApplyAction({
    settings: settingsFor(
      options.token ?? (await scaffolderToken()),
      {},
      options.url,
    ),
    permissions,
  });
}

/** Runs the apply action and answers with its error (failing when it succeeds). */
export async function applyError(
  workspace: string,
  options: {
    permissions?: typeof allowAllPermissions;
    url?: string;
    token?: string;
  } = {},
): Promise<Error> {
  const action = await applyAction(options.permissions, options);
  return runAction(action, { input: {}, workspacePath: workspace }).then(
    () => {
      throw new Error('apply succeeded');
    },
    (e: Error) => e,
  );
}

/**
 * A quota of one Service in the app's namespace. Dry runs are not charged to quotas, so each
 * Service passes the check on its own; the real apply of the second one (payments-dapr) is then
 * refused: an apply that fails part-way.
 */
export async function limitToOneService(namespace: string): Promise<void> {
  await kubeRequest(
    admin,
    'POST',
    `/api/v1/namespaces/${namespace}/resourcequotas`,
    {
      body: {
        metadata: { name: 'services' },
        spec: { hard: { services: '1' } },
      },
    },
  );
  // No controller-manager runs, so write the usage the quota controller would.
  await applyStatus(
    admin,
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'services', namespace },
    },
    { hard: { services: '1' }, used: { services: '0' } },
  );
}

/** The app's labels, as render sets them. */
export const PAYMENTS_LABELS = {
  'app.kubernetes.io/part-of': 'payments',
  'backstage.io/kubernetes-id': 'payments',
};

/**
 * The ServiceAccount an earlier version of this service left behind, with a label and an
 * annotation of its own: the apply changes it, a rollback must put it back. Answers its path.
 */
export async function leaveEarlierServiceAccount(
  namespace: string,
): Promise<string> {
  await applyObjects(
    admin,
    [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'payments-dapr-shared-chart',
          namespace,
          labels: { ...PAYMENTS_LABELS, release: 'v1' },
          annotations: { 'example.com/owner': 'team-shop' },
        },
      },
    ],
    { fieldManager: 'previous-release' },
  );
  return `/api/v1/namespaces/${namespace}/serviceaccounts/payments-dapr-shared-chart`;
}

/** Objects by name, without resourceVersions (a restored object gets a new one, of course). */
export async function objectNames(namespaces: TestNamespaces) {
  return (await snapshot(namespaces)).map(line =>
    line.slice(0, line.indexOf('@')),
  );
}

export { getObject };
