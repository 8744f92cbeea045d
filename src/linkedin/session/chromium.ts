import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

import { chromium, type Browser } from 'playwright-core';

import { BrowserUnavailableError } from '../errors';
import { browserMarker } from './orphan-browsers';

/** The flags every Chromium runs with: no sandbox (containers), no background traffic. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The configured Chromium, or the first of chromium, chromium-browser, google-chrome on PATH. */
export function findChromium(
  configured: string | undefined,
  path = process.env.PATH ?? '',
): string {
  if (configured) return configured;
  for (const directory of path.split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const candidate = join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  throw new BrowserUnavailableError(
    `No Chromium found: set CHROMIUM_PATH or install chromium (looked for ${CANDIDATES.join(', ')} on PATH).`,
  );
}

export interface LaunchOptions {
  executablePath: string;
  headless: boolean;
  dataDir: string;
  /** Written into the marker, so that a hung close kills only this launch's browser. */
  launchId?: string;
}

/**
 * Launches Chromium with a marker naming this process, so a later start can recognise and end
 * a browser whose owner crashed. No stealth flags and no fingerprint changes, on purpose.
 */
export function launchChromium(options: LaunchOptions): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath,
    headless: options.headless,
    args: [...CHROMIUM_FLAGS, browserMarker(options.dataDir, process.pid, options.launchId)],
    // the pool closes browsers itself, with a timeout; Playwright's signal handlers would race it
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
