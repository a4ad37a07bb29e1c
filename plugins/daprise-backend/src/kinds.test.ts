import {
  applyObjects,
  createTestNamespace,
  mintServiceAccount,
  testControlPlane,
} from '@daprise/local-control-plane';
import { daprSharedObjects } from './__testUtils__/fixtures';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const cluster = testControlPlane();
const admin = cluster.admin();

const GATEWAY_API = 'gateway.networking.k8s.io/v1';

const entityName = (appId: string) => `kinds-${appId}`;

const daprPodTemplate = (appId: string) => ({
  metadata: {
    labels: { app: appId },
    annotations: {
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': appId,
      'dapr.io/config': `${appId}-config`,
    },
  },
  spec: {
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: `example/${appId}:1.0.0` }],
  },
});

/**
 * Today's kinds around one gateway app and one invoked app in `namespace`: a GRPCRoute through
 * the gateway's Dapr Shared (attached to a ListenerSet of the example Gateway), TLS/TCP/UDP
 * routes to the app's own daprd, a BackendTLSPolicy on the gateway's Dapr Shared Service, an
 * MCPServer and a WorkflowAccessPolicy scoped to the app, and sidecar apps in a Job, a CronJob
 * and a Pod without an owner (plus a plain Pod, which is no app).
 */
function todaysKinds(namespace: string, gatewayApp: string, app: string) {
  const l4 = (kind: string) => ({
    apiVersion: GATEWAY_API,
    kind,
    metadata: { name: `${app}-${kind.toLowerCase()}`, namespace },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      ...(kind === 'TLSRoute' ? { hostnames: [`${app}.example.com`] } : {}),
      // To the app's own daprd: TCP and TLS pass through to its HTTP API.
      rules: [{ backendRefs: [{ name: `${app}-dapr`, port: 3500 }] }],
    },
  });
  return [
    ...daprSharedObjects(namespace, gatewayApp),
    ...daprSharedObjects(namespace, app),
    {
      apiVersion: GATEWAY_API,
      kind: 'ListenerSet',
      metadata: { name: `${namespace}-listeners`, namespace },
      spec: {
        parentRef: { name: 'public', namespace: 'infra' },
        listeners: [
          {
            name: 'grpc',
            port: 8443,
            protocol: 'HTTP',
            hostname: `grpc.${namespace}.example.com`,
          },
        ],
      },
    },
    {
      apiVersion: GATEWAY_API,
      kind: 'GRPCRoute',
      metadata: { name: `${app}-grpc`, namespace },
      spec: {
        parentRefs: [{ kind: 'ListenerSet', name: `${namespace}-listeners` }],
        rules: [
          {
            matches: [{ method: { service: 'orders.v1.Orders' } }],
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: {
                  set: [{ name: 'dapr-app-id', value: app }],
                },
              },
            ],
            backendRefs: [{ name: `${gatewayApp}-dapr`, port: 50001 }],
          },
        ],
      },
    },
    l4('TLSRoute'),
    l4('TCPRoute'),
    l4('UDPRoute'),
    {
      apiVersion: GATEWAY_API,
      kind: 'BackendTLSPolicy',
      metadata: { name: `${gatewayApp}-dapr-tls`, namespace },
      spec: {
        targetRefs: [
          { group: '', kind: 'Service', name: `${gatewayApp}-dapr` },
        ],
        validation: {
          hostname: `${gatewayApp}-dapr.${namespace}.svc`,
          wellKnownCACertificates: 'System',
        },
      },
    },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name: `${app}-tools`, namespace },
      spec: {
        endpoint: { streamableHTTP: { url: 'https://mcp.example.com/mcp' } },
      },
      scopes: [app],
    },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'WorkflowAccessPolicy',
      metadata: { name: `${app}-workflows`, namespace },
      spec: {
        rules: [
          {
            callers: [{ appID: gatewayApp }],
            workflows: [{ name: 'OrderSaga', operations: ['schedule'] }],
          },
        ],
      },
      scopes: [app],
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `${namespace}-reindex`, namespace },
      spec: { template: daprPodTemplate(`${namespace}-reindex`) },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `${namespace}-nightly`, namespace },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: { template: daprPodTemplate(`${namespace}-nightly`) },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${namespace}-shell`,
        namespace,
        ...daprPodTemplate(`${namespace}-shell`).metadata,
      },
      spec: daprPodTemplate(`${namespace}-shell`).spec,
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${namespace}-plain`, namespace },
      spec: { containers: [{ name: 'main', image: 'example/plain:1' }] },
    },
  ];
}

