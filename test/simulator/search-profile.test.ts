import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { launchChromium, pageWithSession } from '../support/browser';

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('simulator people search, events and profiles', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [simulator, browser] = await Promise.all([startSimulator(), launchChromium()]);
    page = await pageWithSession(browser, simulator.baseUrl, DEMO.account.liAt);
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.close();
  });

  const setLayout = (layout: 'classic' | 'new') =>
    simulator.client.setLayout(DEMO.account.id, layout);

  it('lists ten classic rows a page with a promoted row and the right action labels', async () => {
    await setLayout('classic');
    await page.goto(DEMO.searchUrl);
    const rows = page.locator('div[data-chameleon-result-urn^="urn:li:member:"]');
    await expect(rows.count()).resolves.toBe(10);
    await expect(page.getByText('Try Premium for $0').count()).resolves.toBeGreaterThan(0);
    const names = await rows
      .locator('.entity-result__title-text a span[aria-hidden=true]')
      .allTextContents();
    expect(names).toHaveLength(10);
    const labels = await rows
      .locator('.entity-result__actions button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
    for (const [index, label] of labels.entries()) {
      expect(label).toMatch(
        new RegExp(
          `^(Invite .+ to connect|Follow .+|Send a message to .+|Message .+|Pending, click to withdraw invitation sent to .+)$`,
        ),
      );
      expect(label).toContain(names[index].trim());
    }
    await expect(page.locator('button[aria-label="Next"]').count()).resolves.toBe(1);
  });

  it('pages through exactly the seeded number of results and stops on a short page', async () => {
    await setLayout('classic');
    const slugs = new Set<string>();
    for (let pageNumber = 1; pageNumber <= 10; pageNumber++) {
      await page.goto(`${DEMO.searchUrl}&page=${pageNumber}`);
      const hrefs = await page
        .locator('div[data-chameleon-result-urn] .entity-result__title-text a')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      hrefs.forEach((href) => slugs.add(href.split('?')[0]));
      if (hrefs.length < 10) break;
    }
    expect(slugs.size).toBe(DEMO.searchResults);
  });

  it('filters by the network facet and by event attendance', async () => {
    await setLayout('classic');
    const network = encodeURIComponent(JSON.stringify(['F']));
    await page.goto(`/search/results/people/?network=${network}&origin=FACETED_SEARCH`);
    const badges = await page
      .locator('.entity-result__badge-text span[aria-hidden=true]')
      .allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.every((badge) => badge.includes('1st'))).toBe(true);

    await page.goto(DEMO.eventUrl);
    await page.locator(`a[href*="eventAttending="]`).click();
    await page.waitForURL('**/search/results/people/**');
    await expect(page.getByText(`About ${DEMO.eventAttendees} results`).count()).resolves.toBe(1);
    await page.goto(`/events/outbound-summit-2026${DEMO.eventId}/`);
    expect(await text(page.locator('h1'))).toBe('Outbound Summit 2026');
  });

  it('renders new-layout rows as list items with preload Connect links and a mutual line first', async () => {
    await setLayout('new');
    await page.goto(DEMO.searchUrl);
    const screen = page.locator('[data-sdui-screen$="SearchResultsPeople"]');
    const items = screen.locator('div[role=list] > div > div[role=listitem]');
    await expect(items.count()).resolves.toBe(10);
    const connect = screen.locator('a[href^="/preload/search-custom-invite/?vanityName="]');
    expect(await connect.count()).toBeGreaterThan(0);
    const first = connect.first();
    await expect(first.getAttribute('componentkey')).resolves.toMatch(/_connect$/);
    await expect(first.getAttribute('aria-label')).resolves.toMatch(/^Invite .+ to connect$/);
    await expect(first.textContent()).resolves.toContain('Connect');

    // At least one card shows its mutual-connection /in/ACoAA links before the person's name.
    const mutualFirst = await items.evaluateAll((cards) =>
      cards.some((card) => {
        const first = card.querySelector('p a[href*="/in/"]');
        return first?.getAttribute('href')?.startsWith('/in/ACoAA') ?? false;
      }),
    );
    expect(mutualFirst).toBe(true);
    await expect(page.locator('button[aria-label="Next"]').count()).resolves.toBe(1);
  });

  it('finds prefix slugs as two different people and opens the right profile', async () => {
    await setLayout('classic');
    await page.goto('/search/results/people/?keywords=john%20smith');
    const hrefs = await page
      .locator('.entity-result__title-text a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')?.split('?')[0]));
    expect(hrefs).toEqual(expect.arrayContaining(['/in/john-smith', '/in/john-smith-123']));

    await page.goto('/in/john-smith-123/');
    expect(await text(page.locator('section[data-member-id] .text-body-medium'))).toBe(
      'Nurse at NHS',
    );
  });

  it('shows a classic profile with its actions in the card, the sticky header and a side rail', async () => {
    await setLayout('classic');
    const member = await simulator.client.member('john-smith');
    await page.goto('/in/john-smith/');
    const card = page.locator('section[data-member-id]');
    expect(await text(card.locator('h1'))).toBe('John Smith');
    await expect(
      card
        .locator('.pvs-profile-actions button[aria-label="Invite John Smith to connect"]')
        .count(),
    ).resolves.toBe(1);
    await expect(
      page.locator('button[aria-label="Invite John Smith to connect"]').count(),
    ).resolves.toBe(2);
    const railConnects = await page
      .locator('aside button[aria-label^="Invite "]')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(railConnects.every((label) => label !== 'Invite John Smith to connect')).toBe(true);

    const views = await simulator.client.profileViews(DEMO.account.id);
    expect(views.at(-1)).toMatchObject({ slug: 'john-smith', memberId: member.id });
  });

  it('keeps Connect out of the page until More is opened on a follow-first profile (both layouts)', async () => {
    const name = 'Olivia Bennett 🚀';
    await setLayout('new');
    await page.goto(`/in/${DEMO.followFirstSlug}/`);
    const topcard = page.locator('section[componentkey$="Topcard"]');
    expect(await text(topcard.locator('h2'))).toBe(name);
    await expect(
      topcard.locator(`button[aria-label="Follow ${name}"]`).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(page.locator(`[aria-label="Invite ${name} to connect"]`).count()).resolves.toBe(0);
    await topcard.locator('button[aria-label="More"]').click();
    const item = topcard.locator(
      `div[role=menu] a[role=menuitem][href="/preload/custom-invite/?vanityName=${DEMO.followFirstSlug}"]`,
    );
    await expect(item.count()).resolves.toBe(1);
    expect(await text(item.locator(`div[aria-label="Invite ${name} to connect"]`))).toBe('Connect');

    await setLayout('classic');
    await page.goto(`/in/${DEMO.followFirstSlug}/`);
    await expect(page.locator(`[aria-label="Invite ${name} to connect"]`).count()).resolves.toBe(0);
    await page.locator('section[data-member-id] button[aria-label="More actions"]').click();
    await expect(
      page
        .locator(`section[data-member-id] div[role=button][aria-label="Invite ${name} to connect"]`)
        .count(),
    ).resolves.toBe(1);
  });

  it('shows the new-layout top card with degree, headline and a Connect link scoped to the person', async () => {
    await setLayout('new');
    await page.goto('/in/john-smith/');
    const topcard = page.locator('section[componentkey$="Topcard"]');
    await expect(page.locator('h1').count()).resolves.toBe(0);
    await expect(
      topcard.locator(':scope p:visible', { hasText: /^· / }).first().textContent(),
    ).resolves.toMatch(/^· (2nd|3rd\+)$/);
    const connect = topcard.locator(
      'a[href="/preload/custom-invite/?vanityName=john-smith"][aria-label="Invite John Smith to connect"]',
    );
    expect(await connect.count()).toBeGreaterThan(0);
    await expect(
      topcard.locator('a[href^="/messaging/compose/?"]').count(),
    ).resolves.toBeGreaterThan(0);
  });

  it('shows 1st-degree and pending people in their own states', async () => {
    await setLayout('classic');
    await page.goto(`/in/${DEMO.firstDegreeSlug}/`);
    const card = page.locator('section[data-member-id]');
    await expect(card.locator('button[aria-label="Message Emily"]').count()).resolves.toBe(1);
    expect(await text(card.locator('.dist-value'))).toBe('1st');
    await expect(card.locator('[aria-label*="to connect"]').count()).resolves.toBe(0);

    await page.goto(`/in/${DEMO.pendingSlug}/`);
    await expect(
      card
        .locator('button[aria-label="Pending, click to withdraw invitation sent to James Johnson"]')
        .count(),
    ).resolves.toBe(1);

    await setLayout('new');
    await page.goto(`/in/${DEMO.pendingSlug}/`);
    const pending = page
      .locator('section[componentkey$="Topcard"] [componentkey$="_pending"]')
      .first();
    expect(await text(pending)).toBe('Pending');
  });

  it('redirects an old slug and a member-id URL, and serves percent-encoded non-Latin slugs', async () => {
    await setLayout('classic');
    const response = await page.goto(`/in/${DEMO.renamedSlug.old}/`);
    expect(new URL(page.url()).pathname).toBe(`/in/${DEMO.renamedSlug.current}/`);
    expect(response?.request().redirectedFrom()?.url()).toContain(DEMO.renamedSlug.old);

    const encoded = encodeURIComponent(DEMO.unicodeSlug);
    expect(encoded).toContain('%C5%9B');
    await page.goto(`/in/${encoded}/`);
    expect(await text(page.locator('section[data-member-id] h1'))).toBe('Zofia Średni');

    const member = await simulator.client.member('john-smith-123');
    await page.goto(`/in/${member.profileId}/`);
    expect(new URL(page.url()).pathname).toBe('/in/john-smith-123/');

    await page.goto('/in/nobody-by-this-name/');
    expect(new URL(page.url()).pathname).toBe('/404/');
  });
});
