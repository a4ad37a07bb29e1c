import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  buildAppIndex,
  objectFindingRows,
  type FindingRow,
} from '@daprise/plugin-daprise-common';
import type { FindingsQuery } from '../../api';
import {
  exampleClusterSnapshot,
  EXAMPLE_OBSERVED_AT,
} from '../../__testUtils__/exampleTopology';
import { fleetPageOf } from '../../__testUtils__/fleet';
import {
  emptyFindingsPage,
  mockDapriseApi,
} from '../../__testUtils__/mockDapriseApi';
import { renderFleetPage as setup } from '../../__testUtils__/renderFleetPage';

/** The object findings of the example topology in `prod`, as the backend sends them. */
function exampleFindingRows(): FindingRow[] {
  const index = buildAppIndex({
    clusters: [exampleClusterSnapshot('prod')],
    observedAt: EXAMPLE_OBSERVED_AT,
  });
  return JSON.parse(JSON.stringify(objectFindingRows(index)));
}

/** A backend that filters the example's findings by `apps` and `kind`, as GET /findings does. */
function findingsApi() {
  const rows = exampleFindingRows();
  return mockDapriseApi({
    getFleet: jest.fn(async () => fleetPageOf()),
    getFindings: jest.fn(async (query: FindingsQuery = {}) => {
      const items = rows.filter(
        row =>
          (query.apps !== 'none' || row.apps.length === 0) &&
          (!query.kind?.length || query.kind.includes(row.object!.kind)),
      );
      return emptyFindingsPage({
        items,
        totalCount: items.length,
        facets: {
          clusters: ['prod'],
          namespaces: ['infra', 'shop'],
          kinds: ['CiliumNetworkPolicy', 'Deployment'],
          rules: [
            {
              id: 'cilium-policy-selects-nothing',
              title: 'Network policy selects no workload',
            },
          ],
        },
      });
    }),
  });
}

function lastFindingsQuery(api: ReturnType<typeof mockDapriseApi>) {
  const calls = api.getFindings.mock.calls;
  return calls[calls.length - 1][0] as FindingsQuery;
}

describe('the fleet page’s findings that belong to no app', () => {
  it('lists them per cluster and namespace, each linked to its rule', async () => {
    const api = findingsApi();
    await setup({ api });

    const table = await screen.findByRole('table', {
      name: 'Findings that belong to no app',
    });
    expect(lastFindingsQuery(api)).toMatchObject({ apps: 'none' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(header => header.textContent),
    ).toEqual(['prod / shop']);
    const [row] = within(table)
      .getAllByRole('row')
      .filter(r => within(r).queryAllByRole('cell').length === 4);
    expect(row).toHaveTextContent(
      'CiliumNetworkPolicy shop/billing-dapr-from-gateway-dapr',
    );
    expect(row).toHaveTextContent('spec.endpointSelector');
    expect(row).toHaveTextContent('low');
    expect(row).toHaveTextContent(/Fix: /);
    expect(
      within(row).getByRole('link', { name: 'cilium-policy-selects-nothing' }),
    ).toHaveAttribute('href', '/daprise/rules#cilium-policy-selects-nothing');
    // The gateway's single replica is a finding of the gateway app: its card shows it.
    expect(table).not.toHaveTextContent('gateway-dapr-shared-chart');
    expect(
      screen.getByRole('link', { name: 'About the rules' }),
    ).toHaveAttribute('href', '/daprise/rules');
  });

  it('filters by kind and says when nothing matches', async () => {
    const user = userEvent.setup();
    const api = findingsApi();
    await setup({ api });
    await screen.findByRole('table', {
      name: 'Findings that belong to no app',
    });

    await user.click(screen.getByLabelText('Object kind'));
    await user.click(await screen.findByRole('option', { name: 'Deployment' }));

    await waitFor(() =>
      expect(lastFindingsQuery(api)).toMatchObject({
        apps: 'none',
        kind: ['Deployment'],
        offset: 0,
      }),
    );
    expect(
      await screen.findByText(
        'No object outside the apps has a finding that matches the filters.',
      ),
    ).toBeInTheDocument();
  });

  it('exports the findings matching its filters as CSV', async () => {
    const user = userEvent.setup();
    const csv = new Blob(['cluster\r\n'], { type: 'text/csv' });
    const api = findingsApi();
    api.getFindingsCsv.mockResolvedValue(csv);
    const createObjectURL = jest.fn(() => 'blob:findings');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicks: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicks.push(this);
      });
    await setup({ api });
    await screen.findByRole('table', {
      name: 'Findings that belong to no app',
    });

    await user.click(
      screen.getByRole('button', { name: 'Export findings CSV' }),
    );

    await waitFor(() => expect(createObjectURL).toHaveBeenCalledWith(csv));
    expect(api.getFindingsCsv).toHaveBeenCalledWith(
      expect.objectContaining({ apps: 'none' }),
    );
    expect(clicks.map(c => c.download)).toEqual(['dapr-findings.csv']);
    jest.restoreAllMocks();
  });
});
