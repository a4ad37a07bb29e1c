// The permission check is cached across renders (usePermission uses SWR), so the denied case
// lives in its own test file.
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { renderFleetPage } from '../../__testUtils__/renderFleetPage';

describe('DapriseFleetPage without daprise.fleet.read', () => {
  it('shows nothing of the fleet, and says which permission is missing', async () => {
    const { api } = await renderFleetPage({ allowed: false });

    expect(
      await screen.findByRole('heading', { name: 'Dapr fleet' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Permission required')).toBeInTheDocument();
    expect(screen.getByText('daprise.fleet.read')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.getFleet).not.toHaveBeenCalled();
    expect(api.getClusters).not.toHaveBeenCalled();
  });

  it('says the same when only the backend denies it', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'denied' },
          request: { method: 'GET', url: '/fleet' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = mockDapriseApi({
      getFleet: jest.fn(async () => {
        throw error;
      }),
    });
    await renderFleetPage({ api, allowed: true });

    expect(await screen.findByText('Permission required')).toBeInTheDocument();
    expect(screen.getByText('daprise.fleet.read')).toBeInTheDocument();
  });
});
