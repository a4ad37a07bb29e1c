import fs from 'node:fs';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dapriseClusterApplyPermission } from '@daprise/plugin-daprise-common';
import { stringify } from 'yaml';
import {
  applyAction,
  applyError as applyErrorWith,
  leaveEarlierServiceAccount,
  limitToOneService,
  objectNames,
  PAYMENTS_LABELS,
  relistDeployFolder,
  renderInto as renderIntoDir,
  snapshot,
  TestNamespaces,
} from '../__testUtils__/apply';
import {
  getObject,
  runAction,
  scaffolderToken,
  settingsFor,
  testNamespaces,
} from '../__testUtils__/cluster';
import {
  ApplyRolledBackError,
  ManifestsRejectedError,
} from '../lib/clusterOps';
import { createDapriseClusterValidateAction } from './validate';

jest.setTimeout(60_000);

const mockDir = createMockDirectory();

const renderInto = (namespaces: TestNamespaces, options = {}) =>
  renderIntoDir(mockDir, namespaces, options);

const applyError = (
  workspace: string,
  permissions?: NonNullable<
    Parameters<typeof applyErrorWith>[1]
  >['permissions'],
) => applyErrorWith(workspace, { permissions });

describe('daprise:cluster:apply', () => {
  it('applies nothing when one object would be rejected', async () => {
    const namespaces = await testNamespaces('apply-one-bad');
    const workspace = await renderInto(namespaces);
    // A cluster-wide policy: the shipped scaffolder role deliberately may not create these.
    const clusterwideName = `${namespaces.app}-deny-all`;
    fs.writeFileSync(
      `${workspace}/deploy/zz-clusterwide.yaml`,
      stringify({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumClusterwideNetworkPolicy',
        metadata: { name: clusterwideName, labels: PAYMENTS_LABELS },
        spec: { endpointSelector: {}, ingress: [{}] },
      }),
    );
    // As if render had written it: this test is about what the cluster refuses.
    relistDeployFolder(workspace);
    const before = await snapshot(namespaces);

    const error = await applyError(workspace);
    expect(error).toBeInstanceOf(ManifestsRejectedError);
    expect(error.message).toContain(
      `Cluster test rejects 1 of 11 object(s); nothing was applied:\n- CiliumClusterwideNetworkPolicy ${clusterwideName} (deploy/zz-clusterwide.yaml#0): ciliumclusterwidenetworkpolicies.cilium.io "${clusterwideName}" is forbidden: User "system:serviceaccount:daprise-identities:scaffolder-module-tests" cannot`,
    );
    expect(error.message).toContain('[Forbidden]');
    expect(await snapshot(namespaces)).toEqual(before);
    expect(
      await getObject(
        `/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies/${clusterwideName}`,
      ),
    ).toBeUndefined();
  });

  it('sends only what render wrote: an extra or a changed file refuses the apply before the cluster is asked', async () => {
    const namespaces = await testNamespaces('apply-unlisted');
    const workspace = await renderInto(namespaces);
    // A step between render and apply adds a manifest (a well-formed one of the app's)...
    fs.writeFileSync(
      `${workspace}/deploy/zz-extra.yaml`,
      stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'extra',
          namespace: namespaces.app,
          labels: PAYMENTS_LABELS,
        },
      }),
    );
    // ...and changes one render wrote.
    fs.appendFileSync(
      `${workspace}/deploy/app.yaml`,
      `---\n${stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'appended',
          namespace: namespaces.app,
          labels: PAYMENTS_LABELS,
        },
      })}`,
    );
    const before = await snapshot(namespaces);
    const error = await applyError(workspace);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'Nothing was applied: the manifests under deploy are not exactly what daprise:service:render wrote:',
    );
    expect(error.message).toContain(
      '- deploy/app.yaml: changed since daprise:service:render wrote it',
    );
    expect(error.message).toContain(
      '- deploy/zz-extra.yaml: not written by daprise:service:render (not in deploy/daprise-manifests.json)',
    );
    expect(await snapshot(namespaces)).toEqual(before);
    expect(
      await getObject(`/api/v1/namespaces/${namespaces.app}/configmaps/extra`),
    ).toBeUndefined();
  });

  it('rolls back what it created and restores what it changed when an apply fails part-way', async () => {
    const namespaces = await testNamespaces('apply-midway');
    const { app } = namespaces;
    await limitToOneService(app);
    const serviceAccountPath = await leaveEarlierServiceAccount(app);
    const serviceAccountBefore = await getObject(serviceAccountPath);
    const workspace = await renderInto(namespaces);
    const namesBefore = await objectNames(namespaces);

    // The dry run passes...
    await runAction(
      createDapriseClusterValidateAction({
        settings: settingsFor(await scaffolderToken()),
      }),
      {
        input: {},
        workspacePath: workspace,
      },
    );
    // ...the apply does not.
    const error = await applyError(workspace);
    expect(error).toBeInstanceOf(ApplyRolledBackError);
    const rolledBack = error as ApplyRolledBackError;
    expect(rolledBack.failure).toMatchObject({
      object: { kind: 'Service', namespace: app, name: 'payments-dapr' },
      reason: 'Forbidden',
      message: expect.stringContaining('exceeded quota: services'),
    });
    expect(
      rolledBack.applied.map(a => `${a.kind}/${a.name}:${a.outcome}`),
    ).toEqual([
      'ServiceAccount/payments-dapr-shared-chart:configured',
      'Component/statestore:created',
      'Service/payments:created',
    ]);
    expect(
      rolledBack.rolledBack.map(r => `${r.action} ${r.kind}/${r.name}`),
    ).toEqual([
      'deleted Service/payments',
      'deleted Component/statestore',
      'restored ServiceAccount/payments-dapr-shared-chart',
    ]);
    expect(rolledBack.notRolledBack).toEqual([]);
    expect(error.message).toContain(
      `Applying to cluster test failed at Service ${app}/payments-dapr (deploy/dapr-shared.yaml#1): services "payments-dapr" is forbidden: exceeded quota: services`,
    );
    expect(error.message).toContain(
      `Rolled back: deleted Service ${app}/payments; deleted Component ${app}/statestore; restored ServiceAccount ${app}/payments-dapr-shared-chart.\nThe cluster is as it was before this run.`,
    );

    expect(await objectNames(namespaces)).toEqual(namesBefore);
    const serviceAccountAfter = await getObject(serviceAccountPath);
    expect(serviceAccountAfter.metadata.labels).toEqual(
      serviceAccountBefore.metadata.labels,
    );
    expect(serviceAccountAfter.metadata.annotations).toEqual(
      serviceAccountBefore.metadata.annotations,
    );
    // Field ownership is as before too: the scaffolder does not stay a manager of it.
    expect(
      serviceAccountAfter.metadata.managedFields.map((m: any) => m.manager),
    ).toEqual(
      serviceAccountBefore.metadata.managedFields.map((m: any) => m.manager),
    );
  });

  it('is refused when the permission daprise.cluster.apply is denied', async () => {
    const namespaces = await testNamespaces('apply-denied');
    const workspace = await renderInto(namespaces);
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(
        async (
          requests: readonly unknown[],
        ): Promise<Array<{ result: AuthorizeResult.DENY }>> =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
      ),
    });
    const before = await snapshot(namespaces);
    const error = await applyError(workspace, permissions);
    expect(error).toBeInstanceOf(NotAllowedError);
    const [first, second] = [namespaces.app, namespaces.gateway].sort();
    expect(error.message).toBe(
      `You may not apply to namespace ${first}, namespace ${second} of cluster test: the permission daprise.cluster.apply was denied`,
    );
    // Asked with the rendered cluster and each namespace the manifests write to.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [namespaces.app, namespaces.gateway].sort().map(namespace => ({
        permission: dapriseClusterApplyPermission,
        resourceRef: `test/${namespace}`,
      })),
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'user' }),
        }),
      },
    );
    expect(await snapshot(namespaces)).toEqual(before);
  });

  it('changes nothing in the scaffolder dry-run mode, and says what it would do', async () => {
    const namespaces = await testNamespaces('apply-dry-run');
    const before = await snapshot(namespaces);
    const workspace = await renderInto(namespaces, { isDryRun: true });
    const settings = settingsFor(await scaffolderToken());
    await runAction(createDapriseClusterValidateAction({ settings }), {
      input: {},
      workspacePath: workspace,
      isDryRun: true,
    });
    const { outputs } = await runAction(await applyAction(), {
      input: {},
      workspacePath: workspace,
      isDryRun: true,
    });
    expect(outputs.applied).toHaveLength(10);
    expect(new Set(outputs.applied.map((a: any) => a.outcome))).toEqual(
      new Set(['would-create']),
    );
    expect(await snapshot(namespaces)).toEqual(before);
  });

  it('applies with the shipped scaffolder role and reports what it did', async () => {
    const namespaces = await testNamespaces('apply-ok');
    const workspace = await renderInto(namespaces);
    const { outputs } = await runAction(await applyAction(), {
      input: { fieldManager: 'team-shop' },
      workspacePath: workspace,
    });
    expect(outputs.cluster).toBe('test');
    expect(outputs.applied.map((a: any) => `${a.kind} ${a.name}`)).toEqual([
      'ServiceAccount payments-dapr-shared-chart',
      'Component statestore',
      'Service payments',
      'Service payments-dapr',
      'Deployment payments',
      'DaemonSet payments-dapr-shared-chart',
      `HTTPRoute payments-${namespaces.app}`,
      `CiliumNetworkPolicy payments-${namespaces.app}-via-gateway`,
      'CiliumNetworkPolicy payments-dapr-shared-ingress',
      'CiliumNetworkPolicy payments-app-ingress',
    ]);
    const daemonSet = await getObject(
      `/apis/apps/v1/namespaces/${namespaces.app}/daemonsets/payments-dapr-shared-chart`,
    );
    expect(daemonSet.metadata.managedFields.map((m: any) => m.manager)).toEqual(
      ['team-shop'],
    );
  });
});
