import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { applyObjects } from '@daprise/local-control-plane';
import { parseAllDocuments, stringify } from 'yaml';
import {
  admin,
  adminSettings,
  controlPlane,
  runAction,
  scaffolderToken,
  settingsFor,
  snapshotNamespace,
  testNamespaces,
} from '../__testUtils__/cluster';
import {
  renderInto as renderIntoDir,
  TestNamespaces,
} from '../__testUtils__/apply';
import { ManifestsRejectedError } from '../lib/clusterOps';
import { createDapriseClusterValidateAction } from './validate';

jest.setTimeout(60_000);

const mockDir = createMockDirectory();
const SHAPE = {
  strategy: 'deployment',
  components: 'state',
  networkPolicy: true,
} as const;

const renderInto = (namespaces: TestNamespaces) =>
  renderIntoDir(mockDir, namespaces, { shape: SHAPE });

/** Edits the documents of a rendered file by hand, as someone might in the workspace. */
function editFile(file: string, edit: (documents: any[]) => void) {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d =>
    d.toJS(),
  );
  edit(documents);
  fs.writeFileSync(file, documents.map(d => stringify(d)).join('---\n'));
}

async function validateError(workspace: string, settings = adminSettings()) {
  const action = createDapriseClusterValidateAction({ settings });
  return runAction(action, { input: {}, workspacePath: workspace }).then(
    () => {
      throw new Error('validate accepted the manifests');
    },
    (e: Error) => e,
  );
}

