import { randomBytes } from 'node:crypto';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { SECRET_MASK } from '@daprise/plugin-daprise-common';
import {
  harmlessMaskingCorpus,
  hostileMaskingCorpus,
} from '@daprise/plugin-daprise-common/testUtils';
import {
  applyObjects,
  createTestNamespace,
  mintServiceAccount,
  testControlPlane,
} from '@daprise/local-control-plane';
import { daprSharedObjects } from './__testUtils__/fixtures';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const cluster = testControlPlane();
const admin = cluster.admin();

/** Every line the backend logs, with its metadata, as text. */
const logLines: string[] = [];

function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
  );
}

function capturingLogger(fields: Record<string, unknown>): RootLoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: Error | Record<string, unknown>) => {
      logLines.push(serialize({ level, message, meta, fields }));
    };
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: meta => capturingLogger({ ...fields, ...meta }),
  };
  return logger;
}

const capturingRootLogger = createServiceFactory({
  service: coreServices.rootLogger,
  deps: {},
  factory: () => capturingLogger({}),
});

/** 16 characters of [0-9A-F], starting with a digit (see `hostileMaskingCorpus`). */
const canary = `7${randomBytes(8).toString('hex').toUpperCase().slice(0, 15)}`;
const hostile = hostileMaskingCorpus(canary);
const harmless = harmlessMaskingCorpus();

describe('a cluster full of hostile values', () => {
  const appId = 'hostile-app';
  let namespace: string;
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'masking');
    const reader = await mintServiceAccount(admin, {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: reader.token,
        },
      ],
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: appId,
            namespace: 'default',
            annotations: {
              'dapr.io/app-id': appId,
              'backstage.io/kubernetes-namespace': namespace,
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            owner: 'group:default/team-shop',
          },
        },
      ],
      features: [capturingRootLogger],
    });

    // The values that only value detectors can catch stand under harmless names.
    const metadata = [
      ...hostile.values.map((c, i) => ({ name: `host${i}`, value: c.value })),
      ...hostile.names.map(c => ({ name: c.name, value: c.value })),
      ...hostile.objects.map((c, i) => ({
        name: `config${i}`,
        value: c.value,
      })),
    ];
    const [deployment, service] = daprSharedObjects(namespace, appId);
    const withArgs = (args: string[], i: number) => {
      const copy = JSON.parse(JSON.stringify(deployment));
      copy.metadata.name = `${appId}-dapr-shared-${i}`;
      copy.spec.template.spec.containers[0].args.push(...args);
      return copy;
    };
    await applyObjects(admin, [
      deployment,
      service,
      ...hostile.daprdArgs.map((c, i) => withArgs(c.args, i)),
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'hostile', namespace },
        spec: { type: 'state.redis', version: 'v1', metadata },
        scopes: [appId],
      },
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'harmless', namespace },
        spec: {
          type: 'state.redis',
          version: 'v1',
          metadata: harmless.metadata.map(c => ({
            name: c.name,
            value: c.value,
          })),
        },
        scopes: [appId],
      },
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'HTTPEndpoint',
        metadata: { name: 'hostile', namespace },
        spec: {
          baseUrl: `https://u:${canary}@api.example.com/v1?api_key=${canary}`,
          headers: [...hostile.headers, ...hostile.names].map(c => ({
            name: c.name,
            value: c.value,
          })),
        },
        scopes: [appId],
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'hostile', namespace },
        spec: {
          parentRefs: [{ name: 'public', namespace: 'infra' }],
          rules: [
            {
              matches: [
                {
                  path: { type: 'PathPrefix', value: '/hostile' },
                  queryParams: hostile.queryParams.map(c => ({
                    name: c.name,
                    value: c.value,
                  })),
                  headers: hostile.headers.map(c => ({
                    name: c.name,
                    value: c.value,
                  })),
                },
              ],
              filters: [
                {
                  type: 'RequestHeaderModifier',
                  requestHeaderModifier: {
                    set: hostile.headers.map(c => ({
                      name: c.name,
                      value: c.value,
                    })),
                  },
                },
              ],
              backendRefs: [{ name: `${appId}-dapr`, port: 3500 }],
            },
          ],
        },
      },
    ]);
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  it('serves, exports and logs none of them', async () => {
    const view = await eventually(async () => {
      const res = await api.get(`/entity/default/component/${appId}`);
      const app = res.body.apps?.[0];
      return app?.components?.length === 2 &&
        app.httpEndpoints?.length === 1 &&
        app.routes?.length === 1 &&
        app.daprShared?.length >= 1
        ? app
        : undefined;
    }, 30_000);

    // Everything arrived, and arrived masked.
    const hostileComponent = view.components.find(
      (c: any) => c.name === 'hostile',
    );
    expect(hostileComponent.metadata).toHaveLength(
      hostile.values.length + hostile.names.length + hostile.objects.length,
    );
    for (const item of hostileComponent.metadata)
      expect(item).toEqual({
        name: item.name,
        value: SECRET_MASK,
        masked: true,
      });
    expect(view.routes[0].matches[0].path.value).toBe('/hostile');
    // The harmless look-alikes are kept.
    const harmlessComponent = view.components.find(
      (c: any) => c.name === 'harmless',
    );
    // (The API server sorts the members of an object value.)
    expect(
      harmlessComponent.metadata.map((m: any, i: number) =>
        typeof harmless.metadata[i].value === 'string'
          ? m.value
          : JSON.parse(m.value),
      ),
    ).toEqual(harmless.metadata.map(c => c.value));

    const responses = await Promise.all(
      [
        `/entity/default/component/${appId}`,
        `/fleet?q=${appId}`,
        '/fleet?limit=500',
        '/fleet?format=csv',
        `/fleet?format=csv&namespace=${namespace}`,
        '/clusters',
        '/rules',
        '/changes?after=0',
        '/health',
      ].map(path => api.get(path)),
    );
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(canary);
      expect(JSON.stringify(res.headers)).not.toContain(canary);
    }
    expect(logLines.length).toBeGreaterThan(0);
    const leaked = logLines.filter(line => line.includes(canary));
    expect(leaked).toEqual([]);
  });
});
