import { Locator } from 'playwright-core';
import { guestPortalSession } from './browser';

// Starting the portal compiles the frontend: minutes on a 2-core machine.
jest.setTimeout(15 * 60_000);

const session = guestPortalSession();

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The texts of the options of the listbox a select opens. */
async function optionsOf(select: Locator): Promise<string[]> {
  await select.click();
  const list = session.page.getByRole('listbox');
  await list.waitFor();
  const texts = await list.getByRole('option').allInnerTexts();
  return texts.map(t => t.trim());
}

// The template's form (examples/templates/dapr-shared-service) with the Daprise fields, on the
// example topology (examples/cluster): the guest is of the platform team, who may apply anywhere.
describe('the dapr-shared-service form in Chromium', () => {
  it('offers the namespaces, checks the app-id before submit, asks for secrets as references and lists the Gateway listeners', async () => {
    await session.page.goto(
      `${session.portal.appUrl}/create/templates/default/dapr-shared-service`,
    );
    const appId = session.page.getByRole('textbox', { name: /^App-id/ });
    await appId.waitFor({ timeout: 120_000 });

    // The namespace picker: the index's namespaces the guest may apply into, none reserved.
    const namespace = session.page.getByRole('button', { name: /^Namespace/ });
    await session.page
      .getByText('The namespaces of cluster local you may apply into.')
      .waitFor({ timeout: 60_000 });
    const namespaces = await optionsOf(namespace);
    expect(namespaces).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^infra \(\d+ app-ids?\)$/),
        expect.stringMatching(/^shop \(\d+ app-ids\)$/),
      ]),
    );
    expect(namespaces.filter(n => /^(kube-|dapr-)/.test(n))).toEqual([]);
    await session.page.getByRole('option', { name: /^shop/ }).click();

    // A taken app-id: the field says so as it is typed, before anything is submitted.
    await appId.fill('orders');
    await session.page
      .getByText(
        /App-id "orders" is already used in namespace shop of cluster local \(.*DaemonSet shop\/orders-dapr-shared-chart/,
      )
      .first()
      .waitFor({ timeout: 30_000 });

    // The rest of the first step, then Next: the form refuses to go on with the taken app-id.
    await session.page
      .getByRole('textbox', { name: /^Container image/ })
      .fill('ghcr.io/daprise/e2e-picked:1.0.0');
    const owner = session.page.getByRole('textbox', { name: /^Owner/ });
    // The group's title (examples/catalog/org.yaml).
    await owner.fill('Shop');
    await session.page
      .getByRole('option', { name: /Shop team/ })
      .first()
      .click({ timeout: 60_000 });
    await session.page.getByRole('button', { name: 'Next' }).click();
    // The field's own message, and the form's error list above it.
    const taken = session.page.getByText(
      /App-id "orders" is already used in namespace shop/,
    );
    await waitUntil(async () => (await taken.count()) >= 2, 30_000);
    expect(await appId.isVisible()).toBe(true);

    // A free one: the field says so, and the form goes on.
    await appId.fill('e2e-picked');
    await session.page
      .getByText('e2e-picked is free in namespace shop of cluster local.')
      .waitFor({ timeout: 30_000 });
    await session.page.getByRole('button', { name: 'Next' }).click();
    await session.page
      .getByText('daprd version')
      .first()
      .waitFor({ timeout: 30_000 });
    await session.page.getByRole('button', { name: 'Next' }).click();

    // The component picker: a type with a sensitive field asks for a Secret reference.
    await session.page
      .getByRole('button', { name: 'Add a component' })
      .click({ timeout: 30_000 });
    await session.page
      .getByRole('textbox', { name: /^Name/ })
      .fill('statestore');
    await session.page
      .getByRole('textbox', { name: /^Type/ })
      .fill('Redis (state)');
    await session.page.getByRole('option', { name: 'Redis (state)' }).click();
    await session.page
      .getByRole('textbox', { name: /^redisHost/ })
      .fill('redis-master.shop.svc.cluster.local:6379');
    const secret = session.page.getByRole('group', {
      name: 'redisPassword (secret)',
    });
    await secret.getByText(/never as a plain value/).waitFor();
    expect(
      await session.page
        .getByRole('textbox', { name: /^redisPassword$/ })
        .count(),
    ).toBe(0);
    await secret.getByRole('textbox', { name: /Secret name/ }).fill('redis');
    await secret
      .getByRole('textbox', { name: /key in the Secret/ })
      .fill('redis-password');
    await session.page.getByRole('button', { name: 'Next' }).click();

    // The Gateway picker: the example Gateway's listeners with their status.
    const gateway = session.page.getByRole('button', {
      name: /^Gateway and listener/,
    });
    await gateway.waitFor({ timeout: 30_000 });
    await session.page
      .getByText(
        /Gateway infra\/public \(class cilium, 192\.0\.2\.10\): Accepted, Programmed\./,
      )
      .waitFor({ timeout: 30_000 });
    const listeners = await optionsOf(gateway);
    expect(listeners).toContain(
      'infra/public · http · HTTP :80 · *.shop.example.com',
    );
    await session.page
      .getByRole('option', {
        name: 'infra/public · http · HTTP :80 · *.shop.example.com',
      })
      .click();
    await session.page
      .getByText(
        /Listener http · HTTP :80 · \*\.shop\.example\.com; admits routes from every namespace; \d+ attached; Accepted, Programmed\./,
      )
      .waitFor({ timeout: 30_000 });
  });
});
