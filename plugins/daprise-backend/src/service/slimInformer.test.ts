import {
  createTestNamespace,
  kubeRequest,
  testControlPlane,
} from '@daprise/local-control-plane';
import { kubernetesConnectionFor } from '@daprise/plugin-daprise-node';
import { eventually } from '../__testUtils__/testBackend';
import { SlimInformer } from './slimInformer';

jest.setTimeout(60_000);

const cluster = testControlPlane();
const admin = cluster.admin();
const UNREADABLE = 'daprise.test/unreadable';

async function send(method: string, path: string, body?: unknown) {
  const res = await kubeRequest(admin, method, path, {
    body,
    contentType:
      method === 'PATCH' ? 'application/merge-patch+json' : undefined,
  });
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
}

describe('SlimInformer and an object its slim function cannot read', () => {
  let informer: SlimInformer<string> | undefined;
  afterEach(() => informer?.stop());

  it('skips and counts that object, logs it once, and keeps the rest of the kind', async () => {
    const namespace = await createTestNamespace(admin, 'unreadable');
    const configMaps = `/api/v1/namespaces/${namespace}/configmaps`;
    const create = (name: string, unreadable = false) =>
      send('POST', configMaps, {
        metadata: {
          name,
          labels: unreadable ? { [UNREADABLE]: 'true' } : {},
        },
        data: { a: '1' },
      });
    await create('good-1');
    await create('bad-1', true);
    await create('good-2');

    const skips: { object: unknown; message: string }[] = [];
    informer = new SlimInformer<string>({
      connection: kubernetesConnectionFor({
        name: 'local',
        url: cluster.server,
        caData: cluster.caData,
        serviceAccountToken: cluster.adminToken,
      }),
      kind: {
        kind: 'ConfigMap',
        group: '',
        version: 'v1',
        plural: 'configmaps',
      },
      // One object per page: the unreadable one sits in a page of its own, mid-list.
      pageSize: 1,
      slim: raw => {
        if (raw.metadata.labels?.[UNREADABLE])
          throw new TypeError(`cannot read ${'spec '.repeat(400)}`);
        return `${raw.metadata.namespace}/${raw.metadata.name}`;
      },
      onChange: () => {},
      onSkip: (object, message) => skips.push({ object, message }),
    });
    informer.start();
    const mine = () =>
      informer!
        .list()
        .filter(key => key.startsWith(`${namespace}/`))
        .sort();

    await eventually(async () =>
      informer!.state === 'synced' ? true : undefined,
    );
    expect(mine()).toEqual([`${namespace}/good-1`, `${namespace}/good-2`]);
    expect(informer.skipped).toBe(1);
    expect(skips).toEqual([
      {
        object: { namespace, name: 'bad-1' },
        message: expect.stringMatching(/^cannot read spec/),
      },
    ]);
    expect(skips[0].message.length).toBeLessThanOrEqual(500);

    // Watch events: a new unreadable object is skipped and reported; a change to one that
    // still cannot be read is not reported again.
    await create('bad-2', true);
    await eventually(async () => (informer!.skipped === 2 ? true : undefined));
    await send('PATCH', `${configMaps}/bad-1`, { data: { a: '2' } });
    await create('good-3');
    await eventually(async () => (mine().length === 3 ? true : undefined));
    expect(skips.map(s => (s.object as any).name)).toEqual(['bad-1', 'bad-2']);
    expect(informer.state).toBe('synced');

    // Fixed, it is read; deleted, it is no longer counted.
    await send('PATCH', `${configMaps}/bad-2`, {
      metadata: { labels: { [UNREADABLE]: null } },
    });
    await eventually(async () => (informer!.skipped === 1 ? true : undefined));
    expect(mine()).toContain(`${namespace}/bad-2`);
    await send('DELETE', `${configMaps}/bad-1`);
    await eventually(async () => (informer!.skipped === 0 ? true : undefined));
    expect(mine()).toEqual([
      `${namespace}/bad-2`,
      `${namespace}/good-1`,
      `${namespace}/good-2`,
      `${namespace}/good-3`,
    ]);
  });
});
