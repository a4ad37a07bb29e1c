import { Page } from 'playwright-core';
import { guestPortalSession } from './browser';

// Starting the portal compiles the frontend: minutes on a 2-core machine.
jest.setTimeout(15 * 60_000);

const session = guestPortalSession();

describe('object findings and the rules in Chromium', () => {
  it('lists the policy of the retired app (examples/cluster) as a finding that belongs to no app', async () => {
    await session.page.goto(`${session.portal.appUrl}/daprise`);
    const findings = session.page.getByRole('table', {
      name: 'Findings that belong to no app',
    });
    await findings.waitFor({ timeout: 120_000 });
    const row = findings.getByRole('row', {
      name: /CiliumNetworkPolicy shop\/billing-dapr-from-gateway-dapr/,
    });
    await row.waitFor();
    await expectText(row, 'cilium-policy-selects-nothing');
    await expectText(row, 'selects no workload in namespace shop');
    // Grouped per cluster and namespace.
    await findings
      .getByRole('rowheader', { name: 'local / shop', exact: true })
      .waitFor();
    // The Dapr Shared of the gateway has a finding too, but it belongs to the gateway app.
    expect(await findings.innerText()).not.toContain(
      'gateway-dapr-shared-chart',
    );
  });

  it("opens the rule's entry on the rules page from the finding", async () => {
    await session.page.goto(`${session.portal.appUrl}/daprise`);
    const findings = session.page.getByRole('table', {
      name: 'Findings that belong to no app',
    });
    await findings
      .getByRole('link', { name: 'cilium-policy-selects-nothing' })
      .first()
      .click({ timeout: 120_000 });
    await session.page.waitForURL(
      /\/daprise\/rules#cilium-policy-selects-nothing$/,
    );
    const entry = session.page.locator('li#cilium-policy-selects-nothing');
    await entry.waitFor({ timeout: 60_000 });
    await expectText(entry, 'Network policy selects no workload');
    await expectText(entry, 'Why it matters');
    await expectText(entry, 'How to fix it');
    await expectText(entry, 'Kiali KIA0004');
    // Every rule is listed, each with what it checks.
    const entries = session.page.getByRole('list', {
      name: 'Governance rules',
    });
    expect(await entries.locator(':scope > li').count()).toBeGreaterThan(20);
  });
});

async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await locator.innerText().catch(() => '')).includes(text)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for "${text}"`);
    await new Promise(r => setTimeout(r, 250));
  }
}
