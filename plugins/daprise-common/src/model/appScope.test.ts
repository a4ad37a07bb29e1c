import {
  chartDaprShared,
  clusterSnapshot,
  configuration,
  fleet,
  sidecarApp,
} from '../__testUtils__/fixtures';
import { buildAppIndex } from '../findings';
import { slimObject } from '../slim';
import type { RawKubernetesObject } from '../types';

function viewsOf(objects: RawKubernetesObject[]) {
  return buildAppIndex(fleet(clusterSnapshot('prod', objects))).apps;
}

const daprAnnotations = (appId: string) => ({
  'dapr.io/enabled': 'true',
  'dapr.io/app-id': appId,
  'dapr.io/config': 'batch-config',
});

const podTemplate = (appId: string) => ({
  metadata: { labels: { app: appId }, annotations: daprAnnotations(appId) },
  spec: { containers: [{ name: 'main', image: `example/${appId}:1.0.0` }] },
});

const job = (name: string, owner?: string): RawKubernetesObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name,
    namespace: 'demo',
    ...(owner
      ? {
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: owner,
              controller: true,
            },
          ],
        }
      : {}),
  },
  spec: { parallelism: 2, template: podTemplate(owner ?? name) },
  status: { active: 2, ready: 1 },
});

const cronJob = (name: string): RawKubernetesObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'demo' },
  spec: {
    schedule: '*/5 * * * *',
    jobTemplate: { spec: { template: podTemplate(name) } },
  },
  status: { active: [{ kind: 'Job', name: `${name}-29000000` }] },
});

const pod = (
  name: string,
  o: { dapr?: boolean; owner?: string } = {},
): RawKubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'demo',
    labels: { app: name },
    annotations: o.dapr ? daprAnnotations(name) : { team: 'shop' },
    ...(o.owner
      ? {
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: o.owner,
              controller: true,
            },
          ],
        }
      : {}),
  },
  spec: { containers: [{ name: 'main', image: 'example/x:1' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});

describe('sidecar apps in every workload kind', () => {
  it('finds sidecar apps in a Job, a CronJob and a Pod without an owner', () => {
    const apps = viewsOf([
      job('reindex'),
      cronJob('nightly-report'),
      // The CronJob's own Job is the CronJob's app, not a second one.
      job('nightly-report-29000000', 'nightly-report'),
      pod('debug-shell', { dapr: true }),
      configuration({ name: 'batch-config' }),
    ]);
    const sidecars = [...apps.values()].flatMap(view =>
      view.sidecars.map(s => ({
        app: view.appId,
        kind: s.ref.kind,
        name: s.ref.name,
        desired: s.desired,
        ready: s.ready,
        config: view.configurations.map(c => c.name),
      })),
    );
    expect(sidecars).toEqual([
      {
        app: 'debug-shell',
        kind: 'Pod',
        name: 'debug-shell',
        desired: 1,
        ready: 1,
        config: ['batch-config'],
      },
      {
        app: 'nightly-report',
        kind: 'CronJob',
        name: 'nightly-report',
        desired: 1,
        ready: 1,
        config: ['batch-config'],
      },
      {
        app: 'reindex',
        kind: 'Job',
        name: 'reindex',
        desired: 2,
        ready: 1,
        config: ['batch-config'],
      },
    ]);
  });

  it('keeps nothing of a pod that a controller owns or that is not Dapr’s', () => {
    const plain = slimObject('Pod', pod('web-1'));
    const owned = slimObject('Pod', pod('web-2', { dapr: true, owner: 'web' }));
    expect(plain).toBe(owned);
    expect(plain).toMatchObject({ kind: 'Pod', skipped: true, name: '' });
    expect(Object.isFrozen(plain)).toBe(true);
    expect(
      viewsOf([pod('web-1'), pod('web-2', { dapr: true, owner: 'web' })]).size,
    ).toBe(0);
  });
});

describe('what each app loads', () => {
  it('lists only the Configuration an app names, and never the control plane’s daprsystem', () => {
    const apps = viewsOf([
      chartDaprShared({ appId: 'orders', config: 'tracing' }),
      sidecarApp({ name: 'checkout', appId: 'checkout' }),
      configuration({ name: 'tracing' }),
      configuration({ name: 'daprsystem', namespace: 'demo', mtls: true }),
    ]);
    expect(
      apps.get('prod/demo/orders')!.configurations.map(c => c.name),
    ).toEqual(['tracing']);
    expect(apps.get('prod/demo/checkout')!.configurations).toEqual([]);
  });

  it('scopes MCPServers and WorkflowAccessPolicies by Dapr’s rule: none means every app of the namespace', () => {
    const mcp = (name: string, scopes?: string[]): RawKubernetesObject => ({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name, namespace: 'demo' },
      spec: {
        endpoint: {
          streamableHTTP: {
            url: 'https://user:hunter2@mcp.example.com/mcp',
            headers: [
              { name: 'Authorization', value: 'Bearer abc.def.ghi' },
              { name: 'X-Team', value: 'shop' },
            ],
            auth: {
              secretStore: 'vault',
              oauth2: { issuer: 'https://id', clientID: 'c' },
            },
          },
        },
        catalog: { displayName: 'Search tools', owner: { team: 'search' } },
        middleware: {
          beforeCallTool: [
            { workflow: { workflowName: 'audit', appID: 'auditor' } },
          ],
        },
      },
      ...(scopes ? { scopes } : {}),
    });
    const wap: RawKubernetesObject = {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'WorkflowAccessPolicy',
      metadata: { name: 'orders-workflows', namespace: 'demo' },
      spec: {
        rules: [
          {
            callers: [{ appID: 'checkout' }],
            workflows: [
              { name: 'OrderSaga*', operations: ['schedule', 'get'] },
            ],
            activities: [{ name: 'Charge' }],
          },
        ],
      },
      scopes: ['orders'],
    };
    const apps = viewsOf([
      chartDaprShared({ appId: 'orders' }),
      sidecarApp({ name: 'checkout', appId: 'checkout' }),
      mcp('shared-tools'),
      mcp('orders-tools', ['orders']),
      wap,
    ]);
    const orders = apps.get('prod/demo/orders')!;
    const checkout = apps.get('prod/demo/checkout')!;
    expect(orders.mcpServers.map(s => s.name)).toEqual([
      'orders-tools',
      'shared-tools',
    ]);
    expect(checkout.mcpServers.map(s => s.name)).toEqual(['shared-tools']);
    expect(orders.workflowAccessPolicies.map(p => p.name)).toEqual([
      'orders-workflows',
    ]);
    expect(checkout.workflowAccessPolicies).toEqual([]);
    expect(orders.workflowAccessPolicies[0].rules).toEqual([
      {
        callers: ['checkout'],
        workflows: [{ name: 'OrderSaga*', operations: ['schedule', 'get'] }],
        activities: ['Charge'],
      },
    ]);
    const [server] = checkout.mcpServers;
    expect(server).toMatchObject({
      transport: 'streamableHTTP',
      auth: { secretStore: 'vault', oauth2: true, spiffe: false },
      displayName: 'Search tools',
      ownerTeam: 'search',
      middlewareWorkflows: ['beforeCallTool: auditor/audit'],
      plaintextSecretLike: ['Authorization', 'url'],
    });
    expect(server.target).not.toContain('hunter2');
    expect(JSON.stringify(server)).not.toContain('abc.def.ghi');
    expect(server.headers.find(h => h.name === 'X-Team')?.value).toBe('shop');
  });
});
