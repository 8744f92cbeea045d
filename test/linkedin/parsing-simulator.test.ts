import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parsePage, pageHtmlWithShadowRoots } from '../../src/linkedin/parsing';
import { DEMO, type SimulatorHandle } from '../../src/simulator';
import { useSimulatorWorld } from '../support/browser';

// The live side reads a page the way the engine will: the HTML Chromium holds, plus its URL.
async function parseLive(page: Page, withShadowRoots = false) {
  const html = withShadowRoots
    ? await page.evaluate(pageHtmlWithShadowRoots)
    : await page.content();
  return parsePage(html, { url: page.url() });
}

describe('parsing pages served by the simulator in Chromium', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let page: Page;

  useSimulatorWorld((world) => ({ simulator, browser, page } = world));

  for (const layout of ['classic', 'new'] as const) {
    it(`reads the ${layout} search page: ten members with their names`, async () => {
      await simulator.client.setLayout(DEMO.account.id, layout);
      await page.goto(DEMO.searchUrl);

      const parsed = await parseLive(page);

      expect(parsed.page).toBe('search_people');
      expect(parsed.layout).toBe(layout);
      expect(parsed.people).toHaveLength(10);
      for (const person of parsed.people) {
        const member = await simulator.client.member(person.slug);
        expect(person.name).toBe(member.fullName);
        expect(['connect', 'pending', 'message', 'follow']).toContain(person.action);
      }
    });

    it(`reads the ${layout} profile whose Connect sits under More, before and after opening it`, async () => {
      await simulator.client.setLayout(DEMO.account.id, layout);
      await page.goto(`/in/${DEMO.followFirstSlug}/`);

      const closed = await parseLive(page);
      expect(closed.page).toBe('profile');
      expect(closed.profile).toMatchObject({
        slug: DEMO.followFirstSlug,
        action: 'follow',
        connectUnderMore: false,
      });

      const topCard = page
        .locator('section[componentkey$="Topcard"], section[data-member-id]')
        .first();
      await topCard
        .locator(
          'button[aria-label="More"], button[aria-label="More actions"], button:has-text("More")',
        )
        .first()
        .click();
      const opened = await parseLive(page);
      expect(opened.profile).toMatchObject({
        slug: DEMO.followFirstSlug,
        action: 'connect',
        connectUnderMore: true,
        moreMenuOpen: true,
      });
    });
  }

  it('reads a percent-encoded slug and a pending profile as the engine compares them', async () => {
    await simulator.client.setLayout(DEMO.account.id, 'new');
    await page.goto('/in/zofia-%C5%9Bredni-123/');
    expect((await parseLive(page)).profile?.slug).toBe(DEMO.unicodeSlug);

    await page.goto(`/in/${DEMO.pendingSlug}/`);
    expect((await parseLive(page)).profile).toMatchObject({
      slug: DEMO.pendingSlug,
      action: 'pending',
    });
  });

  it('sees the new layout invite dialog only with the shadow roots serialised', async () => {
    await simulator.client.setLayout(DEMO.account.id, 'new');
    await page.goto(`/in/${DEMO.unicodeSlug}/`);
    await page
      .locator('section[componentkey$="Topcard"] a[href^="/preload/custom-invite/"]')
      .first()
      .click();
    await page.locator('#interop-outlet .send-invite').waitFor();

    expect((await parseLive(page)).dialogs.inviteDialog).toBeNull();
    const withShadow = await parseLive(page, true);
    expect(withShadow.dialogs.inviteDialog).toMatchObject({ noteFieldShown: false });
    expect(withShadow.profile?.slug).toBe(DEMO.unicodeSlug);
  });

  it('reads the reactions dialog and the commenters of a post without its author', async () => {
    await simulator.client.setLayout(DEMO.account.id, 'classic');
    await page.goto(DEMO.postUrl);
    await page.locator('button[aria-label*="reactions"]').first().click();
    await page.locator('[role=dialog] [data-test-reactions-icon-type]').first().waitFor();

    const parsed = await parseLive(page, true);

    expect(parsed.page).toBe('post');
    const author = parsed.people[0];
    expect(author).toBeDefined();
    expect(parsed.reactors?.length).toBeGreaterThan(0);
    expect(parsed.reactors?.every((reactor) => reactor.reaction !== null)).toBe(true);
    expect(parsed.commenters?.length).toBeGreaterThan(0);
    expect(parsed.commenters?.some((commenter) => commenter.slug === author.slug)).toBe(false);
    const slugs = parsed.commenters?.map((commenter) => commenter.slug) ?? [];
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('reads a dead session as the login page, not as an empty list', async () => {
    const stranger = await browser.newPage({ baseURL: simulator.baseUrl });
    try {
      await stranger.goto(DEMO.searchUrl);
      const parsed = await parseLive(stranger);
      expect(['login', 'authwall']).toContain(parsed.page);
      expect(parsed.people).toEqual([]);
    } finally {
      await stranger.close();
    }
  });
});
