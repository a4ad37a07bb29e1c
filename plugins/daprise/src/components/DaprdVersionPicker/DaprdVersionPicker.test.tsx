import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dapriseApiRef } from '../../api';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { DaprdVersionPicker } from './DaprdVersionPicker';

/** A cluster of `GET /clusters` whose control plane runs the given versions. */
function cluster(name: string, ...versions: string[]) {
  return {
    name,
    synced: true,
    stale: false,
    kinds: {},
    controlPlane: {
      services: versions.map((version, i) => ({
        name: 'operator' as const,
        ref: {
          cluster: name,
          kind: 'Deployment',
          namespace: 'dapr-system',
          name: `dapr-operator-${i}`,
        },
        namespace: 'dapr-system',
        version,
        desired: 1,
        ready: 1,
      })),
      namespaces: ['dapr-system'],
      mtls: { enabled: true, source: 'default' as const },
    },
  };
}

async function renderPicker(
  api: ReturnType<typeof mockDapriseApi>,
  formData?: string,
) {
  const onChange = jest.fn();
  const props = {
    formData,
    onChange,
    required: false,
    rawErrors: [],
    schema: {
      type: 'string',
      title: 'daprd version',
      default: '1.18.3',
    },
    idSchema: { $id: 'root_daprdVersion' },
    uiSchema: {},
  } as unknown as FieldExtensionComponentProps<string>;
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <DaprdVersionPicker {...props} />
    </TestApiProvider>,
  );
  return onChange;
}

async function offered(): Promise<string[]> {
  await waitFor(() =>
    expect(
      screen.getByRole('button', { name: /daprd version/i }),
    ).toBeEnabled(),
  );
  await userEvent.click(screen.getByRole('button', { name: /daprd version/i }));
  const list = await screen.findByRole('listbox');
  return within(list)
    .getAllByRole('option')
    .map(o => o.textContent ?? '');
}

describe('DaprdVersionPicker', () => {
  it("offers the versions the fleet's control planes run, newest first, and submits the default", async () => {
    const api = mockDapriseApi({
      getClusters: jest.fn(async () => ({
        items: [
          cluster('local', '1.18.3', '1.18.3'),
          cluster('staging', '1.16.5', '1.17.2'),
        ],
      })),
    });
    const onChange = await renderPicker(api);
    expect(onChange).toHaveBeenCalledWith('1.18.3');
    expect(await offered()).toEqual(['1.18.3', '1.17.2', '1.16.5']);
    expect(
      screen.getByText(/The versions your clusters' Dapr control planes run/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: '1.17.2' }));
    expect(onChange).toHaveBeenLastCalledWith('1.17.2');
  });

  it('falls back to the supported versions when the clusters cannot be read, keeping the value held', async () => {
    const api = mockDapriseApi({
      // A user who may not read the fleet (daprise.fleet.read).
      getClusters: jest.fn(async () => {
        throw new Error('Request failed with 403 Forbidden');
      }),
    });
    await renderPicker(api, '1.15.7');
    expect(await offered()).toEqual(['1.18.3', '1.16.5', '1.15.7']);
    expect(
      screen.getByText(
        /The supported versions \(the clusters could not be read\)/,
      ),
    ).toBeInTheDocument();
  });
});
