import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Pacer } from '../../src/linkedin/pacer';
import { LinkedInPage } from '../../src/linkedin/pages/linkedin-page';
import { launchChromium } from '../support/browser';

describe('a control the page takes away by itself', () => {
  let browser: Browser;
  let page: Page;
  let linkedIn: LinkedInPage;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    const pacer = new Pacer({ speed: 0.005 });
    linkedIn = new LinkedInPage(page, { id: 'account', profileSlug: null }, pacer, 'http://x');
  });

  afterAll(async () => {
    await browser?.close();
  });

  // LinkedIn's infinite lists drop their "Show more results" button once the end is loaded, and
  // the scroll of one load can reach the end between seeing the button and clicking it.
  it('is no error when the page took it away after it was seen, and costs no wait', async () => {
    await page.setContent('<button id="more" type="button">Show more results</button>');
    const more = page.locator('#more');
    expect(await more.count()).toBe(1);
    await page.evaluate(() => document.getElementById('more')?.remove());

    const started = Date.now();
    await linkedIn.clickUnlessGone(more);

    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is clicked when it stays', async () => {
    await page.setContent('<button id="more" onclick="window.clicks = 1">Show more</button>');
    await page.evaluate(() => ((window as unknown as { clicks: number }).clicks = 0));

    await linkedIn.clickUnlessGone(page.locator('#more'));

    expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);
  });

  it('is no error when there is none at all', async () => {
    await page.setContent('<p>nothing to load</p>');

    await expect(linkedIn.clickUnlessGone(page.locator('#more'))).resolves.toBeUndefined();
  });
});
