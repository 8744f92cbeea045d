import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import {
  launchChromium,
  pageWithSession,
  squeezedText,
  useSimulatorWorld,
} from '../support/browser';

// Selectors by role, label, data attribute and URL, as linkedin.md describes the pages.
const CLASSIC_ROW = 'div[data-chameleon-result-urn^="urn:li:member:"]';
const CLASSIC_NAME_LINK = 'a[href*="/in/"]:has(> span[dir=ltr])';
const NEW_SCREEN = '[data-sdui-screen$="SearchResultsPeople"]';
const NEW_ROW = `${NEW_SCREEN} div[role=list] div[role=listitem]`;

function slugOfHref(href: string): string {
  const path = new URL(href, 'http://x').pathname;
  return decodeURIComponent(path.split('/')[2] ?? '');
}

async function classicSlugs(page: Page): Promise<string[]> {
  return page
    .locator(`${CLASSIC_ROW} ${CLASSIC_NAME_LINK}`)
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    .then((hrefs) => hrefs.map(slugOfHref));
}

// The person of a new-layout card is the link of the name paragraph that carries the degree.
async function newSlugs(page: Page): Promise<string[]> {
  const hrefs = await page.locator(NEW_ROW).evaluateAll((cards) =>
    cards.map((card) => {
      const name = [...card.querySelectorAll('p')].find((p) =>
        /•\s*(1st|2nd|3rd\+)/.test(p.textContent ?? ''),
      );
      return name?.querySelector('a[href*="/in/"]')?.getAttribute('href') ?? '';
    }),
  );
  return hrefs.map(slugOfHref);
}

