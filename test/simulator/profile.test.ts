import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, type SimulatorHandle } from '../../src/simulator';
import { squeezedText, useSimulatorWorld } from '../support/browser';

describe('simulator profiles', () => {
  let simulator: SimulatorHandle;
  let page: Page;

  useSimulatorWorld((world) => ({ simulator, page } = world));

  const setLayout = (layout: 'classic' | 'new') =>
    simulator.client.setLayout(DEMO.account.id, layout);

  it('shows a classic profile with its actions in the card, the sticky header and a side rail', async () => {
    await setLayout('classic');
    const member = await simulator.client.member('john-smith');
    await page.goto('/in/john-smith/');
    const card = page.locator('section[data-member-id]');
    expect(await squeezedText(card.locator('h1'))).toBe('John Smith');
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
    expect(await squeezedText(topcard.locator('h2'))).toBe(name);
    await expect(
      topcard.locator(`button[aria-label="Follow ${name}"]`).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(page.locator(`[aria-label="Invite ${name} to connect"]`).count()).resolves.toBe(0);
    await topcard.locator('button[aria-label="More"]').click();
    const item = topcard.locator(
      `div[role=menu] a[role=menuitem][href="/preload/custom-invite/?vanityName=${DEMO.followFirstSlug}"]`,
    );
    await expect(item.count()).resolves.toBe(1);
    expect(await squeezedText(item.locator(`div[aria-label="Invite ${name} to connect"]`))).toBe(
      'Connect',
    );

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
    expect(await squeezedText(card.locator('.dist-value'))).toBe('1st');
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
    expect(await squeezedText(pending)).toBe('Pending');
  });

  it('redirects an old slug and a member-id URL, and serves percent-encoded non-Latin slugs', async () => {
    await setLayout('classic');
    const response = await page.goto(`/in/${DEMO.renamedSlug.old}/`);
    expect(new URL(page.url()).pathname).toBe(`/in/${DEMO.renamedSlug.current}/`);
    expect(response?.request().redirectedFrom()?.url()).toContain(DEMO.renamedSlug.old);

    const encoded = encodeURIComponent(DEMO.unicodeSlug);
    expect(encoded).toContain('%C5%9B');
    await page.goto(`/in/${encoded}/`);
    expect(await squeezedText(page.locator('section[data-member-id] h1'))).toBe('Zofia Średni');

    const member = await simulator.client.member('john-smith-123');
    await page.goto(`/in/${member.profileId}/`);
    expect(new URL(page.url()).pathname).toBe('/in/john-smith-123/');

    await page.goto('/in/nobody-by-this-name/');
    expect(new URL(page.url()).pathname).toBe('/404/');
  });

  it('opens the profile named by the URL, not one whose slug it prefixes, whatever the URL variant', async () => {
    await setLayout('classic');
    const variants = [
      '/in/john-smith-123/',
      '/in/john-smith-123',
      '/in/john-smith-123/?originalSubdomain=uk',
      '/in/john-smith-123?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAxyz',
    ];
    for (const variant of variants) {
      await page.goto(variant);
      expect(await squeezedText(page.locator('section[data-member-id] .text-body-medium'))).toBe(
        'Nurse at NHS',
      );
    }
    await page.goto('/in/john-smith/');
    expect(await squeezedText(page.locator('section[data-member-id] .text-body-medium'))).toBe(
      'Sales Director',
    );
    const views = (await simulator.client.profileViews(DEMO.account.id)).slice(-5);
    expect(views.map((view) => [view.slug, view.path])).toEqual([
      ...variants.map((variant) => ['john-smith-123', variant]),
      ['john-smith', '/in/john-smith/'],
    ]);
  });

  it('puts other people’s Connect buttons in the new-layout side rail and a second Follow in Activity', async () => {
    await setLayout('new');
    await page.goto('/in/john-smith/');
    const topcard = page.locator('section[componentkey$="Topcard"]');

    // The action row is rendered twice in the top card, as LinkedIn does.
    await expect(
      topcard.locator('a[aria-label="Invite John Smith to connect"]').count(),
    ).resolves.toBe(2);
    const rail = await page
      .locator('aside button[aria-label$=" to connect"]')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(rail.length).toBeGreaterThan(0);
    expect(rail).not.toContain('Invite John Smith to connect');
    await expect(page.locator('aside a[href^="/preload/custom-invite/"]').count()).resolves.toBe(0);

    const follow = page.locator('button[aria-label="Follow John Smith"]');
    await expect(follow.count()).resolves.toBe(1);
    await expect(topcard.locator('button[aria-label="Follow John Smith"]').count()).resolves.toBe(
      0,
    );

    // A second degree badge sits in the top card, hidden; the shown one is the real degree.
    const badges = await topcard
      .locator('p', { hasText: /^· / })
      .evaluateAll((items) =>
        items.map((item) => [item.textContent, (item as HTMLElement).offsetParent !== null]),
      );
    expect(badges).toEqual([
      ['· 1st', false],
      ['· 2nd', true],
    ]);
  });

  it('records a Follow click and shows the button pressed afterwards', async () => {
    await setLayout('new');
    const name = 'Olivia Bennett 🚀';
    await page.goto(`/in/${DEMO.followFirstSlug}/`);
    const follow = page
      .locator(`section[componentkey$="Topcard"] button[aria-label="Follow ${name}"]`)
      .first();
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    expect(await squeezedText(follow)).toBe('Following');

    const follows = await simulator.client.follows(DEMO.account.id);
    expect(follows.map((item) => item.slug)).toEqual([DEMO.followFirstSlug]);
    await page.reload();
    await expect(
      page
        .locator(`section[componentkey$="Topcard"] button[aria-label="Follow ${name}"]`)
        .first()
        .getAttribute('aria-pressed'),
    ).resolves.toBe('true');
  });
});
