import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The flags every test browser runs with (headless, no sandbox, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
];

/** Launches the system Chromium; share one per test file and close it in afterAll. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A fresh context whose cookies hold the given `li_at` for the simulator's host. */
export async function contextWithSession(
  browser: Browser,
  baseUrl: string,
  liAt: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl });
  await context.addCookies([{ name: 'li_at', value: liAt, url: baseUrl, httpOnly: true }]);
  return context;
}

/** Opens a page in a new context logged in with `li_at`. */
export async function pageWithSession(
  browser: Browser,
  baseUrl: string,
  liAt: string,
): Promise<Page> {
  const context = await contextWithSession(browser, baseUrl, liAt);
  return context.newPage();
}
