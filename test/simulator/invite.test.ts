import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import type { SimLimits } from '../../src/simulator/client';
import { launchChromium, pageWithSession, squeezedText } from '../support/browser';

describe('simulator invitation dialogs', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let accountCount = 0;

  beforeAll(async () => {
    [simulator, browser] = await Promise.all([startSimulator(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.close();
  });

  async function loggedIn(
    layout: 'classic' | 'new',
    options: { premium?: boolean; limits?: Partial<SimLimits> } = {},
  ): Promise<{ page: Page; accountId: string }> {
    accountCount++;
    const liAt = `AQEDAinvitetest${accountCount}xxxxxxxxxxxxxxxxxxxxxxxxx`;
    const account = await simulator.client.createAccount({
      email: `inviter${accountCount}@example.test`,
      password: 'secret',
      slug: `inviter-${accountCount}`,
      layout,
      liAt,
      premium: options.premium,
      limits: options.limits,
    });
    const page = await pageWithSession(browser, simulator.baseUrl, liAt);
    return { page, accountId: account.id };
  }

  it('sends a classic invitation with a note from search, records the exact note and withdraws it', async () => {
    const { page, accountId } = await loggedIn('classic');
    await page.goto('/search/results/people/?keywords=john%20smith');
    const row = page.locator('div[data-chameleon-result-urn]', {
      has: page.locator('a[href^="/in/john-smith-123"]'),
    });
    await row.locator('button[aria-label="Invite John Smith to connect"]').click();

    const dialog = page.locator('div[role=dialog].artdeco-modal.send-invite');
    expect(await squeezedText(dialog.locator('h2#send-invite-modal'))).toBe(
      'Add a note to your invitation?',
    );
    expect(await squeezedText(dialog)).toContain('Personalize your invitation to John Smith');
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    const note = 'Hi John, zażółć gęślą jaźń 🚀 — let’s connect!';
    const textarea = dialog.locator('textarea#custom-message[name=message]');
    await expect(textarea.getAttribute('maxlength')).resolves.toBe('200');
    await textarea.fill(note);
    await dialog.locator('button[aria-label="Send invitation"]').click();

    await expect(
      page.locator('#artdeco-toasts').getByText('Your invitation to John Smith was sent.').count(),
    ).resolves.toBe(1);
    await expect(
      row
        .locator('button[aria-label="Pending, click to withdraw invitation sent to John Smith"]')
        .count(),
    ).resolves.toBe(1);
    const other = page.locator('div[data-chameleon-result-urn]', {
      has: page.locator('a[href^="/in/john-smith?"]'),
    });
    await expect(
      other.locator('button[aria-label="Invite John Smith to connect"]').count(),
    ).resolves.toBe(1);

    const invitations = await simulator.client.invitations(accountId);
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({
      toSlug: 'john-smith-123',
      note,
      state: 'pending',
      origin: 'ui',
    });

    await row.locator('button[aria-label^="Pending, click to withdraw"]').click();
    const confirm = page.locator('div[role=dialog]', { hasText: 'Withdraw invitation' });
    await confirm.getByRole('button', { name: 'Withdraw' }).click();
    await row.locator('button[aria-label="Invite John Smith to connect"]').waitFor();
    const withdrawals = await simulator.client.withdrawals(accountId);
    expect(withdrawals.map((withdrawal) => withdrawal.toSlug)).toEqual(['john-smith-123']);

    // A withdrawn person cannot be invited again for about three weeks.
    await row.locator('button[aria-label="Invite John Smith to connect"]').click();
    await page
      .locator('div[role=dialog]')
      .getByRole('button', { name: 'Send without a note' })
      .click();
    await page.locator('#artdeco-toasts div[data-test-artdeco-toast-item-type="error"]').waitFor();
    expect(await simulator.client.invitations(accountId)).toHaveLength(1);
    await page.context().close();
  });

  it('opens the new-layout dialog inside the interop shadow root, closes on Esc, sends without a note', async () => {
    const { page, accountId } = await loggedIn('new');
    await page.goto('/in/john-smith/');
    const topcard = page.locator('section[componentkey$="Topcard"]');
    await topcard
      .locator('a[href="/preload/custom-invite/?vanityName=john-smith"]')
      .first()
      .click();

    const dialog = page.locator('#interop-outlet div[role=dialog].send-invite');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.querySelector('.send-invite'))).toBeNull();
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    expect(await simulator.client.invitations(accountId)).toHaveLength(0);

    await topcard.locator('a[aria-label="Invite John Smith to connect"]').first().click();
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    await page.locator('#interop-outlet #artdeco-toasts').getByText('Invitation sent').waitFor();
    await expect(topcard.locator('[componentkey$="_pending"]').count()).resolves.toBeGreaterThan(0);
    const invitations = await simulator.client.invitations(accountId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', null],
    ]);

    await page.goto('/search/results/people/?keywords=john%20smith');
    const pending = page.locator(
      'button[aria-label="Pending, click to withdraw invitation sent to John Smith"]',
    );
    await pending.click();
    await dialog
      .page()
      .locator('#interop-outlet div[role=dialog]')
      .getByRole('button', { name: 'Withdraw' })
      .click();
    await expect
      .poll(() =>
        page.locator('a[href="/preload/search-custom-invite/?vanityName=john-smith"]').count(),
      )
      .toBe(1);
    await expect(pending.count()).resolves.toBe(0);
    await page.context().close();
  });

  it('shows the dialog when navigating to a preload invite URL and from the More menu', async () => {
    const { page, accountId } = await loggedIn('new', { premium: true });
    await page.goto(`/preload/search-custom-invite/?vanityName=${DEMO.moreOnlySlug}`);
    const dialog = page.locator('#interop-outlet div[role=dialog].send-invite');
    await dialog.waitFor();
    await page.keyboard.press('Escape');

    await page.goto(`/in/${DEMO.moreOnlySlug}/`);
    await expect(
      page.locator('[aria-label="Invite David Hughes to connect"]').count(),
    ).resolves.toBe(0);
    await page.locator('section[componentkey$="Topcard"] button[aria-label="More"]').click();
    await page.locator('div[role=menu] a[role=menuitem]', { hasText: 'Connect' }).click();
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    await expect(dialog.locator('textarea#custom-message').getAttribute('maxlength')).resolves.toBe(
      '300',
    );
    await dialog.locator('textarea#custom-message').fill('Premium note');
    await dialog.locator('button[aria-label="Send invitation"]').click();
    await page.locator('#interop-outlet #artdeco-toasts').getByText('Invitation sent').waitFor();
    const invitations = await simulator.client.invitations(accountId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      [DEMO.moreOnlySlug, 'Premium note'],
    ]);
    await page.context().close();
  });

  it('offers Premium instead of a note once the free notes are used, and still sends without one', async () => {
    const { page, accountId } = await loggedIn('classic', { limits: { freeNotesPerMonth: 1 } });
    const dialog = page.locator('div[role=dialog].send-invite');

    await page.goto('/in/john-smith/');
    await page
      .locator('section[data-member-id] button[aria-label="Invite John Smith to connect"]')
      .click();
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    await dialog.locator('textarea#custom-message').fill('First note');
    await dialog.locator('button[aria-label="Send invitation"]').click();
    await page.locator('#artdeco-toasts').getByText('was sent').waitFor();

    await page.goto('/in/john-smith-123/');
    await page
      .locator('section[data-member-id] button[aria-label="Invite John Smith to connect"]')
      .click();
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    expect(await squeezedText(dialog)).toContain('No free personalized invitations left');
    await expect(dialog.locator('textarea').count()).resolves.toBe(0);
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    await page.locator('#artdeco-toasts').getByText('was sent').first().waitFor();

    const invitations = await simulator.client.invitations(accountId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', 'First note'],
      ['john-smith-123', null],
    ]);
    await page.context().close();
  });

  it('warns close to the weekly limit, then shows the limit dialog and records nothing more', async () => {
    const { page, accountId } = await loggedIn('classic', {
      limits: { weeklyInvitationLimit: 1, closeToLimitThreshold: 1 },
    });
    const dialog = page.locator('div[role=dialog]');

    await page.goto('/in/john-smith/');
    await page.locator('section[data-member-id] button[aria-label^="Invite "]').click();
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    await page.locator('#artdeco-toasts').getByText('was sent').waitFor();

    await page.goto('/in/john-smith-123/');
    await page.locator('section[data-member-id] button[aria-label^="Invite "]').click();
    expect(await squeezedText(dialog)).toContain("You're close to the weekly invitation limit");
    await dialog.getByRole('button', { name: 'Got it' }).click();
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    const header = page.locator('h2#ip-fuse-limit-alert__header');
    await header.waitFor();
    expect(await squeezedText(header)).toBe('You’ve reached the weekly invitation limit');
    await dialog.getByRole('button', { name: 'Got it' }).click();
    await expect(dialog.count()).resolves.toBe(0);
    await expect(
      page.locator('section[data-member-id] button[aria-label^="Pending"]').count(),
    ).resolves.toBe(0);

    const invitations = await simulator.client.invitations(accountId);
    expect(invitations.map((invitation) => invitation.toSlug)).toEqual(['john-smith']);
    await page.context().close();
  });

  it('asks for the email of an email-required member and sends nothing without it', async () => {
    const { page, accountId } = await loggedIn('classic');
    await page.goto(`/in/${DEMO.emailRequiredSlug}/`);
    await page.locator('section[data-member-id] button[aria-label^="Invite "]').click();
    const dialog = page.locator('div[role=dialog].send-invite');
    expect(await squeezedText(dialog)).toContain(
      'To verify this member knows you, please enter their email to connect.',
    );
    await dialog.locator('button[aria-label="Send invitation"]').click();
    await page.waitForTimeout(300);
    await expect(dialog.count()).resolves.toBe(1);
    expect(await simulator.client.invitations(accountId)).toHaveLength(0);

    await dialog.locator('input[type=email]').fill('sarah@example.test');
    await dialog.locator('button[aria-label="Send invitation"]').click();
    await page.locator('#artdeco-toasts').getByText('was sent').waitFor();
    const invitations = await simulator.client.invitations(accountId);
    expect(invitations[0]).toMatchObject({
      toSlug: DEMO.emailRequiredSlug,
      email: 'sarah@example.test',
      note: null,
    });
    await page.context().close();
  });

  it('shows an error toast when LinkedIn refuses the invitation', async () => {
    const { page, accountId } = await loggedIn('classic');
    await simulator.client.failNextInvitations(accountId, 1);
    await page.goto('/in/john-smith/');
    await page.locator('section[data-member-id] button[aria-label^="Invite "]').click();
    await page
      .locator('div[role=dialog]')
      .getByRole('button', { name: 'Send without a note' })
      .click();
    const toast = page.locator('#artdeco-toasts div[data-test-artdeco-toast-item-type="error"]');
    await toast.waitFor();
    expect(await squeezedText(toast)).toContain('Invitation not sent. Try again later.');
    expect(await simulator.client.invitations(accountId)).toHaveLength(0);
    await page.context().close();
  });

  it('invites from a new-layout search row through the shadow-root dialog, with a 200-character note', async () => {
    const { page, accountId } = await loggedIn('new');
    await page.goto('/search/results/people/?keywords=john%20smith');
    const card = page.locator('div[role=listitem]', {
      has: page.locator('p > a[href="/in/john-smith-123/"]'),
    });
    await card
      .locator('a[href="/preload/search-custom-invite/?vanityName=john-smith-123"]')
      .click();

    const dialog = page.locator('#interop-outlet div[role=dialog].send-invite');
    expect(await squeezedText(dialog.locator('h2#send-invite-modal'))).toBe(
      'Add a note to your invitation?',
    );
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    const textarea = dialog.locator('textarea#custom-message');
    await expect(textarea.getAttribute('maxlength')).resolves.toBe('200');
    await textarea.click();
    await page.keyboard.type('x'.repeat(210));
    await expect(textarea.inputValue()).resolves.toHaveLength(200);
    const sentBefore = Date.now();
    await dialog.locator('button[aria-label="Send invitation"]').click();

    await page.locator('#interop-outlet #artdeco-toasts').getByText('Invitation sent').waitFor();
    await expect(
      card
        .locator('[aria-label="Pending, click to withdraw invitation sent to John Smith"]')
        .count(),
    ).resolves.toBe(1);
    const [invitation] = await simulator.client.invitations(accountId);
    expect(invitation).toMatchObject({ toSlug: 'john-smith-123', note: 'x'.repeat(200) });
    expect(Date.parse(invitation.sentAt)).toBeGreaterThanOrEqual(sentBefore - 1000);
    await page.context().close();
  });

  it('shows the upsell, the limit warning and the limit dialog inside the shadow root in the new layout', async () => {
    const { page, accountId } = await loggedIn('new', {
      limits: { freeNotesPerMonth: 0, weeklyInvitationLimit: 1, closeToLimitThreshold: 1 },
    });
    const dialog = page.locator('#interop-outlet div[role=dialog]');

    await page.goto('/in/john-smith/');
    await page.locator('section[componentkey$="Topcard"] a[aria-label^="Invite "]').first().click();
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    expect(await squeezedText(dialog)).toContain('No free personalized invitations left');
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    await page.locator('#interop-outlet #artdeco-toasts').getByText('Invitation sent').waitFor();

    await page.goto('/in/john-smith-123/');
    await page.locator('section[componentkey$="Topcard"] a[aria-label^="Invite "]').first().click();
    expect(await squeezedText(dialog)).toContain("You're close to the weekly invitation limit");
    await dialog.getByRole('button', { name: 'Got it' }).click();
    await dialog.getByRole('button', { name: 'Send without a note' }).click();
    const header = page.locator('#interop-outlet h2#ip-fuse-limit-alert__header');
    await header.waitFor();
    expect(await squeezedText(header)).toBe('You’ve reached the weekly invitation limit');
    expect(await page.evaluate(() => document.querySelector('#ip-fuse-limit-alert__header'))).toBe(
      null,
    );

    const invitations = await simulator.client.invitations(accountId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', null],
    ]);
    await page.context().close();
  });

  it('asks for the email in the new layout too, and sends the note with it', async () => {
    const { page, accountId } = await loggedIn('new');
    await page.goto(`/in/${DEMO.emailRequiredSlug}/`);
    await page.locator('section[componentkey$="Topcard"] a[aria-label^="Invite "]').first().click();
    const dialog = page.locator('#interop-outlet div[role=dialog].send-invite');
    expect(await squeezedText(dialog)).toContain('please enter their email to connect');
    await dialog.locator('input[type=email]').fill('sarah@example.test');
    await dialog.locator('textarea#custom-message').fill('We met at the summit');
    await dialog.locator('button[aria-label="Send invitation"]').click();
    await page.locator('#interop-outlet #artdeco-toasts').getByText('Invitation sent').waitFor();
    const [invitation] = await simulator.client.invitations(accountId);
    expect(invitation).toMatchObject({
      toSlug: DEMO.emailRequiredSlug,
      email: 'sarah@example.test',
      note: 'We met at the summit',
    });
    await page.context().close();
  });
});
