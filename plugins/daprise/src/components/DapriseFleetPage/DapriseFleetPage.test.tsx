import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FleetQuery } from '../../api';
import { exampleFleetRows, fleetPageOf } from '../../__testUtils__/fleet';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { renderFleetPage as setup } from '../../__testUtils__/renderFleetPage';

/** The query of the last fleet request. */
function lastQuery(api: ReturnType<typeof mockDapriseApi>): FleetQuery {
  const calls = api.getFleet.mock.calls;
  return calls[calls.length - 1][0] ?? {};
}

function location() {
  return new URLSearchParams(screen.getByTestId('location').textContent ?? '');
}

/** A fleet of 60 apps (the example's rows on every page). */
function sixtyAppsApi() {
  const rows = exampleFleetRows();
  return mockDapriseApi({
    getFleet: jest.fn(async (query?: FleetQuery) =>
      fleetPageOf(rows, {
        totalCount: 60,
        offset: query?.offset ?? 0,
        limit: query?.limit ?? 25,
      }),
    ),
  });
}

/** Waits for the rows of the fleet (material-table renders slowly in jsdom). */
async function findRows() {
  await screen.findAllByText('orders', { selector: 'a' }, { timeout: 10_000 });
}

describe('DapriseFleetPage', () => {
  it('lists every app-id with its findings, linked to its entity, and the clusters’ health', async () => {
    const { api } = await setup();

    expect(
      await screen.findByRole('heading', { name: 'Dapr fleet' }),
    ).toBeInTheDocument();
    await findRows();
    expect(api.getFleet).toHaveBeenCalledWith(
      { limit: 25 },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );

    const rows = screen
      .getAllByRole('row')
      .filter(row => within(row).queryAllByRole('cell').length === 9);
    expect(rows.map(row => row.textContent)).toEqual([
      expect.stringMatching(
        /^gatewayprodinfraplatformDapr Shared 1\.16\.0 · 1\/1 ready/,
      ),
      expect.stringMatching(/^inventoryprodshopteam-shopsidecar · 2\/2 ready/),
      expect.stringMatching(
        /^ordersprodshopteam-shopDapr Shared 1\.16\.0 · 3\/3 ready/,
      ),
      expect.stringMatching(/^gatewaystaginginfraplatform/),
      // The staging state store lost its scopes: inventory may load it too.
      expect.stringMatching(/^inventorystagingshopteam-shopsidecar/),
      expect.stringMatching(
        /^ordersstagingshopteam-shopDapr Shared 1\.16\.0 · 1\/3 ready12/,
      ),
    ]);
    expect(rows[4]).toHaveTextContent('high: 1');
    expect(rows[5]).toHaveTextContent('high: 2');
    const [prodOrders] = screen.getAllByRole('link', { name: 'orders' });
    expect(prodOrders).toHaveAttribute(
      'href',
      '/catalog/default/component/orders',
    );

    const health = screen.getByRole('list', { name: 'Cluster health' });
    expect(
      within(health).getByRole('listitem', { name: 'Cluster prod: synced' }),
    ).toHaveTextContent('Not installed: CiliumClusterwideNetworkPolicy');
    const controlPlane = within(health).getByLabelText(
      'Dapr control plane of prod',
    );
    expect(controlPlane).toHaveTextContent(
      'Dapr control plane in dapr-system: operator 1.18.3 1/1 ready; sentry not found; placement 1.18.3 2/3 ready; scheduler not found; sidecar-injector not found',
    );
    expect(controlPlane).toHaveTextContent(
      "mTLS on (no daprsystem Configuration: Dapr's default)",
    );
    expect(
      within(health).getByRole('listitem', { name: 'Cluster staging: stale' }),
    ).toHaveTextContent('connect ECONNREFUSED 10.0.0.1:6443');

    const bySeverity = screen.getByRole('list', { name: 'By severity' });
    expect(
      within(bySeverity).getByRole('button', { name: /^high\s*3$/ }),
    ).toBeInTheDocument();
  });

  it('opens a shared link with its filters, sort order and page', async () => {
    const { api } = await setup({
      api: sixtyAppsApi(),
      url: '/daprise?severity=high&cluster=staging&sort=score&order=desc&offset=25',
    });

    await waitFor(() => expect(api.getFleet).toHaveBeenCalled());
    expect(lastQuery(api)).toEqual({
      severity: ['high'],
      cluster: ['staging'],
      sort: 'score',
      order: 'desc',
      offset: 25,
      limit: 25,
    });
    expect(
      await screen.findByRole('button', { name: 'staging' }),
    ).toBeInTheDocument();
  });

  it('filters by severity, calling the API with the filter and keeping it in the URL', async () => {
    const user = userEvent.setup();
    const { api } = await setup({
      api: sixtyAppsApi(),
      url: '/daprise?offset=25',
    });
    await findRows();
    expect(lastQuery(api)).toEqual({ offset: 25, limit: 25 });

    await user.click(screen.getByLabelText('Severity'));
    await user.click(await screen.findByRole('option', { name: 'critical' }));

    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ severity: ['critical'], limit: 25 }),
    );
    expect(location().getAll('severity')).toEqual(['critical']);
    // Filtering goes back to the first page.
    expect(location().has('offset')).toBe(false);
  });

  it('searches once the user pauses typing', async () => {
    const user = userEvent.setup();
    const { api } = await setup();
    await findRows();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'gate');

    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ q: 'gate', limit: 25 }),
    );
    expect(
      api.getFleet.mock.calls.filter(([query]) => query?.q !== undefined),
    ).toHaveLength(1);
    expect(location().get('q')).toBe('gate');
  });

  it('filters by a rule from the summary', async () => {
    const user = userEvent.setup();
    const { api } = await setup();
    await findRows();

    const byRule = screen.getByRole('list', { name: 'By rule' });
    const rule = within(byRule).getByRole('button', {
      name: /^Component without scopes/,
    });
    expect(rule).toHaveAttribute('aria-pressed', 'false');
    await user.click(rule);

    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        rule: ['component-unscoped'],
        limit: 25,
      }),
    );
    expect(
      within(screen.getByRole('list', { name: 'By rule' })).getByRole(
        'button',
        { name: /^Component without scopes/ },
      ),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('sorts on the server, from the keyboard too', async () => {
    const user = userEvent.setup();
    const { api } = await setup();
    await findRows();

    const score = screen.getByRole('button', { name: 'Score' });
    score.focus();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        sort: 'score',
        order: 'asc',
        limit: 25,
      }),
    );

    screen.getByRole('button', { name: 'Score' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        sort: 'score',
        order: 'desc',
        limit: 25,
      }),
    );
    expect(location().get('sort')).toBe('score');
    expect(location().get('order')).toBe('desc');
  });

  it('pages on the server', async () => {
    const user = userEvent.setup();
    const api = sixtyAppsApi();
    await setup({ api });
    await findRows();
    expect(screen.getAllByText('1-25 of 60').length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Next Page' }));

    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ offset: 25, limit: 25 }),
    );
    expect((await screen.findAllByText('26-50 of 60')).length).toBeGreaterThan(
      0,
    );
    expect(location().get('offset')).toBe('25');
  });

  it('goes to the last page when a shared link points past the end', async () => {
    const rows = exampleFleetRows();
    const api = mockDapriseApi({
      getFleet: jest.fn(async (query?: FleetQuery) =>
        fleetPageOf((query?.offset ?? 0) >= rows.length ? [] : rows, {
          offset: query?.offset ?? 0,
        }),
      ),
    });
    await setup({ api, url: '/daprise?offset=500' });

    await findRows();
    expect(lastQuery(api)).toEqual({ limit: 25 });
    expect(location().has('offset')).toBe(false);
  });

  it('exports all rows matching the filters as CSV', async () => {
    const user = userEvent.setup();
    const csv = new Blob(['cluster,namespace,appId\r\n'], { type: 'text/csv' });
    const api = mockDapriseApi({
      getFleet: jest.fn(async () => fleetPageOf()),
      getFleetCsv: jest.fn(async () => csv),
    });
    const createObjectURL = jest.fn(() => 'blob:fleet');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicks.push(this);
      });
    await setup({ api, url: '/daprise?severity=high&sort=score&offset=25' });
    await findRows();

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(createObjectURL).toHaveBeenCalledWith(csv));
    // Filters only: the export holds every matching row, in no particular page.
    expect(api.getFleetCsv).toHaveBeenCalledWith({
      severity: ['high'],
      cluster: undefined,
      namespace: undefined,
      owner: undefined,
      rule: undefined,
      q: undefined,
    });
    expect(clicks).toHaveLength(1);
    expect(clicks[0].download).toBe('dapr-fleet.csv');
    expect(clicks[0].href).toBe('blob:fleet');
    await waitFor(() =>
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:fleet'),
    );
    jest.restoreAllMocks();
  });

  it('refreshes the fleet and the clusters when the index changes', async () => {
    let announceChange: (change: { indexVersion: number }) => void = () => {};
    const api = mockDapriseApi({
      getFleet: jest
        .fn()
        .mockResolvedValueOnce(fleetPageOf(undefined, { indexVersion: 3 }))
        .mockResolvedValue(
          fleetPageOf(exampleFleetRows().slice(0, 1), { indexVersion: 4 }),
        ),
      waitForChanges: jest
        .fn()
        .mockImplementationOnce(
          () => new Promise(resolve => (announceChange = resolve)),
        )
        .mockImplementation(() => new Promise(() => {})),
    });
    await setup({ api });
    await findRows();
    await waitFor(() =>
      expect(api.waitForChanges).toHaveBeenCalledWith(3, expect.anything()),
    );
    expect(api.getClusters).toHaveBeenCalledTimes(1);

    announceChange({ indexVersion: 4 });

    await waitFor(() =>
      expect(screen.queryAllByRole('link', { name: 'orders' })).toHaveLength(0),
    );
    expect(api.getFleet).toHaveBeenCalledTimes(2);
    expect(api.getClusters).toHaveBeenCalledTimes(2);
  });
});
