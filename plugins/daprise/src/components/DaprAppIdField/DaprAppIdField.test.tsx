import type { ApiHolder } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { dapriseApiRef } from '../../api';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { DaprAppIdField, daprAppIdValidation } from './DaprAppIdField';

const clusters = {
  items: [{ cluster: 'local', namespace: 'shop', appIds: 2 }],
  clusters: [{ name: 'local', namespacesKnown: true }],
};

/** The backend's answer: `orders` is taken in shop, anything else is free. */
async function checkAppId(target: {
  cluster: string;
  namespace: string;
  appId: string;
}) {
  const usedBy =
    target.appId === 'orders' && target.namespace === 'shop'
      ? ['DaemonSet shop/orders-dapr-shared-chart', 'Service shop/orders-dapr']
      : [];
  return { ...target, usedBy, known: true, available: usedBy.length === 0 };
}

function api() {
  return mockDapriseApi({
    getScaffolderNamespaces: jest.fn(async () => clusters),
    checkAppId: jest.fn(checkAppId),
  });
}

/** The field inside a form that holds its value, as the scaffolder's would. */
function Form(props: { namespace: string }) {
  const [appId, setAppId] = useState<string | undefined>();
  const fieldProps = {
    formData: appId,
    onChange: setAppId,
    required: true,
    rawErrors: [],
    schema: { type: 'string', title: 'App-id' },
    idSchema: { $id: 'root_appId' },
    uiSchema: {},
    formContext: { formData: { appId, namespace: props.namespace } },
  } as unknown as FieldExtensionComponentProps<string>;
  return <DaprAppIdField {...fieldProps} />;
}

async function renderField(
  dapriseApi: ReturnType<typeof mockDapriseApi>,
  namespace = 'shop',
) {
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, dapriseApi]]}>
      <Form namespace={namespace} />
    </TestApiProvider>,
  );
}

describe('DaprAppIdField', () => {
  it('reports a taken app-id in the chosen namespace as it is typed, asking once the typing stops', async () => {
    const dapriseApi = api();
    await renderField(dapriseApi);
    await userEvent.type(
      screen.getByRole('textbox', { name: /app-id/i }),
      'orders',
    );
    expect(
      await screen.findByText(
        /App-id "orders" is already used in namespace shop of cluster local \(DaemonSet shop\/orders-dapr-shared-chart, Service shop\/orders-dapr\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /app-id/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // Debounced: one question for the word typed, none per letter.
    expect(dapriseApi.checkAppId).toHaveBeenCalledTimes(1);
    expect(dapriseApi.checkAppId).toHaveBeenCalledWith({
      cluster: 'local',
      namespace: 'shop',
      appId: 'orders',
    });
  });

  it('says a free app-id is free', async () => {
    await renderField(api());
    await userEvent.type(
      screen.getByRole('textbox', { name: /app-id/i }),
      'payments',
    );
    expect(
      await screen.findByText(
        'payments is free in namespace shop of cluster local.',
      ),
    ).toBeInTheDocument();
  });

  it('reports a malformed app-id at once, without asking the backend', async () => {
    const dapriseApi = api();
    await renderField(dapriseApi);
    await userEvent.type(
      screen.getByRole('textbox', { name: /app-id/i }),
      'Orders',
    );
    expect(
      screen.getByText(/App-id "Orders" is not a DNS-1123 label/),
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByRole('textbox', { name: /app-id/i }));
    await userEvent.type(
      screen.getByRole('textbox', { name: /app-id/i }),
      'dapr-api',
    );
    expect(
      screen.getByText(/App-id "dapr-api" is reserved/),
    ).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 600));
    expect(dapriseApi.checkAppId).not.toHaveBeenCalled();
  });
});

describe('daprAppIdValidation', () => {
  const holder = (dapriseApi: ReturnType<typeof mockDapriseApi>) =>
    ({
      get: (ref: { id: string }) =>
        ref.id === dapriseApiRef.id ? dapriseApi : undefined,
    } as ApiHolder);

  async function errorsOf(
    appId: string,
    formData: Record<string, unknown>,
    dapriseApi = api(),
  ) {
    const errors: string[] = [];
    await daprAppIdValidation(
      appId,
      { addError: (e: string) => errors.push(e) } as any,
      { apiHolder: holder(dapriseApi), formData: formData as any, schema: {} },
    );
    return errors;
  }

  it('keeps the form from going on with a taken or malformed app-id', async () => {
    expect(await errorsOf('orders', { namespace: 'shop' })).toEqual([
      expect.stringContaining(
        'App-id "orders" is already used in namespace shop of cluster local',
      ),
    ]);
    expect(await errorsOf('a'.repeat(54), { namespace: 'shop' })).toEqual([
      'App-id is 54 characters long; at most 53 are allowed. Shorten it to 53 characters or fewer.',
    ]);
    expect(await errorsOf('orders', { namespace: 'staging' })).toEqual([]);
    expect(await errorsOf('payments', { namespace: 'shop' })).toEqual([]);
  });

  it('lets the form go on when the check cannot be made: the render action checks again', async () => {
    const down = mockDapriseApi({
      getScaffolderNamespaces: jest.fn(async () => clusters),
      checkAppId: jest.fn(async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      }),
    });
    expect(await errorsOf('orders', { namespace: 'shop' }, down)).toEqual([]);
  });
});
