import { Locator } from 'playwright-core';
import { guestPortalSession } from './browser';

// Starting the portal compiles the frontend: minutes on a 2-core machine.
jest.setTimeout(15 * 60_000);

const session = guestPortalSession();

/** Waits until the locator's text holds `text` (Playwright re-reads it until the timeout). */
async function expectText(locator: Locator, text: string, timeout = 30_000) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}

// Today's platforms in the example topology (examples/cluster): a GRPCRoute through the
// gateway's Dapr Shared to the inventory sidecar app, an MCPServer and a WorkflowAccessPolicy of
// orders, and the Dapr 1.18.3 control plane.
describe("today's platforms in Chromium", () => {
  it('shows the GRPCRoute through the gateway’s Dapr Shared on the card of the app it invokes', async () => {
    await session.page.goto(
      `${session.portal.appUrl}/catalog/default/component/inventory`,
    );
    const region = session.page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    const routes = region.getByRole('region', { name: 'Gateway routes (1)' });
    await expectText(routes, 'GRPCRoute infra/inventory');
    await expectText(routes, 'inventory.v1.Inventory/* → inventory (shop)');
    await expectText(routes, 'which invokes inventory (header)');
    await region
      .getByRole('img', {
        name: /^Route inventory: Gateway infra\/public \(ok: .*\) -> Dapr Shared gateway \(infra\) \(ok: .*\) -> .*inventory.*\(ok: .*\)/,
      })
      .waitFor();
  });

  it('lists the routes entering through the gateway’s Dapr Shared on the gateway’s card', async () => {
    await session.page.goto(
      `${session.portal.appUrl}/catalog/default/component/gateway`,
    );
    const region = session.page.getByRole('region', { name: 'local/infra' });
    await region.waitFor({ timeout: 120_000 });
    const through = region.getByRole('region', {
      name: 'Routes through this Dapr Shared (2)',
    });
    await expectText(through, 'HTTPRoute infra/orders');
    await expectText(through, 'GRPCRoute infra/inventory');
  });

  it('shows the MCPServer and the WorkflowAccessPolicy of orders on its card', async () => {
    await session.page.goto(
      `${session.portal.appUrl}/catalog/default/component/orders`,
    );
    const region = session.page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    const mcp = region.getByRole('region', { name: 'MCP servers (1)' });
    await expectText(mcp, 'MCPServer shop/catalog-tools');
    await expectText(mcp, 'http://catalog-mcp.shop.svc.cluster.local:8080/mcp');
    const workflows = region.getByRole('region', {
      name: 'Workflow access policies (1)',
    });
    await expectText(
      workflows,
      'inventory → workflow RestockOrder (schedule), activity ReserveItems',
    );
  });

  it('shows the Dapr control plane on the fleet page’s cluster card', async () => {
    await session.page.goto(`${session.portal.appUrl}/daprise`);
    const plane = session.page.getByLabel('Dapr control plane of local');
    await plane.waitFor({ timeout: 120_000 });
    await expectText(plane, 'Dapr control plane in dapr-system');
    await expectText(plane, 'operator 1.18.3 1/1 ready');
    await expectText(plane, 'placement 1.18.3 3/3 ready');
    await expectText(plane, 'scheduler 1.18.3 3/3 ready');
    await expectText(plane, 'mTLS on (daprsystem in dapr-system');
  });
});
