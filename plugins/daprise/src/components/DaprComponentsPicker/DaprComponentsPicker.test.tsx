import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { DaprComponentDraft } from '@daprise/plugin-daprise-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import {
  DaprComponentsPicker,
  daprComponentsValidation,
} from './DaprComponentsPicker';

let held: DaprComponentDraft[] | undefined;

/** The field inside a form that holds its value, as the scaffolder's would. */
function Form(props: { initial?: DaprComponentDraft[] }) {
  const [value, setValue] = useState(props.initial);
  held = value;
  const fieldProps = {
    formData: value,
    onChange: setValue,
    rawErrors: [],
    schema: { type: 'array', title: 'Dapr components' },
    idSchema: { $id: 'root_components' },
    uiSchema: {},
  } as unknown as FieldExtensionComponentProps<DaprComponentDraft[]>;
  return <DaprComponentsPicker {...fieldProps} />;
}

function problemsOf(components: DaprComponentDraft[]): string[] {
  const errors: string[] = [];
  daprComponentsValidation(
    components,
    { addError: (e: string) => errors.push(e) } as any,
    {} as any,
  );
  return errors;
}

async function pickType(label: string) {
  const type = screen.getByRole('textbox', { name: /^type/i });
  await userEvent.type(type, label);
  await userEvent.click(await screen.findByRole('option', { name: label }));
}

describe('DaprComponentsPicker', () => {
  it('shows the required fields of the type picked and asks for a secret reference, never a value, for a sensitive one', async () => {
    await renderInTestApp(<Form />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Add a component' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^name/i }),
      'statestore',
    );
    await pickType('Redis (state)');

    // state.redis v1: redisHost is required; its "Username and password" profile holds
    // redisPassword, which components-contrib marks sensitive.
    expect(screen.getByRole('textbox', { name: /^redisHost/ })).toBeRequired();
    const secret = screen.getByRole('group', {
      name: 'redisPassword (secret)',
    });
    expect(
      within(secret).getByText(/never as a plain value/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: /^redisPassword$/ }),
    ).not.toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('textbox', { name: /^redisHost/ }),
      'redis-master:6379',
    );
    await userEvent.type(
      within(secret).getByRole('textbox', { name: /Secret name/ }),
      'redis',
    );
    expect(problemsOf(held!)).toEqual([
      'Component statestore: redisPassword needs the name and the key of the Secret that holds it.',
    ]);
    await userEvent.type(
      within(secret).getByRole('textbox', { name: /key in the Secret/ }),
      'redis-password',
    );
    // What the template's components parameter and daprise:service:render take.
    expect(held).toEqual([
      {
        name: 'statestore',
        type: 'state.redis',
        version: 'v1',
        metadata: [
          { name: 'redisHost', value: 'redis-master:6379' },
          {
            name: 'redisPassword',
            secretKeyRef: { name: 'redis', key: 'redis-password' },
          },
        ],
      },
    ]);
    expect(problemsOf(held!)).toEqual([]);
  });

  it("offers the type's versions and its other fields, and keeps what was typed when the version changes", async () => {
    await renderInTestApp(<Form />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Add a component' }),
    );
    await userEvent.type(screen.getByRole('textbox', { name: /^name/i }), 'db');
    await pickType('PostgreSQL (state)');
    // Its only authentication profile is a connection string, required and sensitive.
    const secret = screen.getByRole('group', {
      name: 'connectionString (secret)',
    });
    await userEvent.type(
      within(secret).getByRole('textbox', { name: /Secret name/ }),
      'pg',
    );
    await userEvent.type(
      within(secret).getByRole('textbox', { name: /key in the Secret/ }),
      'dsn',
    );
    await userEvent.click(screen.getByRole('button', { name: /version/i }));
    await userEvent.click(screen.getByRole('option', { name: 'v2' }));
    await userEvent.click(screen.getByRole('button', { name: /add a field/i }));
    await userEvent.click(screen.getByRole('option', { name: 'tablePrefix' }));
    await userEvent.type(
      screen.getByRole('textbox', { name: /^tablePrefix/ }),
      'state_',
    );
    expect(held).toEqual([
      {
        name: 'db',
        type: 'state.postgresql',
        version: 'v2',
        metadata: [
          {
            name: 'connectionString',
            secretKeyRef: { name: 'pg', key: 'dsn' },
          },
          { name: 'tablePrefix', value: 'state_' },
        ],
      },
    ]);
  });

  it('shows the components the form holds (after going back a step), and removes one', async () => {
    await renderInTestApp(
      <Form
        initial={[
          {
            name: 'events',
            type: 'pubsub.redis',
            version: 'v1',
            metadata: [
              { name: 'redisHost', value: 'redis:6379' },
              {
                name: 'redisPassword',
                secretKeyRef: { name: 'redis', key: 'password' },
              },
            ],
          },
        ]}
      />,
    );
    expect(screen.getByRole('textbox', { name: /^redisHost/ })).toHaveValue(
      'redis:6379',
    );
    const secret = screen.getByRole('group', {
      name: 'redisPassword (secret)',
    });
    expect(
      within(secret).getByRole('textbox', { name: /Secret name/ }),
    ).toHaveValue('redis');
    await userEvent.click(
      screen.getByRole('button', { name: 'Remove Component events' }),
    );
    expect(held).toEqual([]);
  });

  it('refuses a plain value for a secret, a missing name or type, and a required field left blank', () => {
    expect(
      problemsOf([
        {
          name: 'statestore',
          type: 'state.redis',
          version: 'v1',
          metadata: [
            { name: 'redisHost', value: '' },
            { name: 'redisPassword', value: 'hunter2' },
          ],
        },
        { name: '', type: '', version: 'v1', metadata: [] },
      ]),
    ).toEqual([
      'Component statestore: redisHost is required.',
      'Component statestore: redisPassword is a secret: reference a Kubernetes Secret instead of a value.',
      'Component 2 needs a name.',
      'Component 2 needs a type.',
    ]);
  });
});