describe('simulator people search', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let page: Page;

  useSimulatorWorld((world) => ({ simulator, browser, page } = world));

  const setLayout = (layout: 'classic' | 'new') =>
    simulator.client.setLayout(DEMO.account.id, layout);

  it('lists ten classic rows with a promoted row, degree badges and labels naming the person', async () => {
    await setLayout('classic');
    await page.goto(DEMO.searchUrl);

    const rows = page.locator(CLASSIC_ROW);
    await expect(rows.count()).resolves.toBe(10);
    const items = page.locator('main ul[role=list] > li');
    await expect(items.count()).resolves.toBe(11);
    expect(await squeezedText(items.nth(2))).toContain('Try Premium for $0');
    await expect(items.nth(2).locator('[data-chameleon-result-urn]').count()).resolves.toBe(0);

    const names = await rows
      .locator(`${CLASSIC_NAME_LINK} span[dir=ltr] > span[aria-hidden=true]`)
      .allTextContents();
    expect(names).toHaveLength(10);
    const hidden = await rows.locator(`${CLASSIC_NAME_LINK} .visually-hidden`).allTextContents();
    expect(hidden.map((line) => line.trim())).toEqual(
      names.map((name) => `View ${name}’s profile`),
    );
    const labels = await rows.evaluateAll((cards) =>
      cards.map(
        (card) => card.querySelector('button[aria-label]')?.getAttribute('aria-label') ?? '',
      ),
    );
    for (const [index, label] of labels.entries()) {
      expect(label).toMatch(
        /^(Invite .+ to connect|Follow .+|Send a message to .+|Message .+|Pending, click to withdraw invitation sent to .+)$/,
      );
      expect(label).toContain(names[index]);
    }
    const badges = await rows
      .locator('.entity-result__badge-text span[aria-hidden=true]')
      .allTextContents();
    expect(badges.every((badge) => /^• (1st|2nd|3rd\+)$/.test(badge.trim()))).toBe(true);

    expect(await squeezedText(page.locator('h1#search-srp-prompt'))).toBe(
      `Search results for ${DEMO.searchKeywords}. There are 10 results. Currently on the page 1 of 9 search result pages.`,
    );
    await expect(page.locator('button[aria-label="Next"]').isEnabled()).resolves.toBe(true);
  });

  it('links mutual connections by member id in classic rows and by vanity URL in the new layout', async () => {
    await setLayout('classic');
    await page.goto(DEMO.searchUrl);
    const classicMutual = await page
      .locator(`${CLASSIC_ROW} .entity-result__insights a[href*="/in/"]`)
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(classicMutual.length).toBeGreaterThan(0);
    expect(classicMutual.every((href) => href.startsWith('/in/ACoAA'))).toBe(true);

    await setLayout('new');
    await page.goto(DEMO.searchUrl);
    const cards = await page.locator(NEW_ROW).evaluateAll((items) =>
      items.map((card) => {
        const links = [...card.querySelectorAll('p a[href*="/in/"]')].map(
          (link) => link.getAttribute('href') ?? '',
        );
        const mutual = [...card.querySelectorAll('p')].find((p) =>
          /mutual connection/.test(p.textContent ?? ''),
        );
        return { links, mutual: mutual?.textContent?.replace(/\s+/g, ' ').trim() ?? null };
      }),
    );
    const people = await newSlugs(page);
    expect(people).toHaveLength(10);

    // A Premium card sits between the results and is no list item.
    const promoted = page.locator(`${NEW_SCREEN} div[role=list] > div`, {
      hasText: 'Try Premium for $0',
    });
    await expect(promoted.count()).resolves.toBe(1);
    await expect(promoted.locator('[role=listitem]').count()).resolves.toBe(0);

    // The first /in/ link of some cards is a mutual connection, not the person.
    expect(cards.some((card, index) => slugOfHref(card.links[0]) !== people[index])).toBe(true);
    expect(cards.flatMap((card) => card.links).some((href) => href.includes('ACoAA'))).toBe(false);
    const lines = cards.map((card) => card.mutual).filter((line): line is string => line !== null);
    expect(lines.some((line) => / is a mutual connection$/.test(line))).toBe(true);
    expect(lines.some((line) => / other mutual connections?$/.test(line))).toBe(true);
  });

  it('pages through exactly the seeded results by page= in both layouts and stops on a short page', async () => {
    for (const layout of ['classic', 'new'] as const) {
      await setLayout(layout);
      const slugs = new Set<string>();
      let pages = 0;
      for (let pageNumber = 1; pageNumber <= 20; pageNumber++) {
        await page.goto(`${DEMO.searchUrl}&page=${pageNumber}`);
        const found = layout === 'classic' ? await classicSlugs(page) : await newSlugs(page);
        found.forEach((slug) => slugs.add(slug));
        pages++;
        if (found.length < 10) break;
      }
      // 90 results fill nine pages; the empty tenth is the first short one.
      expect(pages).toBe(Math.floor(DEMO.searchResults / 10) + 1);
      expect(slugs.size).toBe(DEMO.searchResults);
    }
  });

  it('labels the new-layout pager by text, not aria-label, and marks the current page', async () => {
    await setLayout('new');
    await page.goto(`${DEMO.searchUrl}&page=2`);
    const next = page.locator('button[data-testid="pagination-controls-next-button-visible"]');
    expect(await squeezedText(next)).toBe('Next');
    await expect(next.getAttribute('aria-label')).resolves.toBeNull();
    await expect(
      page
        .locator('[data-testid="pagination-controls-list"] button[aria-current=true]')
        .textContent(),
    ).resolves.toContain('2');

    await next.click();
    await page.waitForURL(/page=3/);
    await page.goto(`${DEMO.searchUrl}&page=9`);
    await expect(
      page.locator('button[data-testid="pagination-controls-next-button-visible"]').count(),
    ).resolves.toBe(0);
  });

  it('filters by the network facet, written as a JSON array', async () => {
    await setLayout('classic');
    const network = (codes: string[]) => encodeURIComponent(JSON.stringify(codes));
    await page.goto(`/search/results/people/?network=${network(['F'])}&origin=FACETED_SEARCH`);
    const firstDegree = await page
      .locator(
        `${CLASSIC_ROW} .entity-result__badge .entity-result__badge-text span[aria-hidden=true]`,
      )
      .allTextContents();
    expect(firstDegree.length).toBeGreaterThan(0);
    expect(firstDegree.every((badge) => badge.includes('1st'))).toBe(true);

    await page.goto(
      `/search/results/people/?keywords=${DEMO.searchKeywords}&network=${network(['S', 'O'])}&origin=FACETED_SEARCH`,
    );
    const others = await page
      .locator(
        `${CLASSIC_ROW} .entity-result__badge .entity-result__badge-text span[aria-hidden=true]`,
      )
      .allTextContents();
    expect(others.length).toBe(10);
    expect(others.some((badge) => badge.includes('1st'))).toBe(false);
  });

  it('filters by geoUrn and currentCompany ids, as arrays or a single urn string', async () => {
    await setLayout('new');
    const members = (await simulator.client.members(DEMO.searchKeywords)).filter((member) =>
      member.headline.includes('Growth'),
    );
    const warsaw = members.find((member) => member.location.startsWith('Warsaw'));
    expect(warsaw).toBeDefined();
    const [cityId, countryId] = warsaw?.geoIds ?? [];
    const expectSearch = async (query: string, expected: string[]) => {
      const found = new Set<string>();
      for (let pageNumber = 1; pageNumber <= 10; pageNumber++) {
        await page.goto(
          `/search/results/people/?${query}&origin=FACETED_SEARCH&page=${pageNumber}`,
        );
        const slugs = await newSlugs(page);
        slugs.forEach((slug) => found.add(slug));
        if (slugs.length < 10) break;
      }
      expect([...found].sort()).toEqual([...expected].sort());
    };
    const json = (value: unknown) => encodeURIComponent(JSON.stringify(value));

    const inPoland = members.filter((member) => member.geoIds.includes(countryId));
    expect(inPoland.length).toBeGreaterThan(1);
    await expectSearch(
      `keywords=${DEMO.searchKeywords}&geoUrn=${json([countryId])}`,
      inPoland.map((member) => member.slug),
    );
    await expectSearch(
      `keywords=${DEMO.searchKeywords}&geoUrn=${json(`urn:li:geo:${cityId}`)}`,
      members.filter((member) => member.geoIds.includes(cityId)).map((member) => member.slug),
    );

    const company = (await simulator.client.companies()).find((item) => item.name === 'Globex');
    expect(company).toBeDefined();
    const atGlobex = members.filter((member) => member.companyId === company?.id);
    expect(atGlobex.length).toBeGreaterThan(1);
    await expectSearch(
      `keywords=${DEMO.searchKeywords}&currentCompany=${json([String(company?.id)])}`,
      atGlobex.map((member) => member.slug),
    );
    await expectSearch(
      `keywords=${DEMO.searchKeywords}&currentCompany=${json([String(company?.id)])}&geoUrn=${json([countryId])}`,
      atGlobex.filter((member) => member.geoIds.includes(countryId)).map((member) => member.slug),
    );
  });

  it('shows every row state, Connect, Pending, Message and Follow, in both layouts', async () => {
    const liAt = 'AQEDArowstatesxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
    const account = await simulator.client.createAccount({
      email: 'rowstates@example.test',
      password: 'x',
      slug: 'row-states-account',
      liAt,
    });
    const people = [
      { slug: 'rowstate-connect', firstName: 'Ana', lastName: 'Connect' },
      { slug: 'rowstate-pending', firstName: 'Bo', lastName: 'Pending' },
      { slug: 'rowstate-first', firstName: 'Cy', lastName: 'First' },
      { slug: 'rowstate-follow', firstName: 'Di', lastName: 'Follow', connectVia: 'follow-first' },
    ] as const;
    for (const person of people) {
      await simulator.client.createMember({ ...person, headline: 'Rowstate tester' });
    }
    await simulator.client.setRelationship(account.id, 'rowstate-pending', { pending: true });
    await simulator.client.setRelationship(account.id, 'rowstate-first', { degree: '1st' });
    const own = await pageWithSession(browser, simulator.baseUrl, liAt);

    await own.goto('/search/results/people/?keywords=rowstate%20tester');
    const row = (slug: string) =>
      own.locator(CLASSIC_ROW, { has: own.locator(`a[href^="/in/${slug}?"]`) });
    await expect(
      row('rowstate-connect').locator('button[aria-label="Invite Ana Connect to connect"]').count(),
    ).resolves.toBe(1);
    expect(
      await squeezedText(
        row('rowstate-pending').locator(
          'button[aria-label="Pending, click to withdraw invitation sent to Bo Pending"]',
        ),
      ),
    ).toBe('Pending');
    expect(
      await squeezedText(
        row('rowstate-first').locator('button[aria-label="Send a message to Cy First"]'),
      ),
    ).toBe('Message');
    expect(
      await squeezedText(row('rowstate-follow').locator('button[aria-label="Follow Di Follow"]')),
    ).toBe('Follow');

    await simulator.client.setLayout(account.id, 'new');
    await own.reload();
    const card = (slug: string) =>
      own.locator('div[role=listitem]', { has: own.locator(`p > a[href="/in/${slug}/"]`) });
    const connect = card('rowstate-connect').locator(
      'a[href="/preload/search-custom-invite/?vanityName=rowstate-connect"][aria-label="Invite Ana Connect to connect"]',
    );
    expect(await squeezedText(connect)).toBe('Connect');
    await expect(connect.getAttribute('componentkey')).resolves.toMatch(/_connect$/);
    const pending = card('rowstate-pending').locator(
      '[aria-label="Pending, click to withdraw invitation sent to Bo Pending"]',
    );
    await expect(pending.getAttribute('componentkey')).resolves.toMatch(/_pending$/);
    expect(
      await squeezedText(
        card('rowstate-first').locator('a[aria-label="Send a message to Cy First"]'),
      ),
    ).toBe('Message');
    await expect(
      card('rowstate-first').locator('a[href^="/messaging/compose/?"]').count(),
    ).resolves.toBe(1);
    expect(
      await squeezedText(card('rowstate-follow').locator('button[aria-label="Follow Di Follow"]')),
    ).toBe('Follow');
    await own.context().close();
  });

  it('finds prefix slugs as two different people', async () => {
    await setLayout('classic');
    await page.goto('/search/results/people/?keywords=john%20smith');
    expect(await classicSlugs(page)).toEqual(
      expect.arrayContaining(['john-smith', 'john-smith-123']),
    );
  });

  it('reaches the event page by both URL forms and lists its attendees as an eventAttending search', async () => {
    for (const layout of ['classic', 'new'] as const) {
      await setLayout(layout);
      await page.goto(`/events/outbound-summit-2026${DEMO.eventId}/`);
      expect(await squeezedText(page.locator('h1'))).toBe('Outbound Summit 2026');
      await page.goto(DEMO.eventUrl);
      await page.locator('a[href*="eventAttending="]').click();
      await page.waitForURL('**/search/results/people/**');
      const url = new URL(page.url());
      expect(JSON.parse(url.searchParams.get('eventAttending') ?? '')).toEqual([DEMO.eventId]);
      expect(url.searchParams.get('origin')).toBe('EVENT_PAGE_CANNED_SEARCH');
    }

    const attendees = new Set<string>();
    for (let pageNumber = 1; pageNumber <= 20; pageNumber++) {
      await page.goto(`${DEMO.eventAttendeesSearchUrl}&page=${pageNumber}`);
      const slugs = await newSlugs(page);
      slugs.forEach((slug) => attendees.add(slug));
      if (slugs.length < 10) break;
    }
    expect(attendees.size).toBe(DEMO.eventAttendees);
  });
});

