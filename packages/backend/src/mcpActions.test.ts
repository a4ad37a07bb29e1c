import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleDaprise from '@daprise/plugin-scaffolder-backend-module-daprise';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  applyObjects,
  createTestNamespace,
  kubeRequest,
  testControlPlane,
} from '@daprise/local-control-plane';
import yaml from 'yaml';
import { startPortalBackend } from './__testUtils__/portalBackend';

const appConfig = yaml.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
);

jest.setTimeout(120_000);

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, any>;
};

/**
 * The portal's MCP endpoint as an assistant reaches it: the MCP SDK's client over streamable
 * HTTP, with a user's token, through the real actions registry and actions service, the
 * real permission backend and the portal's policy, on the example cluster.
 */
describe("Daprise's actions over the portal's MCP endpoint", () => {
  let portal: Awaited<ReturnType<typeof startPortalBackend>>;
  let baseUrl: string;

  beforeAll(async () => {
    portal = await startPortalBackend({
      features: [
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        // preview-dapr-service comes from the scaffolder's Daprise module.
        scaffolderPlugin,
        scaffolderModuleDaprise,
      ],
      // The portal's own settings of the actions registry, the MCP server and who may
      // apply where (the preview is checked as applying is).
      config: {
        backend: { actions: appConfig.backend.actions },
        mcpActions: appConfig.mcpActions,
        permission: { enabled: true, policy: appConfig.permission.policy },
      },
    });
    const { port } = portal.backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}`;
  }, 200_000);

  afterAll(async () => {
    await portal?.backend.stop();
  });

  async function connect(user: string) {
    const client = new Client({ name: 'daprise-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${baseUrl}/api/mcp-actions/v1/daprise`),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header(user) },
          },
        },
      ),
    );
    return {
      client,
      call: async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({
          name: name.includes('.') ? name : `daprise.${name}`,
          arguments: args,
        })) as ToolResult,
    };
  }

  const text = (result: ToolResult) =>
    result.content.map(c => c.text ?? '').join('\n');
  const json = (result: ToolResult) => {
    expect(result.isError).toBeFalsy();
    return JSON.parse(text(result));
  };

  /** Until the index has read the example cluster (the route's hops have its status). */
  async function eventually<T>(check: () => Promise<T | undefined>) {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const value = await check().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in 40 s');
      await new Promise(r => setTimeout(r, 250));
    }
  }

  it('lists the actions as read-only, idempotent tools with their schemas', async () => {
    const { client } = await connect('user:default/guest');
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(tool => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual([
      'daprise.explain-dapr-route',
      'daprise.get-dapr-app',
      'daprise.list-dapr-findings',
      'scaffolder.preview-dapr-service',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
        destructiveHint: false,
      });
    }
    const route = byName.get('daprise.explain-dapr-route')!;
    expect(route.inputSchema.required).toEqual(['hostname']);
    const preview = byName.get('scaffolder.preview-dapr-service')!;
    expect(preview.inputSchema.required).toEqual(
      expect.arrayContaining([
        'appId',
        'namespace',
        'owner',
        'appPort',
        'image',
      ]),
    );
    expect(Object.keys(preview.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['components', 'gateway', 'cluster']),
    );
    const findings = byName.get('daprise.list-dapr-findings')!;
    expect(Object.keys(findings.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'cluster',
        'namespace',
        'owner',
        'rule',
        'severity',
        'q',
      ]),
    );
    await client.close();
  });

  it("gets an entity's app, with its findings, for the entity's owner", async () => {
    const { client, call } = await connect('user:default/shop-dev');
    const view = await eventually(async () => {
      const body = json(
        await call('get-dapr-app', { entityRef: 'component:default/orders' }),
      );
      return body.apps?.[0]?.routes?.length ? body : undefined;
    });
    expect(view.entityRef).toBe('component:default/orders');
    expect(view.daprRef).toEqual({ appId: 'orders', namespace: 'shop' });
    expect(view.apps).toHaveLength(1);
    expect(view.apps[0]).toMatchObject({
      key: 'local/shop/orders',
      appId: 'orders',
      findings: expect.any(Array),
    });
    // The same app by cluster, namespace and app-id.
    const byKey = json(
      await call('get-dapr-app', {
        cluster: 'local',
        namespace: 'shop',
        appId: 'orders',
      }),
    );
    expect(byKey.apps.map((a: { key: string }) => a.key)).toEqual([
      'local/shop/orders',
    ]);
    await client.close();
  });

  it("explains the example route's hops, Gateway to app", async () => {
    const { client, call } = await connect('user:default/shop-dev');
    const explained = await eventually(async () => {
      const body = json(
        await call('explain-dapr-route', {
          hostname: 'orders.shop.example.com',
          path: '/orders/42',
        }),
      );
      return body.matches?.[0]?.hops?.[0]?.status === 'ok' ? body : undefined;
    });
    const [served] = explained.matches;
    expect(served).toMatchObject({
      cluster: 'local',
      route: { kind: 'HTTPRoute', namespace: 'infra', name: 'orders' },
      match: { path: { type: 'PathPrefix', value: '/orders' } },
      mode: 'via-dapr',
      target: { appId: 'orders', namespace: 'shop' },
    });
    expect(served.hops.map((h: { role: string }) => h.role)).toEqual([
      'gateway',
      'via-dapr',
      'target-dapr',
      'app',
    ]);
    expect(explained.status).toBe(served.status);
    // A path the route does not match (/ordersx is not under the /orders prefix): for the
    // fleet's readers no route matches; for others, none they may read.
    const miss = { hostname: 'orders.shop.example.com', path: '/ordersx' };
    const ownerMiss = await call('explain-dapr-route', miss);
    expect(text(ownerMiss)).toMatch(/^NotAllowedError: No route you may read/);
    const platform = await connect('user:default/guest');
    const platformMiss = await platform.call('explain-dapr-route', miss);
    expect(platformMiss.isError).toBe(true);
    expect(text(platformMiss)).toMatch(/^NotFoundError: No HTTPRoute matches/);
    await platform.client.close();
    await client.close();
  });

  it("lists the fleet's findings with the fleet page's filters, object findings included, for the platform team", async () => {
    const { client, call } = await connect('user:default/guest');
    // The example topology has no findings: a Component no app uses, with a password in
    // plain text, gives an object finding.
    const admin = testControlPlane().admin();
    const namespace = await createTestNamespace(admin, 'mcp');
    await applyObjects(admin, [
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'cache', namespace },
        spec: {
          type: 'state.redis',
          version: 'v1',
          metadata: [
            { name: 'redisHost', value: 'redis:6379' },
            { name: 'redisPassword', value: 'hunter2-plain' },
          ],
        },
      },
    ]);
    const found = await eventually(async () => {
      const body = json(
        await call('list-dapr-findings', { namespace: [namespace] }),
      );
      return body.objectFindings.length > 0 ? body : undefined;
    });
    expect(found.objectFindings).toContainEqual(
      expect.objectContaining({
        cluster: 'local',
        ruleId: 'component-plaintext-secret',
        object: expect.objectContaining({
          kind: 'Component',
          namespace,
          name: 'cache',
        }),
      }),
    );
    expect(JSON.stringify(found)).not.toContain('hunter2-plain');
    // The same filters as the fleet page: by rule, and by severity.
    const byRule = json(
      await call('list-dapr-findings', {
        namespace: [namespace],
        rule: ['component-unscoped'],
      }),
    );
    expect(
      byRule.objectFindings.map((f: { ruleId: string }) => f.ruleId),
    ).not.toContain('component-plaintext-secret');
    // The fleet's filters: a namespace nothing runs in has no findings.
    const none = json(
      await call('list-dapr-findings', { namespace: ['nowhere'] }),
    );
    expect(none.apps).toEqual([]);
    expect(none.objectFindings).toEqual([]);
    // A bad filter is named, with what it may be.
    const bad = await call('list-dapr-findings', { severity: ['dire'] });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('InputError');
    await client.close();
  });

  /** A gRPC service behind the example Gateway, as the template's form would send it. */
  const grpcService = (namespace: string, appId = 'ledger') => ({
    appId,
    namespace,
    owner: 'group:default/team-shop',
    appPort: 50051,
    appProtocol: 'grpc',
    image: 'ghcr.io/acme/ledger:2.1.0',
    components: [
      {
        name: 'statestore',
        type: 'state.redis',
        metadata: [
          { name: 'redisHost', value: 'redis-master:6379' },
          {
            name: 'redisPassword',
            secretKeyRef: { name: 'redis', key: 'redis-password' },
          },
        ],
      },
    ],
    gateway: { name: 'public', namespace: 'infra', gatewayAppId: 'gateway' },
    hostnames: [`${appId}.shop.example.com`],
  });

  /** What exists of an app in the cluster: its workloads, Service, route and policies. */
  async function presence(namespace: string, appId: string) {
    const admin = testControlPlane().admin();
    const paths = [
      `/apis/apps/v1/namespaces/${namespace}/deployments/${appId}`,
      `/api/v1/namespaces/${namespace}/services/${appId}-dapr`,
      `/apis/dapr.io/v1alpha1/namespaces/${namespace}/components/statestore`,
      `/apis/gateway.networking.k8s.io/v1/namespaces/infra/grpcroutes/${appId}-${namespace}`,
      `/apis/cilium.io/v2/namespaces/infra/ciliumnetworkpolicies/${appId}-${namespace}-via-gateway`,
    ];
    const found: string[] = [];
    for (const apiPath of paths) {
      const res = await kubeRequest(admin, 'GET', apiPath);
      if (res.status === 200) found.push(apiPath);
      else if (res.status !== 404)
        throw new Error(`GET ${apiPath}: ${res.status} ${res.body}`);
    }
    return found;
  }

  it('previews a gRPC service: manifests, findings and a dry run the cluster accepts, with nothing applied', async () => {
    const { client, call } = await connect('user:default/guest');
    const admin = testControlPlane().admin();
    const namespace = await createTestNamespace(admin, 'preview');
    const answer = await call(
      'scaffolder.preview-dapr-service',
      grpcService(namespace),
    );
    const preview = json(answer);
    expect(preview).toMatchObject({
      cluster: 'local',
      verdict: 'ready',
      applied: false,
      errors: [],
      findings: [],
    });
    const kinds = preview.manifests.map(
      (m: { object: { kind: string } }) => m.object.kind,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'Component',
        'GRPCRoute',
        'CiliumNetworkPolicy',
      ]),
    );
    expect(kinds).not.toContain('HTTPRoute');
    const route = preview.manifests.find(
      (m: { object: { kind: string } }) => m.object.kind === 'GRPCRoute',
    ).object;
    expect(route.spec.rules[0]).toMatchObject({
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'dapr-app-id', value: `ledger.${namespace}` }],
          },
        },
      ],
      backendRefs: [{ kind: 'Service', name: 'gateway-dapr', port: 50001 }],
    });
    // The server-side dry run accepted every object, and none of them exists.
    expect(preview.dryRun.accepted).toBe(true);
    expect(preview.dryRun.failures).toEqual([]);
    expect(preview.dryRun.results).toHaveLength(preview.manifests.length);
    expect(
      new Set(
        preview.dryRun.results.map((r: { outcome: string }) => r.outcome),
      ),
    ).toEqual(new Set(['would-create']));
    expect(await presence(namespace, 'ledger')).toEqual([]);

    // Invalid input is reported field by field, with a fix, and nothing is rendered.
    const invalid = json(
      await call('scaffolder.preview-dapr-service', {
        ...grpcService(namespace, 'Ledger_1'),
        pathPrefix: '/ledger',
      }),
    );
    expect(invalid.verdict).toBe('invalid-input');
    expect(invalid.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['appId', 'pathPrefix']),
    );
    expect(invalid.manifests).toEqual([]);
    expect(invalid.dryRun).toBeUndefined();
    await client.close();
  });

  it("indexes a previewed gRPC service, once applied, with its GRPCRoute on the app's view", async () => {
    const { client, call } = await connect('user:default/guest');
    const admin = testControlPlane().admin();
    const namespace = await createTestNamespace(admin, 'grpc');
    const preview = json(
      await call('scaffolder.preview-dapr-service', grpcService(namespace)),
    );
    expect(preview.verdict).toBe('ready');
    await applyObjects(
      admin,
      preview.manifests.map((m: { object: unknown }) => m.object),
    );
    const view = await eventually(async () => {
      const body = json(
        await call('get-dapr-app', {
          cluster: 'local',
          namespace,
          appId: 'ledger',
        }),
      );
      return body.apps?.[0]?.routes?.length ? body.apps[0] : undefined;
    });
    expect(view.routes).toContainEqual(
      expect.objectContaining({
        ref: expect.objectContaining({
          kind: 'GRPCRoute',
          namespace: 'infra',
          name: `ledger-${namespace}`,
        }),
        mode: 'via-dapr',
        target: { appId: 'ledger', namespace },
      }),
    );
    await client.close();
  });

  it('gives a user without the permission an error and no data', async () => {
    const { client, call } = await connect('user:default/outsider');
    const answers = [
      await call('get-dapr-app', { entityRef: 'component:default/orders' }),
      await call('get-dapr-app', {
        cluster: 'local',
        namespace: 'shop',
        appId: 'orders',
      }),
      await call('list-dapr-findings', {}),
      await call('explain-dapr-route', {
        hostname: 'orders.shop.example.com',
        path: '/orders/42',
      }),
      await call('scaffolder.preview-dapr-service', grpcService('shop')),
    ];
    for (const answer of answers) {
      expect(answer.isError).toBe(true);
      expect(text(answer)).toMatch(/^NotAllowedError: /);
      expect(text(answer)).not.toContain('local/shop/orders');
      expect(answer.structuredContent).toBeUndefined();
    }
    // An owner of orders is not an owner of gateway, nor a reader of the fleet.
    const shopDev = await connect('user:default/shop-dev');
    const gateway = await shopDev.call('get-dapr-app', {
      entityRef: 'component:default/gateway',
    });
    expect(gateway.isError).toBe(true);
    expect(text(gateway)).toMatch(/^NotAllowedError: /);
    const fleet = await shopDev.call('list-dapr-findings', {});
    expect(fleet.isError).toBe(true);
    // team-shop may apply into shop and infra only (permission.policy.applyScopes): a
    // preview elsewhere is refused before anything is read there.
    const elsewhere = await createTestNamespace(
      testControlPlane().admin(),
      'elsewhere',
    );
    const refused = await shopDev.call(
      'scaffolder.preview-dapr-service',
      grpcService(elsewhere),
    );
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      new RegExp(
        `^NotAllowedError: You may not apply to namespace ${elsewhere}`,
      ),
    );
    expect(refused.structuredContent).toBeUndefined();
    expect(await presence(elsewhere, 'ledger')).toEqual([]);
    await shopDev.client.close();
    await client.close();
  });
});
