import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, type SimulatorHandle } from '../../src/simulator';
import { pageWithSession, squeezedText, useSimulatorWorld } from '../support/browser';

describe('simulator posts, messaging and my network', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let page: Page;

  useSimulatorWorld((world) => ({ simulator, browser, page } = world));

  const setLayout = (layout: 'classic' | 'new') =>
    simulator.client.setLayout(DEMO.account.id, layout);

  it('loads every reactor of the demo post with the button and by scrolling', async () => {
    await setLayout('classic');
    await page.goto(DEMO.postUrl);
    await page.locator('button.social-details-social-counts__count-value').click();
    const modal = page.locator('div[role=dialog].social-details-reactors-modal');
    const items = modal.locator('li.social-details-reactors-tab-body-list-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(10);

    await modal
      .locator('button.scaffold-finite-scroll__load-button', { hasText: 'Show more results' })
      .click();
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(20);
    for (let round = 0; round < 12 && (await items.count()) < DEMO.postReactions; round++) {
      await modal.locator('.artdeco-modal__content').evaluate((content) => {
        content.scrollTop = content.scrollHeight;
      });
      await page.waitForTimeout(150);
    }
    expect(await items.count()).toBe(DEMO.postReactions);
    await expect(modal.locator('button.scaffold-finite-scroll__load-button').count()).resolves.toBe(
      0,
    );

    const first = items.first();
    await expect(first.locator('a[href*="/in/"]').count()).resolves.toBe(1);
    expect(
      await squeezedText(first.locator('.artdeco-entity-lockup__title span[aria-hidden=true]')),
    ).not.toBe('');
    expect(await squeezedText(first.locator('.artdeco-entity-lockup__degree'))).toMatch(
      /^· (1st|2nd|3rd\+)$/,
    );
    await expect(
      first
        .locator('[data-test-reactions-icon-type]')
        .getAttribute('data-test-reactions-icon-type'),
    ).resolves.toMatch(/^(LIKE|PRAISE|EMPATHY|INTEREST|APPRECIATION|ENTERTAINMENT)$/);
  });

  it('opens the reactions dialog inside the interop shadow root in the new layout', async () => {
    await setLayout('new');
    await page.goto(DEMO.postUrl);
    await page.locator('button[aria-label="75 reactions"]').click();
    const modal = page.locator('#interop-outlet div[role=dialog].social-details-reactors-modal');
    const items = modal.locator('li.social-details-reactors-tab-body-list-item');
    await expect.poll(() => items.count()).toBe(10);
    expect(
      await page.evaluate(() => document.querySelector('.social-details-reactors-modal')),
    ).toBe(null);
    await modal.locator('button.scaffold-finite-scroll__load-button').click();
    await expect.poll(() => items.count()).toBe(20);
    await page.keyboard.press('Escape');
    await expect(modal.count()).resolves.toBe(0);
  });

  it('shows comments with replies, the author and a company, and loads more of them', async () => {
    await setLayout('new');
    await page.goto(`/posts/someone_what-we-learned-activity-${DEMO.postId}-abcd?utm_source=share`);
    const comments = page.locator('article.comments-comment-entity');
    const topLevel = page.locator(
      '.comments-comments-list__comment-container > article.comments-comment-entity',
    );
    await expect(topLevel.count()).resolves.toBe(10);
    while ((await page.locator('button[aria-label*="Load more comments"]').count()) > 0) {
      const before = await topLevel.count();
      await page.locator('button[aria-label*="Load more comments"]').click();
      await expect.poll(() => topLevel.count()).toBeGreaterThan(before);
    }
    expect(await topLevel.count()).toBe(DEMO.postCommenters + 2);
    const companyLinks = comments.locator('.comments-comment-meta__actor a[href^="/company/"]');
    await expect(companyLinks.count()).resolves.toBe(1);
    await expect(
      page.locator('.comments-replies-list article.comments-comment-entity').count(),
    ).resolves.toBeGreaterThan(0);
    const authors = await comments
      .locator('.comments-comment-meta__actor a[href^="/in/"]')
      .evaluateAll((links) => new Set(links.map((link) => link.getAttribute('href'))).size);
    expect(authors).toBeGreaterThanOrEqual(DEMO.postCommenters);
  });

  it('sends a message from the classic profile overlay and shows the member reply in the thread', async () => {
    await setLayout('classic');
    await page.goto(`/in/${DEMO.firstDegreeSlug}/`);
    await page.locator('section[data-member-id] button[aria-label="Message Emily"]').click();
    const bubble = page.locator(
      'div.msg-overlay-conversation-bubble[role=dialog][aria-label="Messaging conversation with Emily Walker"]',
    );
    const editor = bubble.locator(
      'div.msg-form__contenteditable[contenteditable=true][role=textbox][aria-label="Write a message…"]',
    );
    const send = bubble.locator('button.msg-form__send-button[type=submit]');
    await editor.waitFor();
    await expect(send.isDisabled()).resolves.toBe(true);
    await editor.fill('Hello Emily, quick question 👋');
    await expect(send.isEnabled()).resolves.toBe(true);
    await send.click();
    await bubble
      .locator('.msg-s-event-listitem__body', { hasText: 'Hello Emily, quick question 👋' })
      .waitFor();

    const { threadPath } = await simulator.client.replyAsMember({
      accountId: DEMO.account.id,
      fromSlug: DEMO.firstDegreeSlug,
      text: 'Sure, go ahead!',
    });
    await page.goto('/messaging/');
    const row = page.locator('li.msg-conversation-listitem', { hasText: 'Emily Walker' });
    await expect(row.locator('a[href^="/messaging/thread/2-"]').getAttribute('href')).resolves.toBe(
      threadPath,
    );
    await row.locator('a').click();
    expect(threadPath).toMatch(/^\/messaging\/thread\/2-[A-Za-z0-9+/]+==\/$/);
    const messages = page.locator('li.msg-s-message-list__event');
    await expect(messages.count()).resolves.toBe(2);
    expect(await squeezedText(messages.nth(1).locator('.msg-s-message-group__name'))).toBe(
      'Emily Walker',
    );
    await expect(messages.nth(1).locator('time').getAttribute('datetime')).resolves.toMatch(
      /^\d{4}-/,
    );

    const stored = await simulator.client.messages(DEMO.account.id);
    expect(stored.map((message) => [message.senderSlug, message.text])).toEqual([
      [DEMO.account.slug, 'Hello Emily, quick question 👋'],
      [DEMO.firstDegreeSlug, 'Sure, go ahead!'],
    ]);
  });

  it('opens the new-layout composer in the shadow root from the compose link', async () => {
    await setLayout('new');
    await page.goto(`/in/${DEMO.firstDegreeSlug}/`);
    await page
      .locator('section[componentkey$="Topcard"] a[href^="/messaging/compose/?"]')
      .first()
      .click();
    const bubble = page.locator('#interop-outlet div.msg-overlay-conversation-bubble[role=dialog]');
    await bubble.waitFor();
    await expect(bubble.locator('li.msg-s-message-list__event').count()).resolves.toBe(2);
    await bubble.locator('div.msg-form__contenteditable').fill('Thanks!');
    await bubble.locator('div.msg-form__contenteditable').press('Enter');
    await bubble.locator('.msg-s-event-listitem__body', { hasText: 'Thanks!' }).waitFor();
    const stored = await simulator.client.messages(DEMO.account.id);
    expect(stored.at(-1)).toMatchObject({ senderSlug: DEMO.account.slug, text: 'Thanks!' });
  });

  it('lists sent invitations and withdraws one through the native confirm dialog', async () => {
    await setLayout('new');
    await simulator.client.setRelationship(DEMO.account.id, 'john-smith', { pending: true });
    await page.goto('/mynetwork/invitation-manager/sent/');
    const header = page.getByText(/^People \(\d+\)$/);
    expect(await squeezedText(header)).toBe('People (2)');
    const row = page.locator('[role=listitem]', { has: page.locator('a[href="/in/john-smith/"]') });
    await row.locator('button[data-view-name="sent-invitations-withdraw-single"]').click();
    const confirm = page.locator('dialog[open]');
    await confirm.getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(() => squeezedText(header)).toBe('People (1)');
    await expect(page.locator('[role=listitem]').count()).resolves.toBe(1);

    const withdrawals = await simulator.client.withdrawals(DEMO.account.id);
    expect(withdrawals.map((withdrawal) => withdrawal.toSlug)).toEqual(['john-smith']);
    const invitations = await simulator.client.invitations(DEMO.account.id);
    expect(invitations.find((invitation) => invitation.toSlug === 'john-smith')?.state).toBe(
      'withdrawn',
    );
  });

  it('shows ten sent invitations first and the rest after "Load more"', async () => {
    const liAt = 'AQEDAloadmoretestxxxxxxxxxxxxxxxxxxxxxxxxxx';
    const account = await simulator.client.createAccount({
      email: 'loadmore@example.test',
      password: 'x',
      slug: 'load-more-account',
      layout: 'classic',
      liAt,
    });
    const growth = await simulator.client.members('growth');
    for (const member of growth.slice(0, 12)) {
      await simulator.client.setRelationship(account.id, member.slug, { pending: true });
    }
    const own = await pageWithSession(browser, simulator.baseUrl, liAt);
    await own.goto('/mynetwork/invitation-manager/sent/');
    expect(await squeezedText(own.getByText(/^People \(\d+\)$/))).toBe('People (12)');
    await expect(own.locator('[role=listitem]').count()).resolves.toBe(10);
    await own.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => own.locator('[role=listitem]').count()).toBe(12);
    await expect(own.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    await own.context().close();
  });

  it('lists connections in both layouts, including an accepted invitation', async () => {
    await simulator.client.setRelationship(DEMO.account.id, 'john-smith-123', { pending: true });
    await simulator.client.respondToInvitations({
      accountId: DEMO.account.id,
      slug: 'john-smith-123',
      action: 'accept',
    });
    await setLayout('classic');
    await page.goto('/mynetwork/invite-connect/connections/');
    const cards = page.locator('li.mn-connection-card');
    const slugs = await cards
      .locator('a.mn-connection-card__link[href*="/in/"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(slugs).toEqual(
      expect.arrayContaining([`/in/${DEMO.firstDegreeSlug}/`, '/in/john-smith-123/']),
    );
    expect(await squeezedText(cards.first().locator('time'))).toMatch(/^Connected /);

    await setLayout('new');
    await page.goto('/mynetwork/invite-connect/connections/');
    const list = page.locator('section[componentkey="ConnectionsPage_ConnectionsList"]');
    await expect(list.locator('a[href="/in/john-smith-123/"]').count()).resolves.toBe(2);
  });

  it('shows a reactors facepile and the author’s Follow under the post, apart from the dialog', async () => {
    await setLayout('classic');
    await page.goto(DEMO.postUrl);
    const post = page.locator('div[role=article][data-urn$=":7311111111111111111"]');
    const facepile = post.locator('section.social-details-reactors-facepile a[href*="/in/"]');
    await expect(facepile.count()).resolves.toBe(3);
    const labels = await facepile.evaluateAll((links) =>
      links.map((link) => link.getAttribute('aria-label') ?? ''),
    );
    expect(labels.every((label) => /reacted with (LIKE|PRAISE|EMPATHY)$/.test(label))).toBe(true);

    const author = await page
      .locator('.update-components-actor__meta-link')
      .getAttribute('href')
      .then((href) => decodeURIComponent(href?.split('/')[2] ?? ''));
    const authorMember = await simulator.client.member(author);
    const follow = post.locator(`button[aria-label="Follow ${authorMember.fullName}"]`);
    await expect(follow.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(
      post.locator('button[data-reaction-details][aria-label="75 reactions"]').count(),
    ).resolves.toBe(1);
  });

  it('offers InMail instead of a composer for someone outside the network, and refuses the send', async () => {
    await setLayout('classic');
    await page.goto('/in/john-smith/');
    await page.locator('section[data-member-id] button[aria-label="Message John"]').click();
    const bubble = page.locator(
      'div.msg-overlay-conversation-bubble[role=dialog][aria-label="Messaging conversation with John Smith"]',
    );
    await bubble.waitFor();
    expect(await squeezedText(bubble)).toContain('Message John with InMail');
    await expect(bubble.locator('[contenteditable=true]').count()).resolves.toBe(0);

    const john = await simulator.client.member('john-smith');
    const refused = await page.evaluate(async (recipient) => {
      const token = /JSESSIONID="?([^";]+)/.exec(document.cookie)?.[1] ?? '';
      const response = await fetch('/voyager/api/messaging/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'csrf-token': token },
        body: JSON.stringify({ recipient, text: 'Hello stranger' }),
      });
      return response.status;
    }, john.profileId);
    expect(refused).toBe(403);
    const stored = await simulator.client.messages(DEMO.account.id);
    expect(stored.some((message) => message.withSlug === 'john-smith')).toBe(false);
  });

  it('shows the failure banner when a message does not go through, and nothing is stored', async () => {
    await setLayout('new');
    const before = (await simulator.client.messages(DEMO.account.id)).length;
    await simulator.client.setFaults({
      errors: [{ pathPrefix: '/voyager/api/messaging/send', status: 500, count: 1 }],
    });
    await page.goto(`/in/${DEMO.firstDegreeSlug}/`);
    await page
      .locator('section[componentkey$="Topcard"] a[href^="/messaging/compose/?"]')
      .first()
      .click();
    const bubble = page.locator('#interop-outlet div.msg-overlay-conversation-bubble[role=dialog]');
    const editor = bubble.locator('div.msg-form__contenteditable');
    await editor.fill('This one fails');
    await bubble.locator('button.msg-form__send-button').click();
    const banner = bubble.locator('.msg-form__error[role=alert]');
    await banner.waitFor();
    expect(await squeezedText(banner)).toBe('Message failed to send. Try again.');
    expect(await simulator.client.messages(DEMO.account.id)).toHaveLength(before);

    await bubble.locator('button.msg-form__send-button').click();
    await bubble.locator('.msg-s-event-listitem__body', { hasText: 'This one fails' }).waitFor();
    await expect(banner.count()).resolves.toBe(0);
    expect(await simulator.client.messages(DEMO.account.id)).toHaveLength(before + 1);
    await simulator.client.setFaults({});
  });

  it('keeps showing an ignored invitation as Pending to its sender, as LinkedIn does', async () => {
    const liAt = 'AQEDAignoredtestxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
    const account = await simulator.client.createAccount({
      email: 'ignored@example.test',
      password: 'x',
      slug: 'ignored-test-account',
      layout: 'new',
      liAt,
    });
    await simulator.client.setRelationship(account.id, 'john-smith', { pending: true });
    await simulator.client.respondToInvitations({
      accountId: account.id,
      slug: 'john-smith',
      action: 'ignore',
    });
    const own = await pageWithSession(browser, simulator.baseUrl, liAt);

    await own.goto('/in/john-smith/');
    await expect(
      own
        .locator('section[componentkey$="Topcard"] [aria-label^="Pending, click to withdraw"]')
        .count(),
    ).resolves.toBeGreaterThan(0);
    await own.goto('/mynetwork/invitation-manager/sent/');
    expect(await squeezedText(own.getByText(/^People \(\d+\)$/))).toBe('People (1)');
    await own.locator('button[data-view-name="sent-invitations-withdraw-single"]').click();
    await own.locator('dialog[open]').getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(() => own.locator('[role=listitem]').count()).toBe(0);

    const [invitation] = await simulator.client.invitations(account.id);
    expect(invitation).toMatchObject({ toSlug: 'john-smith', state: 'withdrawn' });
    expect(invitation.respondedAt).not.toBeNull();
    await own.context().close();
  });

  it('lists the newest connection first with when it was made', async () => {
    const liAt = 'AQEDAnewestconnectionxxxxxxxxxxxxxxxxxxxxxxx';
    const account = await simulator.client.createAccount({
      email: 'newest@example.test',
      password: 'x',
      slug: 'newest-connection-account',
      layout: 'classic',
      liAt,
    });
    await simulator.client.setRelationship(account.id, DEMO.unicodeSlug, { pending: true });
    await simulator.client.respondToInvitations({
      accountId: account.id,
      slug: DEMO.unicodeSlug,
      action: 'accept',
    });
    const own = await pageWithSession(browser, simulator.baseUrl, liAt);
    await own.goto('/mynetwork/invite-connect/connections/');
    const first = own.locator('li.mn-connection-card').first();
    await expect(first.locator('a.mn-connection-card__link').getAttribute('href')).resolves.toBe(
      `/in/${encodeURIComponent(DEMO.unicodeSlug)}/`,
    );
    expect(await squeezedText(first.locator('time'))).toBe('Connected 1 minute ago');
    const times = await own.locator('li.mn-connection-card time').allTextContents();
    expect(times.length).toBeGreaterThan(1);
    expect(
      times
        .slice(1)
        .every((time) => /^Connected \d+ (day|week|month|year)s? ago$/.test(time.trim())),
    ).toBe(true);
    await own.context().close();
  });
});
