import { mockCredentials } from '@backstage/backend-test-utils';
import { testControlPlane } from '@daprise/local-control-plane';
import { AddressInfo } from 'node:net';
import { startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const cluster = testControlPlane();
const clusters = [
  {
    name: 'local',
    url: cluster.server,
    caData: cluster.caData,
    token: cluster.adminToken,
  },
];
/** An index version the index does not reach during the test: the poll waits its 25 s. */
const FAR_AHEAD = 1_000_000_000;

describe('GET /changes, per user', () => {
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;
  let baseUrl: string;
  const polls: AbortController[] = [];

  beforeAll(async () => {
    api = await startDapriseBackend({
      clusters,
      config: { changes: { maxLongPollsPerUser: 2 } },
    });
    const { port } = api.backend.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/daprise`;
  });

  afterAll(async () => {
    for (const poll of polls) poll.abort();
    await api?.backend.stop();
  });

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  /** A long poll that waits until aborted. */
  async function hold(user: string): Promise<AbortController> {
    const abort = new AbortController();
    polls.push(abort);
    fetch(`${baseUrl}/changes?after=${FAR_AHEAD}`, {
      headers: as(user),
      signal: abort.signal,
    }).catch(() => {});
    return abort;
  }

  /** A poll answered at once (the index is past -1) unless refused. */
  const ask = (user: string) =>
    fetch(`${baseUrl}/changes?after=0`, { headers: as(user) }).then(
      async res => ({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: await res.json(),
      }),
    );

  async function untilRefused(user: string) {
    for (let i = 0; i < 200; i++) {
      const res = await ask(user);
      if (res.status === 429) return res;
      await new Promise(resolve => setTimeout(resolve, 25));
    }
    throw new Error('never refused');
  }

  it('refuses one more than the cap with 429 and Retry-After, for that user only', async () => {
    const alice = 'user:default/alice';
    const first = await hold(alice);
    await hold(alice);
    const refused = await untilRefused(alice);
    expect(refused.retryAfter).toBe('25');
    expect(refused.body.error).toMatchObject({
      name: 'TooManyLongPollsError',
      message: expect.stringMatching(/^At most 2 requests to \/changes/),
    });
    expect(refused.body.response).toEqual({ statusCode: 429 });

    // Another user is not affected.
    expect((await ask('user:default/bob')).status).toBe(200);

    // A closed poll frees its place.
    first.abort();
    let res = await ask(alice);
    for (let i = 0; res.status === 429 && i < 200; i++) {
      await new Promise(resolve => setTimeout(resolve, 25));
      res = await ask(alice);
    }
    expect(res.status).toBe(200);
    expect(typeof res.body.indexVersion).toBe('number');
  });

  it('refuses a cap that is not a positive whole number, naming the key', async () => {
    await expect(
      startDapriseBackend({
        clusters,
        config: { changes: { maxLongPollsPerUser: 0 } },
      }),
    ).rejects.toThrow(
      /daprise\.changes\.maxLongPollsPerUser must be at least 1/,
    );
  });
});