describe('today’s kinds on the local control plane', () => {
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;
  let namespace: string;

  beforeAll(async () => {
    const reader = await mintServiceAccount(admin, {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    namespace = await createTestNamespace(admin, 'kinds');
    await applyObjects(admin, todaysKinds(namespace, 'edge', 'ledger'));
    const apps = [
      'edge',
      'ledger',
      `${namespace}-reindex`,
      `${namespace}-nightly`,
      `${namespace}-shell`,
    ];
    api = await startDapriseBackend({
      entities: apps.map(appId => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: entityName(appId),
          namespace: 'default',
          annotations: {
            'dapr.io/app-id': appId,
            'backstage.io/kubernetes-namespace': namespace,
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/team-shop',
        },
      })),
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: reader.token,
        },
      ],
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  /** The app's view once `ready` holds for it. */
  const appView = (appId: string, ready: (view: any) => boolean = () => true) =>
    eventually(async () => {
      const res = await api.get(
        `/entity/default/component/${entityName(appId)}`,
      );
      const view = res.body?.apps?.[0];
      if (view && !ready(view))
        throw new Error(
          `not ready yet: ${JSON.stringify(view).slice(0, 3000)}`,
        );
      return view;
    });

  it('attributes every new kind to the app it reaches or scopes', async () => {
    const ledger = await appView(
      'ledger',
      view =>
        view.routes.length === 4 &&
        view.mcpServers.length === 1 &&
        view.workflowAccessPolicies.length === 1,
    );
    expect(
      ledger.routes.map((r: any) => [r.kind, r.ref.name, r.mode]).sort(),
    ).toEqual([
      ['GRPCRoute', 'ledger-grpc', 'via-dapr'],
      ['TCPRoute', 'ledger-tcproute', 'direct-dapr'],
      ['TLSRoute', 'ledger-tlsroute', 'direct-dapr'],
      ['UDPRoute', 'ledger-udproute', 'direct-dapr'],
    ]);
    const grpc = ledger.routes.find((r: any) => r.kind === 'GRPCRoute');
    expect(grpc).toMatchObject({
      via: { appId: 'edge', namespace },
      invoke: { appId: 'ledger', by: 'header' },
      parents: [
        {
          listenerSet: { kind: 'ListenerSet', name: `${namespace}-listeners` },
          gateway: { kind: 'Gateway', namespace: 'infra', name: 'public' },
          found: true,
        },
      ],
    });
    expect(grpc.hops[0].label).toBe(
      `ListenerSet ${namespace}/${namespace}-listeners → Gateway infra/public`,
    );
    expect(grpc.hops[1]).toMatchObject({
      role: 'via-dapr',
      backendTLSPolicy: { kind: 'BackendTLSPolicy', name: 'edge-dapr-tls' },
    });
    expect(ledger.mcpServers.map((s: any) => s.name)).toEqual(['ledger-tools']);
    expect(ledger.workflowAccessPolicies.map((p: any) => p.name)).toEqual([
      'ledger-workflows',
    ]);
  });

  it('lists the routes entering through the gateway app’s Dapr Shared on the gateway app’s view', async () => {
    const edge = await appView('edge', view => view.routesThrough.length > 0);
    expect(
      edge.routesThrough.map((r: any) => [r.kind, r.ref.name, r.target.appId]),
    ).toEqual([['GRPCRoute', 'ledger-grpc', 'ledger']]);
    expect(edge.mcpServers).toEqual([]);
  });

  it('finds sidecar apps in a Job, a CronJob and a Pod without an owner, and no app in a plain Pod', async () => {
    for (const [kind, name] of [
      ['Job', `${namespace}-reindex`],
      ['CronJob', `${namespace}-nightly`],
      ['Pod', `${namespace}-shell`],
    ]) {
      const view = await appView(name);
      expect(view.sidecars.map((s: any) => [s.ref.kind, s.ref.name])).toEqual([
        [kind, name],
      ]);
    }
    const res = await api.get(`/fleet?q=${namespace}-plain`);
    expect(res.body.totalCount).toBe(0);
  });

  it('lists only the Configuration an app names, never daprsystem', async () => {
    await applyObjects(
      admin,
      ['daprsystem', `${namespace}-shell-config`].map(name => ({
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Configuration',
        metadata: { name, namespace },
        spec: {
          mtls: {
            enabled: true,
            sentryAddress: 'dapr-sentry.dapr-system.svc.cluster.local:443',
            controlPlaneTrustDomain: 'cluster.local',
          },
        },
      })),
    );
    const shell = await appView(
      `${namespace}-shell`,
      view => view.configurations.length > 0,
    );
    expect(shell.configurations.map((c: any) => c.name)).toEqual([
      `${namespace}-shell-config`,
    ]);
    const edge = await appView('edge');
    expect(edge.configurations).toEqual([]);
    // The control plane's daprsystem (examples/cluster, namespace dapr-system) is the cluster's.
    const clusters = await api.get('/clusters');
    expect(clusters.body.items[0].controlPlane).toMatchObject({
      mtls: { enabled: true, source: 'daprsystem', workloadCertTTL: '24h' },
      daprsystem: { namespace: 'dapr-system', name: 'daprsystem' },
    });
  });

  it('watches Namespaces (names and labels, for ReferenceGrants and listener selectors), as the read-only role allows', async () => {
    const namespaces = () =>
      eventually(async () => {
        const res = await api.get('/clusters');
        const kind = res.body.items[0]?.kinds?.Namespace;
        return kind?.state === 'synced' ? kind : undefined;
      });
    const before = (await namespaces()).objects;
    expect(before).toBeGreaterThan(0);
    await createTestNamespace(admin, 'kinds-watched');
    await eventually(async () => {
      const after = (await namespaces()).objects;
      return after > before ? after : undefined;
    });
  });
});
