import { Browser, BrowserContext, Page } from 'playwright-core';

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
