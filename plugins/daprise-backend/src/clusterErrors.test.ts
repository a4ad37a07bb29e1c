import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  ApiProxy,
  startApiProxy,
  testControlPlane,
} from '@daprise/local-control-plane';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'canary-7f3a9c';
const TAIL_CANARY = 'tail-canary-51d2e8';
/**
 * What a proxy in front of a failing API server may answer: an HTML page naming an internal
 * address and a ServiceAccount, far longer than any message should quote.
 */
const hostilePage = [
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>',
  `<h1>502 Bad Gateway</h1><p>upstream 10.96.0.1:6443 refused ${CANARY} for system:serviceaccount:daprise-system:daprise-reader</p>`,
  ...Array.from(
    { length: 30 },
    (_, i) => `<p>retry ${i} via 172.20.${i}.9 failed</p>`,
  ),
  `<p>${TAIL_CANARY}</p></body></html>`,
].join('\n');

/** A root logger that keeps every line, to check what reaches the logs. */
function recordingLoggerFactory(lines: string[]) {
  const logger = (): LoggerService => {
    const record = (message: string, meta?: unknown) =>
      lines.push(meta ? `${message} ${JSON.stringify(meta)}` : message);
    return {
      error: record,
      warn: record,
      info: record,
      debug: record,
      child: () => logger(),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger() as RootLoggerService,
  });
}

describe("a cluster's error behind a proxy that answers with an HTML page", () => {
  const cluster = testControlPlane();
  let proxy: ApiProxy;
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;
  const logLines: string[] = [];
  const actions = actionsRegistryServiceMock();

  beforeAll(async () => {
    proxy = await startApiProxy(cluster, {
      fault: { kind: 'html-error', statusCode: 502, body: hostilePage },
    });
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: proxy.server,
          caData: cluster.caData,
          token: cluster.adminToken,
        },
      ],
      features: [
        recordingLoggerFactory(logLines),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actions,
        }),
      ],
    });
    // Every kind has tried (and failed) once.
    await eventually(async () => {
      const kinds = (await api.get('/clusters')).body.items?.[0]?.kinds ?? {};
      const states = Object.values<any>(kinds).map(kind => kind.state);
      return states.length > 0 && states.every(state => state === 'error')
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
    await proxy?.close();
  });

  it('shows entity readers the reason only, never the message', async () => {
    const res = await api.get('/entity/default/component/orders');
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([
      {
        name: 'local',
        synced: false,
        stale: true,
        reason: 'ServiceUnavailable',
      },
    ]);
    for (const leak of [CANARY, TAIL_CANARY, '10.96.0.1', 'serviceaccount'])
      expect(res.text).not.toContain(leak);
  });

  it('shows the same in the get-dapr-app action', async () => {
    const { output } = await actions.invoke({
      id: 'test:get-dapr-app',
      input: { entityRef: 'component:default/orders' },
      credentials: mockCredentials.user(),
    });
    expect((output as any).clusters).toEqual([
      expect.objectContaining({ name: 'local', reason: 'ServiceUnavailable' }),
    ]);
    const text = JSON.stringify(output);
    for (const leak of [CANARY, TAIL_CANARY, '10.96.0.1'])
      expect(text).not.toContain(leak);
  });

  it('gives fleet readers the message in /clusters, cut to 500 characters', async () => {
    expect(hostilePage.length).toBeGreaterThan(1_000);
    const [local] = (await api.get('/clusters')).body.items;
    expect(local).toMatchObject({ stale: true, reason: 'ServiceUnavailable' });
    expect(local.error).toContain(CANARY);
    expect(local.error.length).toBeLessThanOrEqual(500);
    for (const kind of Object.values<any>(local.kinds)) {
      expect(kind.reason).toBe('ServiceUnavailable');
      expect(kind.error.length).toBeLessThanOrEqual(500);
      expect(kind.error).not.toContain(TAIL_CANARY);
    }
  });

  it('logs the error cut too', () => {
    const logged = logLines.filter(line => line.includes(CANARY));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line.length).toBeLessThanOrEqual(600);
    expect(logLines.join('\n')).not.toContain(TAIL_CANARY);
  });
});
