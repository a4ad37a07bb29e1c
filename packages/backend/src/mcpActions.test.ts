import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  applyObjects,
  createTestNamespace,
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
      ],
      // The portal's own settings of the actions registry and the MCP server.
      config: {
        backend: { actions: appConfig.backend.actions },
        mcpActions: appConfig.mcpActions,
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
          name: `daprise.${name}`,
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
    await shopDev.client.close();
    await client.close();
  });
});
