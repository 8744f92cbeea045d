import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';

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

/** A locator's text with its runs of whitespace made single spaces. */
export async function squeezedText(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

export interface SimulatorWorld {
  simulator: SimulatorHandle;
  browser: Browser;
  /** A page logged in as the simulator's demo account. */
  page: Page;
}

/**
 * Starts a simulator and a browser before the tests of the file (or describe block) that calls
 * it, hands them to `take`, and closes both after the tests.
 */
export function useSimulatorWorld(take: (world: SimulatorWorld) => void): void {
  let world: SimulatorWorld | undefined;
  beforeAll(async () => {
    const [simulator, browser] = await Promise.all([startSimulator(), launchChromium()]);
    const page = await pageWithSession(browser, simulator.baseUrl, DEMO.account.liAt);
    world = { simulator, browser, page };
    take(world);
  });
  afterAll(async () => {
    await world?.browser.close();
    await world?.simulator.close();
  });
}
