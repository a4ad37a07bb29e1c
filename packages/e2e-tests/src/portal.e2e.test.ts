import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Portal, startPortal } from '@daprise/devtools';
import { kubeRequest } from '@daprise/local-control-plane';
import { launchChromium } from './browser';

// Starting the portal compiles the frontend: minutes on a 2-core machine.
jest.setTimeout(15 * 60_000);

/**
 * Where screenshots for the README go when asked for (`DAPRISE_SCREENSHOTS_DIR`, e.g.
 * plugins/daprise/docs).
 */
const screenshotsDir = process.env.DAPRISE_SCREENSHOTS_DIR;

let portal: Portal;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function signIn(theme: 'light' | 'dark' = 'light') {
  await context?.close();
  context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  // Backstage keeps the chosen theme in local storage.
  await context.addInitScript(
    t => window.localStorage.setItem('theme', t),
    theme,
  );
  page = await context.newPage();
  await page.goto(portal.appUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  await page
    .getByRole('link', { name: 'Dapr fleet' })
    .waitFor({ timeout: 60_000 });
}

/** A PNG of an element, of the whole page, or (`fullPage: false`) of what the window shows. */
async function screenshot(
  name: string,
  locator?: ReturnType<Page['locator']>,
  options: { fullPage?: boolean } = {},
) {
  if (!screenshotsDir) return;
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  if (locator) await locator.screenshot({ path: file });
  else
    await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
}

beforeAll(async () => {
  // Both demo clusters: the fleet page and the README's screenshots show the staging fleet.
  portal = await startPortal({
    log: message => process.stderr.write(`${message}\n`),
    staging: true,
  });
  browser = await launchChromium();
  await signIn();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await portal?.stop();
});

describe('the portal in Chromium', () => {
  it("shows the example entity's app-id, Dapr Shared instance, components and route", async () => {
    await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
    const region = page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    await expectText(region, 'orders-state');
    await expectText(region, 'orders-pubsub');
    await expectText(region, 'redis/redis-password');
    await expectText(region, 'HTTPRoute infra/orders');
    await expectText(region, 'orders.shop.example.com');
    await expectText(region, 'DaemonSet shop/orders-dapr-shared-chart');
    const routeMap = page.getByRole('img', { name: /Route .*orders/ });
    await routeMap.first().waitFor();
  });

  it("lists the app's Dapr components as resources it depends on, and draws them in the catalog graph", async () => {
    const resource = 'resource:default/orders-state.shop.local';
    // Backstage UI cards are <article>s with their title as a heading.
    const card = page.locator('article', {
      has: page.getByRole('heading', { name: 'Depends on resources' }),
    });
    // The catalog page reads the entity once: reload until the entity provider's delta
    // (a few seconds after the first index) has been processed and stitched. (Not
    // 'networkidle': the Dapr card's long poll keeps a request open.)
    const listsBoth = async () => {
      const text = await card.innerText();
      return text.includes('orders-state') && text.includes('orders-pubsub');
    };
    await waitUntil(
      'orders-state among the resources orders depends on',
      async () => {
        await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
        await card.waitFor({ timeout: 60_000 });
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline) {
          if (await listsBoth()) return true;
          await page.waitForTimeout(250);
        }
        return false;
      },
      180_000,
    );
    await expectText(card, 'dapr-component');
    // The catalog graph card draws a node per component (its <title> is the entity ref),
    // joined to orders by a dependsOn edge.
    const graph = page.locator('article', {
      has: page.getByRole('heading', { name: 'Relations' }),
    });
    await waitUntil('the component in the catalog graph', async () =>
      (await graph.locator('svg title').allTextContents()).includes(resource),
    );
    // The edges' labels are SVG text of the card.
    await waitUntil('a dependsOn edge in the graph', async () =>
      ((await graph.textContent()) ?? '').includes('dependsOn'),
    );
  });

  it("opens the entity's Dapr tab from the card: component metadata, masked, and the policies", async () => {
    await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
    await page.getByRole('region', { name: 'local/shop' }).waitFor({
      timeout: 120_000,
    });
    await page.getByRole('link', { name: /Whole Dapr view/ }).click();
    await page.waitForURL(/\/catalog\/default\/component\/orders\/dapr$/);
    const metadata = page.getByRole('table', {
      name: 'Metadata of component orders-state',
    });
    await metadata.waitFor({ timeout: 60_000 });
    await expectText(metadata, 'redis-master.shop.svc.cluster.local:6379');
    await expectText(metadata, 'secret redis key redis-password');
    await expectText(
      page.getByRole('table', { name: 'Network policies of orders' }),
      'orders-dapr-from-gateway-dapr',
    );
  });

  it('shows a change applied to the cluster without a reload', async () => {
    await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
    const region = page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    // A marker that a reload would wipe out.
    await page.evaluate(() => ((window as any).__dapriseNoReload = true));
    await portal.controlPlane!.apply([
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders-archive', namespace: 'shop' },
        spec: {
          type: 'bindings.cron',
          version: 'v1',
          metadata: [{ name: 'schedule', value: '@every 1h' }],
        },
        // No scopes: every app-id in the namespace may load it, which a rule reports.
      } as any,
    ]);
    await expectText(region, 'orders-archive', 30_000);
    await expectText(region, 'component-unscoped', 30_000);
    expect(await page.evaluate(() => (window as any).__dapriseNoReload)).toBe(
      true,
    );
  });

  it('pushes a change to the page that shows it with signals, and not to a page about another entity', async () => {
    // With the signals plugin in the app, the card listens on its entity's channel and does
    // not long-poll.
    const longPolls: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/api/daprise/changes'))
        longPolls.push(request.url());
    };
    page.on('request', onRequest);
    await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
    const region = page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    // A second page, about the gateway, records every message the signals backend sends it.
    const other = await context.newPage();
    const otherMessages: string[] = [];
    other.on('websocket', ws =>
      ws.on('framereceived', frame =>
        otherMessages.push(String(frame.payload)),
      ),
    );
    await other.goto(`${portal.appUrl}/catalog/default/component/gateway`);
    await other
      .getByRole('region', { name: 'local/infra' })
      .waitFor({ timeout: 120_000 });
    await page.evaluate(() => ((window as any).__dapriseNoReload = true));

    await portal.controlPlane!.apply([
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders-audit', namespace: 'shop' },
        spec: { type: 'bindings.cron', version: 'v1', metadata: [] },
        scopes: ['orders'],
      } as any,
    ]);
    await expectText(region, 'orders-audit', 30_000);
    expect(await page.evaluate(() => (window as any).__dapriseNoReload)).toBe(
      true,
    );
    expect(longPolls).toEqual([]);
    // The fleet and orders changed; the gateway's view did not.
    await other.waitForTimeout(3_000);
    expect(
      otherMessages.filter(m => m.includes('component:default/gateway')),
    ).toEqual([]);
    page.off('request', onRequest);
    await other.close();
  });

  it('filters the fleet page by rule', async () => {
    await page.goto(`${portal.appUrl}/daprise`);
    await page
      .getByRole('heading', { name: 'Dapr fleet' })
      .waitFor({ timeout: 120_000 });
    const appCell = (appId: string) =>
      page.getByRole('cell', { name: appId, exact: true });
    // The gateway app-id runs in both clusters.
    await appCell('gateway').first().waitFor();
    await appCell('orders').waitFor();
    // The summary by rule filters the table to the apps that break that rule.
    await page.locator('button[title="component-unscoped"]').click();
    await page.waitForURL(/rule=component-unscoped/);
    // The table reloads: wait for the filtered rows rather than for the old ones to go.
    await waitUntil(
      'only the orders row',
      async () =>
        (await appCell('orders').count()) === 1 &&
        (await appCell('gateway').count()) === 0,
    );
  });

  it("creates a service from the template through the portal's scaffolder, which the cluster, catalog and card then hold", async () => {
    const token = await guestToken();
    const api = (apiPath: string, init: RequestInit = {}) =>
      fetch(`${portal.backendUrl}${apiPath}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      });
    const created = await api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/dapr-shared-service',
        values: {
          appId: 'payments',
          namespace: 'shop',
          owner: 'group:default/team-shop',
          system: 'system:default/shop',
          description: 'Takes payments',
          image: 'ghcr.io/daprise/payments:1.0.0',
          appPort: 8080,
          // What the form sends with its defaults (the task API fills in none).
          appProtocol: 'http',
          strategy: 'daemonset',
          daprdVersion: '1.16.0',
          mtls: true,
          gateway: { name: 'public', namespace: 'infra', https: false },
          gatewayAppId: 'gateway',
          hostnames: [],
          pathPrefix: '/payments',
          networkPolicy: true,
          components: [
            {
              name: 'payments-state',
              type: 'state.redis',
              metadata: [
                {
                  name: 'redisHost',
                  value: 'redis-master.shop.svc.cluster.local:6379',
                },
                {
                  name: 'redisPassword',
                  secretKeyRef: { name: 'redis', key: 'redis-password' },
                },
              ],
            },
          ],
        },
      }),
    });
    if (created.status !== 201)
      throw new Error(
        `POST /v2/tasks: ${created.status} ${await created.text()}`,
      );
    const { id } = await created.json();
    let task: any;
    await waitUntil(
      'the scaffolder task to finish',
      async () => {
        task = await (await api(`/api/scaffolder/v2/tasks/${id}`)).json();
        return task.status === 'completed' || task.status === 'failed';
      },
      180_000,
    );
    if (task.status !== 'completed') {
      const events = await (
        await api(`/api/scaffolder/v2/tasks/${id}/events`)
      ).json();
      throw new Error(
        `task ${task.status}: ${JSON.stringify(events.slice(-5))}`,
      );
    }

    // The cluster holds the service, routed through the gateway's Dapr Shared (the route is
    // named <app-id>-<namespace>: one app-id may live in several namespaces).
    const admin = portal.controlPlane!.adminKubeConfig();
    const get = async (apiPath: string) =>
      (await kubeRequest(admin, 'GET', apiPath)).status;
    expect(
      await get('/apis/apps/v1/namespaces/shop/deployments/payments'),
    ).toBe(200);
    expect(
      await get(
        '/apis/apps/v1/namespaces/shop/daemonsets/payments-dapr-shared-chart',
      ),
    ).toBe(200);
    expect(await get('/api/v1/namespaces/shop/services/payments-dapr')).toBe(
      200,
    );
    expect(
      await get(
        '/apis/dapr.io/v1alpha1/namespaces/shop/components/payments-state',
      ),
    ).toBe(200);
    const route = await kubeRequest(
      admin,
      'GET',
      '/apis/gateway.networking.k8s.io/v1/namespaces/infra/httproutes/payments-shop',
    );
    expect(route.status).toBe(200);
    expect(JSON.stringify(route.json().spec)).toContain(
      '/v1.0/invoke/payments.shop/method',
    );

    // The catalog registered it, and its entity page shows what Daprise reads of it.
    await page.goto(`${portal.appUrl}/catalog/default/component/payments`);
    const region = page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    await expectText(region, 'payments-state');
    await expectText(region, 'HTTPRoute infra/payments-shop');
  });

  it('fits the dark theme', async () => {
    await signIn('dark');
    await page.goto(`${portal.appUrl}/catalog/default/component/orders`);
    const region = page.getByRole('region', { name: 'local/shop' });
    await region.waitFor({ timeout: 120_000 });
    const background = await page.evaluate(
      () => getComputedStyle(document.body).backgroundColor,
    );
    // Dark themes paint a dark body: every channel below the middle.
    const channels = background.match(/\d+/g)!.slice(0, 3).map(Number);
    expect(Math.max(...channels)).toBeLessThan(128);
  });

  it('fits the fleet table into 1280 px without breaking a word', async () => {
    await signIn();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${portal.appUrl}/daprise?limit=100`);
    // Rows of both clusters: the staging fleet's long names and runtimes are the test.
    await page
      .getByRole('cell', { name: 'recommendations', exact: true })
      .waitFor({ timeout: 120_000 });
    await page
      .getByRole('cell', { name: 'orders', exact: true })
      .waitFor({ timeout: 60_000 });
    const layout = await page.evaluate(() => {
      const table = [...document.querySelectorAll('table')].find(t =>
        [...t.querySelectorAll('th')].some(th => th.textContent === 'App-id'),
      )!;
      // material-table scrolls the table sideways in an ancestor when it is too wide.
      let scroller: HTMLElement | null = table.parentElement;
      while (scroller && getComputedStyle(scroller).overflowX !== 'auto')
        scroller = scroller.parentElement;
      const wrapped: string[] = [];
      const cutWithoutTitle: string[] = [];
      let cells = 0;
      for (const cell of table.querySelectorAll('tbody td')) {
        cells += 1;
        // A text node laid out on more than one line box has wrapped.
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const tops = new Set(
            [...range.getClientRects()].map(r => Math.round(r.top)),
          );
          if (tops.size > 1) wrapped.push(node.textContent);
        }
        // A value cut with an ellipsis keeps all of it in its tooltip.
        for (const el of cell.querySelectorAll<HTMLElement>('*'))
          if (el.scrollWidth > el.clientWidth + 1 && !el.title)
            cutWithoutTitle.push(el.textContent ?? '');
      }
      return {
        cells,
        wrapped,
        cutWithoutTitle,
        scrollWidth: scroller?.scrollWidth ?? table.scrollWidth,
        clientWidth: scroller?.clientWidth ?? table.clientWidth,
        headers: [...table.querySelectorAll('th')].map(th => th.textContent),
        widths: [...table.querySelectorAll('th')].map(
          th =>
            `${th.textContent} ${Math.round(th.getBoundingClientRect().width)}`,
        ),
      };
    });
    expect(layout.cells).toBeGreaterThan(100);
    expect(layout.wrapped).toEqual([]);
    expect(layout.cutWithoutTitle).toEqual([]);
    if (layout.scrollWidth > layout.clientWidth)
      throw new Error(
        `the fleet table is ${layout.scrollWidth} px wide in ${
          layout.clientWidth
        } px: ${layout.widths.join(', ')}`,
      );
    // The lowest priority columns give way at this width; the app's identity does not.
    // (The page's filters leave the table about 750 px.)
    expect(layout.headers).toEqual(
      expect.arrayContaining([
        'App-id',
        'Runs in',
        'Dapr',
        'Score',
        'Findings',
      ]),
    );
    expect(layout.headers).not.toContain('Components');
  });

  it.each(['light', 'dark'] as const)(
    "shows the README's five views in the %s theme",
    async theme => {
      await signIn(theme);
      await page.setViewportSize({ width: 1280, height: 900 });
      // The entity card of a staging app with findings of every kind of hop.
      await page.goto(`${portal.appUrl}/catalog/default/component/checkout`);
      const region = page.getByRole('region', { name: 'staging/payments' });
      await region.waitFor({ timeout: 120_000 });
      await expectText(region, 'component-plaintext-secret');
      await screenshot(
        `entity-card-${theme}`,
        region.locator('xpath=ancestor::*[contains(@class,"MuiCard-root")][1]'),
      );
      // The catalog graph of the same entity, with the components it depends on.
      const graph = page.locator('article', {
        has: page.getByRole('heading', { name: 'Relations' }),
      });
      await waitUntil(
        'checkout-state in the catalog graph',
        async () => {
          await page.goto(
            `${portal.appUrl}/catalog/default/component/checkout`,
          );
          await graph.waitFor({ timeout: 60_000 });
          await page.waitForTimeout(2_000);
          return (await graph.locator('svg title').allTextContents()).some(
            title => title.startsWith('resource:default/checkout-state'),
          );
        },
        180_000,
      );
      await screenshot(`catalog-graph-${theme}`, graph);
      // The Dapr tab.
      await page.goto(
        `${portal.appUrl}/catalog/default/component/checkout/dapr`,
      );
      await page
        .getByRole('table', { name: 'Metadata of component checkout-state' })
        .waitFor({ timeout: 60_000 });
      await screenshot(`dapr-tab-${theme}`);
      // The fleet with its findings, worst first.
      await page.goto(`${portal.appUrl}/daprise?sort=score`);
      await page
        .getByRole('cell', { name: 'billing', exact: true })
        .waitFor({ timeout: 60_000 });
      await screenshot(`fleet-page-${theme}`);
      // The rules.
      await page.goto(`${portal.appUrl}/daprise/rules`);
      await expectText(page.locator('body'), 'route-hop-blocked', 60_000);
      await screenshot(`rules-page-${theme}`, undefined, { fullPage: false });
    },
  );
});

/** Polls until `condition` holds; fails naming what was awaited. */
async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** A guest user's Backstage token, as the portal's sign-in page gets it. */
async function guestToken(): Promise<string> {
  const res = await fetch(`${portal.backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string,
  timeoutMs = 30_000,
) {
  await waitUntil(
    `"${text}" on the page`,
    async () => (await locator.innerText()).includes(text),
    timeoutMs,
  );
}
