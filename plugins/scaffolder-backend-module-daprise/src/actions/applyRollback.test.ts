import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  ApiProxy,
  applyObjects,
  ControllerStandIn,
  RequestMatcher,
  startApiProxy,
  startControllerStandIn,
} from '@daprise/local-control-plane';
import { stringify } from 'yaml';
import {
  applyError,
  leaveEarlierServiceAccount,
  limitToOneService,
  objectNames,
  relistDeployFolder,
  renderInto,
  TestNamespaces,
} from '../__testUtils__/apply';
import {
  admin,
  controlPlane,
  getObject,
  testNamespaces,
} from '../__testUtils__/cluster';
import { ApplyRolledBackError } from '../lib/clusterOps';

jest.setTimeout(90_000);

const mockDir = createMockDirectory();

/** Every kind the test service renders. */
const RENDERED_KINDS = [
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'dapr.io/v1alpha1', kind: 'Component' },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' },
];

const componentPath = (namespace: string) =>
  `/apis/dapr.io/v1alpha1/namespaces/${namespace}/components/statestore`;

/** Whether a request is the (non-dry-run) apply of the Component statestore. */
const isComponentApply = (method: string, upstreamPath: string) =>
  method === 'PATCH' &&
  upstreamPath.includes('/components/statestore') &&
  !upstreamPath.includes('dryRun');

/** Another app's Component of the name the test service renders. */
const ordersComponent = (namespace: string) => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'statestore',
    namespace,
    labels: {
      'app.kubernetes.io/part-of': 'orders',
      'backstage.io/kubernetes-id': 'orders',
    },
  },
  spec: { type: 'state.in-memory', version: 'v1', metadata: [] },
});

const rolledBackOf = (error: Error) => {
  expect(error).toBeInstanceOf(ApplyRolledBackError);
  return error as ApplyRolledBackError;
};

