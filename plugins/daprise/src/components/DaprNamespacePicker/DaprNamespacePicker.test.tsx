import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dapriseApiRef } from '../../api';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { DaprNamespacePicker } from './DaprNamespacePicker';

const namespaces = {
  items: [
    { cluster: 'local', namespace: 'infra', appIds: 1 },
    { cluster: 'local', namespace: 'shop', appIds: 2 },
    { cluster: 'staging', namespace: 'payments', appIds: 0 },
  ],
  clusters: [
    { name: 'local', namespacesKnown: true },
    { name: 'staging', namespacesKnown: true },
  ],
};

async function renderPicker(
  api: ReturnType<typeof mockDapriseApi>,
  options: { formData?: string; cluster?: string } = {},
) {
  const onChange = jest.fn();
  const props = {
    formData: options.formData,
    onChange,
    required: true,
    rawErrors: [],
    schema: { type: 'string', title: 'Namespace', default: 'shop' },
    idSchema: { $id: 'root_namespace' },
    uiSchema: options.cluster
      ? { 'ui:options': { cluster: options.cluster } }
      : {},
  } as unknown as FieldExtensionComponentProps<string>;
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <DaprNamespacePicker {...props} />
    </TestApiProvider>,
  );
  return onChange;
}

async function offered(): Promise<string[]> {
  const button = screen.getByRole('button', { name: /namespace/i });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  const list = await screen.findByRole('listbox');
  return within(list)
    .getAllByRole('option')
    .map(o => o.textContent ?? '');
}

describe('DaprNamespacePicker', () => {
  it('offers the namespaces of the first cluster the user may apply into, and submits the allowed default', async () => {
    const api = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => namespaces),
    });
    const onChange = await renderPicker(api);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('shop'));
    expect(api.getScaffolderNamespaces).toHaveBeenCalledWith({});
    expect(await offered()).toEqual(['infra (1 app-id)', 'shop (2 app-ids)']);
    expect(
      screen.getByText('The namespaces of cluster local you may apply into.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: /infra/ }));
    expect(onChange).toHaveBeenLastCalledWith('infra');
  });

  it('asks about the cluster its options name', async () => {
    const api = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => ({
        items: namespaces.items.filter(n => n.cluster === 'staging'),
        clusters: [{ name: 'staging', namespacesKnown: true }],
      })),
    });
    const onChange = await renderPicker(api, { cluster: 'staging' });
    expect(api.getScaffolderNamespaces).toHaveBeenCalledWith({
      cluster: 'staging',
    });
    expect(await offered()).toEqual(['payments']);
    // The template's default is not one of the user's: nothing is chosen for them.
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says so when the user may apply nowhere', async () => {
    const api = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => ({
        items: [],
        clusters: [{ name: 'local', namespacesKnown: true }],
      })),
    });
    await renderPicker(api);
    expect(
      await screen.findByText(
        'You may apply into no namespace of cluster local (permission daprise.cluster.apply).',
      ),
    ).toBeInTheDocument();
  });

  it("keeps a value held that is not one of the user's, and says so", async () => {
    const api = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => namespaces),
    });
    await renderPicker(api, { formData: 'kube-system' });
    expect(
      await screen.findByText(
        'You may not apply into kube-system of cluster local: choose one of yours.',
      ),
    ).toBeInTheDocument();
  });
});
