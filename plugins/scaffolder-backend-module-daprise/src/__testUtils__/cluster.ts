import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createTestNamespace,
  Identity,
  kubeRequest,
  mintServiceAccount,
  testControlPlane,
} from '@daprise/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  DapriseScaffolderSettings,
  readDapriseScaffolderSettings,
} from '../lib/settings';

export const controlPlane = testControlPlane();
export const admin: KubeConfig = controlPlane.admin();

let scaffolderIdentity: Promise<Identity> | undefined;

/**
 * An identity bound to the shipped ClusterRole `daprise-scaffolder` (examples/rbac), as the
 * portal's scaffolder runs with: what it cannot do, the tests cannot either.
 */
export function scaffolderToken(): Promise<string> {
  scaffolderIdentity ??= mintServiceAccount(admin, {
    name: 'scaffolder-module-tests',
    clusterRole: 'daprise-scaffolder',
  });
  return scaffolderIdentity.then(identity => identity.token);
}

/** The module's settings for the test control plane, with the given token and extra config. */
export function settingsFor(
  token: string | undefined,
  daprise: Record<string, unknown> = {},
  url: string = controlPlane.server,
): DapriseScaffolderSettings {
  const clusters = token
    ? [
        {
          name: 'test',
          url,
          caData: controlPlane.caData,
          scaffolder: { serviceAccountToken: token },
        },
      ]
    : [];
  return readDapriseScaffolderSettings(
    new ConfigReader({ daprise: { clusters, ...daprise } }),
  );
}

/** Settings with the admin token: for tests about what the API server accepts, not about RBAC. */
export function adminSettings(
  daprise: Record<string, unknown> = {},
): DapriseScaffolderSettings {
  return settingsFor(controlPlane.adminToken, daprise);
}

export const allowAllPermissions = mockServices.permissions();

export interface ActionRun {
  outputs: Record<string, any>;
}

/**
 * Runs an action's handler as the scaffolder would for one step: with the mock context of
 * `@backstage/plugin-scaffolder-node-test-utils`, the given workspace and dry-run flag.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  options: {
    input: Record<string, unknown>;
    workspacePath: string;
    isDryRun?: boolean;
  },
): Promise<ActionRun> {
  fs.mkdirSync(options.workspacePath, { recursive: true });
  const ctx = createMockActionContext({
    input: options.input as any,
    workspacePath: options.workspacePath,
  });
  const outputs: Record<string, any> = {};
  ctx.output = (name: string | number | symbol, value: unknown) => {
    outputs[String(name)] = value;
  };
  await action.handler({ ...ctx, isDryRun: options.isDryRun ?? false });
  return { outputs };
}

/** Every file under a directory, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** The kinds the template renders (and a few it could be given by hand), by list path. */
const LISTED = [
  ['/api/v1', 'serviceaccounts'],
  ['/api/v1', 'services'],
  ['/api/v1', 'configmaps'],
  ['/apis/apps/v1', 'deployments'],
  ['/apis/apps/v1', 'daemonsets'],
  ['/apis/rbac.authorization.k8s.io/v1', 'roles'],
  ['/apis/rbac.authorization.k8s.io/v1', 'rolebindings'],
  ['/apis/dapr.io/v1alpha1', 'components'],
  ['/apis/dapr.io/v1alpha1', 'configurations'],
  ['/apis/gateway.networking.k8s.io/v1', 'httproutes'],
  ['/apis/gateway.networking.k8s.io/v1', 'grpcroutes'],
  ['/apis/cilium.io/v2', 'ciliumnetworkpolicies'],
] as const;

/**
 * What a namespace holds, as `resource/name@resourceVersion`: equal snapshots mean nothing was
 * created, changed or deleted there.
 */
export async function snapshotNamespace(namespace: string): Promise<string[]> {
  const lines: string[] = [];
  for (const [base, plural] of LISTED) {
    const listPath = `${base}/namespaces/${namespace}/${plural}`;
    let res = await kubeRequest(admin, 'GET', listPath);
    // Right after start-up the API server may still be setting up a CRD's storage ("storage is
    // (re)initializing", 429 with a Retry-After): ask again as it says, a few times.
    for (let attempt = 0; res.status === 429 && attempt < 10; attempt++) {
      await new Promise(r => setTimeout(r, 1000));
      res = await kubeRequest(admin, 'GET', listPath);
    }
    if (res.status !== 200)
      throw new Error(`list ${plural}: ${res.status} ${res.body}`);
    for (const item of res.json().items) {
      lines.push(
        `${plural}/${item.metadata.name}@${item.metadata.resourceVersion}`,
      );
    }
  }
  return lines.sort();
}

/** GETs one object as admin; undefined when it does not exist. */
export async function getObject(apiPath: string): Promise<any | undefined> {
  const res = await kubeRequest(admin, 'GET', apiPath);
  if (res.status === 404) return undefined;
  if (res.status !== 200)
    throw new Error(`GET ${apiPath}: ${res.status} ${res.body}`);
  return res.json();
}

/**
 * Two namespaces of a test's own: the app's, and one standing in for the gateway's Dapr Shared
 * namespace, so the HTTPRoute and the gateway-side policy land in a namespace of the test too
 * (they still attach to the shared Gateway infra/public).
 */
export async function testNamespaces(
  prefix: string,
): Promise<{ app: string; gateway: string }> {
  return {
    app: await createTestNamespace(admin, prefix),
    gateway: await createTestNamespace(admin, `${prefix}-gw`),
  };
}
