import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, Portal, startPortal } from '@daprise/devtools';

export { CHROMIUM, launchChromium } from '@daprise/devtools';

/**
 * A new browser context signed in to the portal as the demo's guest, on a page that shows
 * the app's navigation.
 */
export async function signInAsGuest(
  browser: Browser,
  appUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  await page.goto(appUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  await page
    .getByRole('link', { name: 'Dapr fleet' })
    .waitFor({ timeout: 60_000 });
  return { context, page };
}

/**
 * For a test file: before its tests, the portal (one at a time on this machine, see
 * `startPortal`) and a guest's signed-in page in Chromium; after them, all of it stopped.
 * `portal` and `page` are set once the file's tests run.
 */
export function guestPortalSession(): { portal: Portal; page: Page } {
  const session = {} as { portal: Portal; page: Page };
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    session.portal = await startPortal({
      log: message => process.stderr.write(`${message}\n`),
    });
    browser = await launchChromium();
    let page: Page;
    ({ context, page } = await signInAsGuest(browser, session.portal.appUrl));
    session.page = page;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await session.portal?.stop();
  });
  return session;
}
