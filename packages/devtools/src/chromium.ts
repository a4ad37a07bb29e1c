import fs from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download is not reachable here. */
export const CHROMIUM = process.env.DAPRISE_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Debian Chromium, as the end-to-end tests and `daprise verify-install` drive it. */
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