describe('simulator search limits', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;

  beforeAll(async () => {
    [simulator, browser] = await Promise.all([
      startSimulator({ dataset: 'empty' }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.close();
  });

  it('serves at most 100 pages of 10 however many people match', async () => {
    const liAt = 'AQEDAmanyresultsxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
    await simulator.client.createAccount({
      email: 'many@example.test',
      password: 'x',
      slug: 'many-results-account',
      liAt,
    });
    await simulator.client.generateMembers(1_050);
    const page = await pageWithSession(browser, simulator.baseUrl, liAt);

    await page.goto('/search/results/people/?keywords=&origin=GLOBAL_SEARCH_HEADER&page=100');
    await expect(page.locator(CLASSIC_ROW).count()).resolves.toBe(10);
    expect(await squeezedText(page.locator('.artdeco-pagination__page-state'))).toBe(
      'Page 100 of 100',
    );
    await expect(page.locator('button[aria-label="Next"]').isDisabled()).resolves.toBe(true);
    expect(await squeezedText(page.locator('main'))).toContain('About 1,050 results');

    await page.goto('/search/results/people/?keywords=&origin=GLOBAL_SEARCH_HEADER&page=101');
    await expect(page.locator(CLASSIC_ROW).count()).resolves.toBe(0);
    expect(await squeezedText(page.locator('main'))).toContain('No results found');
    await page.context().close();
  });
});
