import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import {
  applyObjects,
  createTestNamespace,
  testControlPlane,
} from '@daprise/local-control-plane';
import { daprSharedObjects } from './__testUtils__/fixtures';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const cluster = testControlPlane();
const admin = cluster.admin();

/** What the plugin publishes, as the signals backend would receive it. */
const published: SignalPayload[] = [];
const recordingSignals = createServiceFactory({
  service: signalsServiceRef,
  deps: {},
  factory: () => ({
    async publish(signal: SignalPayload<any>) {
      published.push(signal);
    },
  }),
});

describe('signals', () => {
  let namespace: string;
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(admin, 'signals');
    await applyObjects(admin, [
      ...daprSharedObjects(namespace, 'alpha'),
      ...daprSharedObjects(namespace, 'beta'),
    ] as any);
    api = await startDapriseBackend({
      entities: ['alpha', 'beta'].map(appId => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `signals-${appId}`,
          namespace: 'default',
          annotations: {
            'dapr.io/app-id': appId,
            'backstage.io/kubernetes-namespace': namespace,
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      })),
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: cluster.adminToken,
        },
      ],
      features: [recordingSignals],
    });
    // The app views are built, and their entities known.
    await eventually(async () => {
      const res = await api.get('/entity/default/component/signals-alpha');
      return res.body.apps?.length ? true : undefined;
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  const channels = () => new Set(published.map(signal => signal.channel));

  it("signals a change on the changed entity's channel and the fleet's, not on others", async () => {
    published.length = 0;
    await applyObjects(admin, [
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'alpha-state', namespace },
        spec: { type: 'state.in-memory', version: 'v1', metadata: [] },
        scopes: ['alpha'],
      } as any,
    ]);
    await eventually(async () =>
      channels().has('daprise:entity:component:default/signals-alpha')
        ? true
        : undefined,
    );
    expect(channels().has('daprise:fleet')).toBe(true);
    expect(
      channels().has('daprise:entity:component:default/signals-beta'),
    ).toBe(false);
    for (const signal of published) {
      // A broadcast that says only the version: the page reloads under its permission.
      expect(signal.recipients).toEqual({ type: 'broadcast' });
      expect(Object.keys(signal.message)).toEqual(['indexVersion']);
    }
  });
});