describe('daprise:cluster:validate', () => {
  it('reports every object the API server rejects, with the fields and its message', async () => {
    const namespaces = await testNamespaces('validate-bad');
    const workspace = await renderInto(namespaces);
    editFile(`${workspace}/deploy/httproute.yaml`, ([route]) => {
      route.spec.rules[0].matches[0].path.value = 'orders';
    });
    editFile(`${workspace}/deploy/app.yaml`, ([deployment]) => {
      deployment.spec.replicas = -1;
    });
    const before = await snapshotNamespace(namespaces.app);

    const error = await validateError(workspace);
    expect(error).toBeInstanceOf(ManifestsRejectedError);
    const { failures } = error as ManifestsRejectedError;
    expect(failures).toEqual([
      expect.objectContaining({
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: namespaces.app,
          name: 'payments',
        },
        source: 'deploy/app.yaml#0',
        reason: 'Invalid',
        fields: [expect.objectContaining({ field: 'spec.replicas' })],
      }),
      expect.objectContaining({
        object: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          namespace: namespaces.gateway,
          name: `payments-${namespaces.app}`,
        },
        source: 'deploy/httproute.yaml#0',
        reason: 'Invalid',
        fields: [
          {
            field: 'spec.rules[0].matches[0].path',
            message: expect.stringContaining('must be an absolute path'),
          },
        ],
      }),
    ]);
    expect(error.message).toContain(
      `Cluster test rejects 2 of 10 object(s); nothing was applied:`,
    );
    expect(error.message).toContain(
      `- HTTPRoute ${namespaces.gateway}/payments-${namespaces.app} (deploy/httproute.yaml#0): HTTPRoute.gateway.networking.k8s.io "payments-${namespaces.app}" is invalid: spec.rules[0].matches[0].path: Invalid value: value must be an absolute path and start with '/'`,
    );
    expect(error.message).toContain(
      "    field spec.rules[0].matches[0].path: Invalid value: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    );
    expect(error.message).toContain(
      `- Deployment ${namespaces.app}/payments (deploy/app.yaml#0): `,
    );
    expect(error.message).toContain('    field spec.replicas: ');
    expect(await snapshotNamespace(namespaces.app)).toEqual(before);
  });

  it('names a namespace that does not exist, and the fix', async () => {
    const namespaces = await testNamespaces('validate-nons');
    const missing = `${namespaces.app}-missing`;
    const workspace = await renderInto({
      app: missing,
      gateway: namespaces.gateway,
    });
    const error = await validateError(
      workspace,
      settingsFor(await scaffolderToken()),
    );
    expect(error).toBeInstanceOf(ManifestsRejectedError);
    expect((error as ManifestsRejectedError).failures).toHaveLength(1);
    expect(error.message).toContain(
      `- Namespace ${missing}: Namespace ${missing} does not exist, so its 8 object(s) cannot be created [NotFound] — Create namespace ${missing} first (the platform team's job: the scaffolder may only read namespaces) or choose an existing namespace.`,
    );
  });

  it("refuses to take over another app's object of the same name", async () => {
    const namespaces = await testNamespaces('validate-owner');
    await applyObjects(admin, [
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'statestore',
          namespace: namespaces.app,
          labels: {
            'app.kubernetes.io/part-of': 'orders',
            'backstage.io/kubernetes-id': 'orders',
          },
        },
        spec: { type: 'state.in-memory', version: 'v1', metadata: [] },
      } as any,
    ]);
    const workspace = await renderInto(namespaces);
    const error = await validateError(workspace);
    expect(error.message).toContain(
      `- Component ${namespaces.app}/statestore (deploy/components.yaml#0): Component ${namespaces.app}/statestore already exists and belongs to orders (labels app.kubernetes.io/part-of, backstage.io/kubernetes-id), not to payments [AlreadyExists] — Choose another name`,
    );
  });

  it('reports a kind the cluster does not serve, and YAML it cannot read', async () => {
    const namespaces = await testNamespaces('validate-kinds');
    const workspace = await renderInto(namespaces);
    fs.writeFileSync(
      `${workspace}/deploy/extra.yaml`,
      stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: namespaces.app },
      }),
    );
    const error = await validateError(workspace);
    expect(error.message).toContain(
      `- Widget ${namespaces.app}/w (deploy/extra.yaml#0): The API server does not serve example.com/v1: is the CRD that defines Widget installed? [NotFound]`,
    );

    fs.writeFileSync(`${workspace}/deploy/extra.yaml`, 'kind: [unclosed\n');
    const yamlError = await validateError(workspace);
    expect(yamlError).toBeInstanceOf(InputError);
    expect(yamlError.message).toContain('deploy/extra.yaml#0: not valid YAML');
  });

  it('skips documents that are not Kubernetes objects, such as the chart values', async () => {
    const namespaces = await testNamespaces('validate-ok');
    const workspace = await renderInto(namespaces);
    const { outputs } = await runAction(
      createDapriseClusterValidateAction({ settings: adminSettings() }),
      { input: { path: 'deploy' }, workspacePath: workspace },
    );
    expect(outputs.cluster).toBe('test');
    expect(outputs.objects).toBe(10);
    expect(outputs.results.map((r: any) => r.source)).not.toContain(
      'deploy/dapr-shared-values.yaml#0',
    );
  });

  it('needs a configured cluster', async () => {
    const namespaces = await testNamespaces('validate-nocluster');
    const workspace = await renderInto(namespaces);
    const error = await validateError(workspace, settingsFor(undefined));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'cluster: no cluster is configured — add one to daprise.clusters (name, url, caData, scaffolder.serviceAccountToken)',
    );
  });

  it('refuses a cluster that has only a read token, naming the key to set, and never writes with that token', async () => {
    const namespaces = await testNamespaces('validate-readonly');
    const workspace = await renderInto(namespaces);
    const settings = settingsFor(undefined, {
      clusters: [
        {
          name: 'read-only',
          url: controlPlane.server,
          caData: controlPlane.caData,
          // A token that could write: the scaffolder must still not take it.
          serviceAccountToken: controlPlane.adminToken,
        },
      ],
    });
    const action = createDapriseClusterValidateAction({ settings });
    const error = await runAction(action, {
      input: { cluster: 'read-only' },
      workspacePath: workspace,
    }).then(
      () => new Error('validate ran with the read token'),
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'cluster: cluster "read-only" has no scaffolder token: set daprise.clusters[0].scaffolder.serviceAccountToken, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write',
    );
  });
});
