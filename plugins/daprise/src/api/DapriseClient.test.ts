import { ResponseError } from '@backstage/errors';
import { DapriseClient } from './DapriseClient';
import { fleetQueryToSearchParams, parseFleetQuery } from './fleetQuery';

const baseUrl = 'http://localhost:7007/api/daprise';

function setup(response: Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response.clone(),
  );
  const getBaseUrl = jest.fn(async () => baseUrl);
  const client = new DapriseClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch },
  });
  return { client, fetch, getBaseUrl };
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('DapriseClient', () => {
  it('reads the view of an entity through the fetch API, with the parts encoded', async () => {
    const view = { entityRef: 'component:default/orders', apps: [] };
    const { client, fetch, getBaseUrl } = setup(json(view));

    await expect(
      client.getEntityView({
        kind: 'Component',
        namespace: 'default',
        name: 'orders/v2',
      }),
    ).resolves.toEqual(view);

    expect(getBaseUrl).toHaveBeenCalledWith('daprise');
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/entity/default/Component/orders%2Fv2`,
      expect.objectContaining({ signal: undefined }),
    );
  });

  it('sends fleet filters as repeated query parameters', async () => {
    const { client, fetch } = setup(json({ items: [] }));
    const abort = new AbortController();

    await client.getFleet(
      {
        severity: ['critical', 'high'],
        rule: ['component-unscoped'],
        cluster: ['prod'],
        q: ' orders ',
        sort: 'score',
        order: 'desc',
        offset: 50,
        limit: 25,
      },
      { signal: abort.signal },
    );

    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/daprise/fleet');
    expect(url.searchParams.getAll('severity')).toEqual(['critical', 'high']);
    expect(url.searchParams.getAll('rule')).toEqual(['component-unscoped']);
    expect(url.searchParams.getAll('cluster')).toEqual(['prod']);
    expect(url.searchParams.get('q')).toBe('orders');
    expect(url.searchParams.get('sort')).toBe('score');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(url.searchParams.get('offset')).toBe('50');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(fetch.mock.calls[0][1]?.signal).toBe(abort.signal);
  });

  it('asks for all matching rows as CSV, without paging', async () => {
    const { client, fetch } = setup(
      new Response('cluster,namespace,appId\r\nprod,shop,orders\r\n', {
        headers: { 'Content-Type': 'text/csv' },
      }),
    );

    const blob = await client.getFleetCsv({ severity: ['high'], q: 'orders' });

    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.searchParams.get('format')).toBe('csv');
    expect(url.searchParams.getAll('severity')).toEqual(['high']);
    expect(url.searchParams.get('q')).toBe('orders');
    expect(url.searchParams.has('offset')).toBe(false);
    expect(url.searchParams.has('limit')).toBe(false);
    expect(await blob.text()).toContain('prod,shop,orders');
  });

  it('long-polls /changes from the given index version', async () => {
    const { client, fetch } = setup(json({ indexVersion: 9 }));

    await expect(client.waitForChanges(8)).resolves.toEqual({
      indexVersion: 9,
    });
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/changes?after=8`);
  });

  it('reads the clusters', async () => {
    const { client, fetch } = setup(json({ items: [{ name: 'prod' }] }));
    await expect(client.getClusters()).resolves.toEqual({
      items: [{ name: 'prod' }],
    });
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/clusters`);
  });

  it('turns an error response into a ResponseError with its status', async () => {
    const { client } = setup(
      json(
        {
          error: {
            name: 'NotAllowedError',
            message:
              'Reading the Dapr fleet needs the daprise.fleet.read permission',
          },
          request: { method: 'GET', url: '/fleet' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );

    const error = await client.getFleet().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toContain('daprise.fleet.read');
  });
});

describe('fleet query parameters', () => {
  it('round-trips through the URL, leaving out defaults', () => {
    const params = fleetQueryToSearchParams(
      {
        severity: ['high'],
        owner: ['team-shop'],
        namespace: ['shop'],
        sort: 'findings',
        order: 'desc',
        offset: 0,
        limit: 25,
      },
      { defaultLimit: 25 },
    );
    expect(params.toString()).toBe(
      'namespace=shop&owner=team-shop&severity=high&sort=findings&order=desc',
    );
    expect(parseFleetQuery(params)).toEqual({
      severity: ['high'],
      owner: ['team-shop'],
      namespace: ['shop'],
      sort: 'findings',
      order: 'desc',
    });
  });

  it('ignores what a mistyped shared link gets wrong', () => {
    expect(
      parseFleetQuery(
        new URLSearchParams(
          'severity=urgent&severity=low&sort=colour&order=up&offset=-3&limit=ten&q=%20',
        ),
      ),
    ).toEqual({ severity: ['low'] });
  });
});
