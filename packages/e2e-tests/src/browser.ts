import fs from 'node:fs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download is not reachable here. */
export const CHROMIUM = process.env.DAPRISE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set DAPRISE_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps dialing Google's hosts,
    // which this machine's closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

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