describe('daprise:cluster:apply, all or nothing where controllers run', () => {
  let standIn: ControllerStandIn | undefined;
  let proxy: ApiProxy | undefined;
  afterEach(async () => {
    await standIn?.stop();
    await proxy?.close();
    standIn = undefined;
    proxy = undefined;
  });

  async function setUp(prefix: string) {
    const namespaces: TestNamespaces = await testNamespaces(prefix);
    await limitToOneService(namespaces.app);
    standIn = await startControllerStandIn(admin, {
      namespaces: [namespaces.app, namespaces.gateway],
      kinds: RENDERED_KINDS,
    });
    return namespaces;
  }

  it('restores what it changed although controllers keep writing to it', async () => {
    const namespaces = await setUp('rollback-controllers');
    const { app } = namespaces;
    const serviceAccountPath = await leaveEarlierServiceAccount(app);
    const workspace = await renderInto(mockDir, namespaces);
    const namesBefore = await objectNames(namespaces);
    const serviceAccountBefore = await getObject(serviceAccountPath);

    const rolledBack = rolledBackOf(await applyError(workspace));
    expect(rolledBack.failure).toMatchObject({
      object: { kind: 'Service', name: 'payments-dapr' },
      message: expect.stringContaining('exceeded quota: services'),
    });
    expect(rolledBack.notRolledBack).toEqual([]);
    expect(
      rolledBack.rolledBack.map(r => `${r.action} ${r.kind}/${r.name}`),
    ).toEqual([
      'deleted Service/payments',
      'deleted Component/statestore',
      'restored ServiceAccount/payments-dapr-shared-chart',
    ]);
    // The stand-in wrote the ServiceAccount after the apply changed it (and so moved its
    // resourceVersion on), not only when it first saw it.
    expect(
      standIn!.writes.get(`ServiceAccount ${app}/payments-dapr-shared-chart`),
    ).toBeGreaterThanOrEqual(2);

    expect(await objectNames(namespaces)).toEqual(namesBefore);
    const after = await getObject(serviceAccountPath);
    expect(after.metadata.labels).toEqual(serviceAccountBefore.metadata.labels);
    // As before, but for what the controller wrote since (its own, and left to it).
    const { 'stand-in.daprise.io/seen': _seen, ...annotations } =
      after.metadata.annotations;
    const { 'stand-in.daprise.io/seen': _seenBefore, ...annotationsBefore } =
      serviceAccountBefore.metadata.annotations;
    expect(annotations).toEqual(annotationsBefore);
    // Daprise does not stay a manager of the fields it put back.
    expect(
      after.metadata.managedFields.map((m: any) => m.manager).sort(),
    ).toEqual(['controller-stand-in', 'previous-release']);
  });

  it('rolls back an apply whose answer was lost although the server carried it out', async () => {
    const namespaces = await setUp('rollback-lost-answer');
    const { app } = namespaces;
    proxy = await startApiProxy(controlPlane, {
      fault: { kind: 'lose-answer', matches: isComponentApply },
    });
    const workspace = await renderInto(mockDir, namespaces);
    const namesBefore = await objectNames(namespaces);

    const rolledBack = rolledBackOf(
      await applyError(workspace, { url: proxy.server }),
    );
    // The Component was created although the apply never heard so...
    expect(rolledBack.failure).toMatchObject({
      object: { kind: 'Component', name: 'statestore' },
    });
    expect(rolledBack.failure.reason).toMatch(/Unreachable|Timeout/);
    // ...so it was read again, and deleted with the rest.
    expect(
      rolledBack.rolledBack.map(r => `${r.action} ${r.kind}/${r.name}`),
    ).toEqual([
      'deleted Component/statestore',
      'deleted ServiceAccount/payments-dapr-shared-chart',
    ]);
    expect(rolledBack.notRolledBack).toEqual([]);
    expect(await getObject(componentPath(app))).toBeUndefined();
    expect(await objectNames(namespaces)).toEqual(namesBefore);
  });

  /**
   * Applies the test service while another app's Component of the same name appears just before
   * the request that `matches`; expects the apply to fail on it, naming its owner.
   */
  async function applyWhileOrdersAppears(
    prefix: string,
    matches: RequestMatcher,
  ) {
    const namespaces = await setUp(prefix);
    const { app } = namespaces;
    proxy = await startApiProxy(controlPlane, {
      fault: {
        kind: 'run-before',
        matches,
        run: () =>
          applyObjects(admin, [ordersComponent(app)], {
            fieldManager: 'orders',
          }),
      },
    });
    const workspace = await renderInto(mockDir, namespaces);
    const rolledBack = rolledBackOf(
      await applyError(workspace, { url: proxy.server }),
    );
    expect(rolledBack.failure).toMatchObject({
      object: { kind: 'Component', name: 'statestore' },
      reason: 'AlreadyExists',
      message: `Component ${app}/statestore already exists and belongs to orders (labels app.kubernetes.io/part-of, backstage.io/kubernetes-id), not to payments`,
    });
    // Theirs, untouched: not deleted, not taken over.
    const component = await getObject(componentPath(app));
    expect(component.metadata.labels['app.kubernetes.io/part-of']).toBe(
      'orders',
    );
    expect(component.spec.type).toBe('state.in-memory');
    expect(
      component.metadata.managedFields.map((m: any) => m.manager),
    ).not.toContain('daprise-scaffolder');
    return rolledBack;
  }

  it('never deletes an object someone else created between its read and its apply', async () => {
    // Between the apply's read of the Component (404) and its write.
    const rolledBack = await applyWhileOrdersAppears(
      'rollback-raced-create',
      isComponentApply,
    );
    expect(rolledBack.applied.map(a => `${a.kind}:${a.outcome}`)).toEqual([
      'ServiceAccount:created',
    ]);
    expect(
      rolledBack.rolledBack.map(r => `${r.action} ${r.kind}/${r.name}`),
    ).toEqual(['deleted ServiceAccount/payments-dapr-shared-chart']);
  });

  it('checks ownership of every object right before applying it', async () => {
    // After the checks (the last dry run), before the apply reads the Component.
    const rolledBack = await applyWhileOrdersAppears(
      'rollback-owner-at-apply',
      (method, upstreamPath) =>
        method === 'PATCH' &&
        upstreamPath.includes('dryRun') &&
        upstreamPath.includes('payments-app-ingress'),
    );
    // Refused at its apply, the run's ServiceAccount was undone with it.
    expect(
      rolledBack.rolledBack.map(r => `${r.action} ${r.kind}/${r.name}`),
    ).toEqual(['deleted ServiceAccount/payments-dapr-shared-chart']);
  });

  it('refuses a manifest without the ownership labels, even for an object nobody owns', async () => {
    const namespaces = await setUp('rollback-unlabelled');
    const { app } = namespaces;
    await applyObjects(
      admin,
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'shared-settings', namespace: app },
          data: { mode: 'theirs' },
        },
      ],
      { fieldManager: 'someone' },
    );
    const workspace = await renderInto(mockDir, namespaces);
    fs.writeFileSync(
      `${workspace}/deploy/settings.yaml`,
      stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'shared-settings', namespace: app },
        data: { mode: 'ours' },
      }),
    );
    relistDeployFolder(workspace);
    // As admin, whom no admission policy holds: Daprise's own check refuses it.
    const error = await applyError(workspace, {
      token: controlPlane.adminToken,
    });
    expect(error.message).toContain(
      `- ConfigMap ${app}/shared-settings (deploy/settings.yaml#0): ConfigMap ${app}/shared-settings has no ownership labels: Daprise applies only objects that name their app in both app.kubernetes.io/part-of and backstage.io/kubernetes-id [Forbidden] — Set metadata.labels app.kubernetes.io/part-of: <app-id>, backstage.io/kubernetes-id: <app-id>`,
    );
    const configMap = await getObject(
      `/api/v1/namespaces/${app}/configmaps/shared-settings`,
    );
    expect(configMap.data).toEqual({ mode: 'theirs' });
  });
});
