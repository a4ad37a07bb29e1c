import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { ScaffolderGateway } from '@daprise/plugin-daprise-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dapriseApiRef } from '../../api';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { DaprGatewayPicker } from './DaprGatewayPicker';

const gateways: ScaffolderGateway[] = [
  {
    cluster: 'local',
    namespace: 'infra',
    name: 'public',
    gatewayClassName: 'cilium',
    addresses: ['192.0.2.10'],
    accepted: { status: 'True', reason: 'Accepted' },
    programmed: { status: 'True', reason: 'Programmed' },
    listeners: [
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        hostname: '*.shop.example.com',
        allowedRoutesFrom: 'All',
        attachedRoutes: 2,
        accepted: { status: 'True' },
        programmed: { status: 'True' },
      },
      {
        name: 'https-team',
        port: 443,
        protocol: 'HTTPS',
        hostname: '*.team.example.com',
        allowedRoutesFrom: 'Same',
        listenerSet: { namespace: 'team', name: 'team-listeners' },
        accepted: { status: 'True' },
        programmed: {
          status: 'False',
          reason: 'Invalid',
          message: 'certificate team-cert not found',
        },
      },
    ],
  },
];

async function renderPicker(
  dapriseApi: ReturnType<typeof mockDapriseApi>,
  formData?: Record<string, unknown>,
) {
  const onChange = jest.fn();
  const props = {
    formData,
    onChange,
    required: true,
    rawErrors: [],
    schema: { type: 'object', title: 'Gateway and listener' },
    idSchema: { $id: 'root_gateway' },
    uiSchema: {},
  } as unknown as FieldExtensionComponentProps<Record<string, unknown>>;
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, dapriseApi]]}>
      <DaprGatewayPicker {...props} />
    </TestApiProvider>,
  );
  return onChange;
}

function api() {
  return mockDapriseApi({
    getScaffolderNamespaces: jest.fn(async () => ({
      items: [],
      clusters: [{ name: 'local', namespacesKnown: true }],
    })),
    getScaffolderGateways: jest.fn(async () => ({ items: gateways })),
  });
}

describe('DaprGatewayPicker', () => {
  it("lists the cluster's Gateways with their listeners and status, and gives the chosen listener", async () => {
    const dapriseApi = api();
    const onChange = await renderPicker(dapriseApi, {
      name: 'public',
      namespace: 'infra',
      https: false,
    });
    expect(
      await screen.findByText(
        /Gateway infra\/public \(class cilium, 192\.0\.2\.10\): Accepted, Programmed\./,
      ),
    ).toBeInTheDocument();
    expect(dapriseApi.getScaffolderGateways).toHaveBeenCalledWith({
      cluster: 'local',
    });
    const button = screen.getByRole('button', {
      name: /gateway and listener/i,
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const list = await screen.findByRole('listbox');
    expect(
      within(list)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Gateway infra/public: Accepted, Programmed',
      'infra/public · every listener that admits the route',
      'infra/public · http · HTTP :80 · *.shop.example.com',
      'infra/public · https-team · HTTPS :443 · *.team.example.com',
    ]);
    // The Gateway's line heads its listeners and cannot be chosen.
    expect(
      within(list).getByRole('option', {
        name: 'Gateway infra/public: Accepted, Programmed',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(
      within(list).getByRole('option', { name: /https-team/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      name: 'public',
      namespace: 'infra',
      listener: 'https-team',
      https: true,
    });
  });

  it("shows the chosen listener's status, a failing condition with its reason", async () => {
    await renderPicker(api(), {
      name: 'public',
      namespace: 'infra',
      listener: 'https-team',
      https: true,
    });
    expect(
      await screen.findByText(
        /Listener https-team · HTTPS :443 · \*\.team\.example\.com; of ListenerSet team\/team-listeners; admits routes from the Gateway's namespace; Accepted, not Programmed \(Invalid: certificate team-cert not found\)\./,
      ),
    ).toBeInTheDocument();
  });

  it('flags a Gateway the cluster does not have', async () => {
    await renderPicker(api(), { name: 'private', namespace: 'infra' });
    expect(
      await screen.findByText(
        'The cluster has no Gateway infra/private: choose one of its Gateways.',
      ),
    ).toBeInTheDocument();
  });

  it('falls back to typing the Gateway in when the Gateways cannot be read', async () => {
    const denied = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => ({
        items: [],
        clusters: [{ name: 'local', namespacesKnown: true }],
      })),
      getScaffolderGateways: jest.fn(async () => {
        throw new Error('Request failed with 403 Forbidden');
      }),
    });
    const onChange = await renderPicker(denied, {
      name: 'public',
      namespace: 'infra',
      https: false,
    });
    const name = await screen.findByRole('textbox', { name: 'Gateway name' });
    expect(name).toHaveValue('public');
    await userEvent.type(name, '2');
    expect(onChange).toHaveBeenLastCalledWith({
      name: 'public2',
      namespace: 'infra',
      https: false,
    });
  });
});
