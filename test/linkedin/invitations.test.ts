import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountRow } from '../../src/accounts/accounts.service';
import {
  EmailRequiredError,
  FollowOnlyError,
  IdentityMismatchError,
  InvitationFailedError,
  NoConnectInRowError,
  NoteQuotaError,
  OwnProfileError,
  UnexpectedPageError,
  WeeklyLimitError,
} from '../../src/linkedin/errors';
import { NoteTooLongError } from '../../src/linkedin/pages/invite-dialog';
import { DEMO } from '../../src/simulator';
import type { SimLimits } from '../../src/simulator/client';
import { startLinkedInHarness, type LinkedInHarness } from '../support/linkedin';

const NOTE = 'Hi John, zażółć gęślą jaźń 🚀 — let’s connect!\nBest, Ina';

describe.each(['classic', 'new'] as const)('sending invitations (%s layout)', (layout) => {
  let harness: LinkedInHarness;
  let inviters = 0;

  beforeAll(async () => {
    harness = await startLinkedInHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  // A simulator member of its own per test, so that counts and limits start from zero.
  async function inviter(
    options: { premium?: boolean; limits?: Partial<SimLimits> } = {},
  ): Promise<{ simId: string; slug: string; account: AccountRow }> {
    inviters++;
    const slug = `ina-viter-${layout}-${inviters}`;
    const liAt = `AQEDAinreachInvitationTest${layout}${inviters}`.padEnd(64, 'x');
    const simAccount = await harness.simulator.client.createAccount({
      email: `${slug}@example.test`,
      password: 'secret-password',
      firstName: 'Ina',
      lastName: 'Viter',
      slug,
      layout,
      liAt,
      premium: options.premium,
      limits: options.limits,
    });
    const account = await harness.createAccount({ liAt, isPremium: options.premium ?? false });
    return { simId: simAccount.id, slug, account };
  }

  it('sends from the profile card without a note and counts it once Pending shows', async () => {
    const { simId, account } = await inviter();

    const outcome = await harness.withSession(account, (session) =>
      session.profiles.sendInvitation('john-smith', null),
    );

    expect(outcome).toBe('sent');
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations).toEqual([
      expect.objectContaining({ toSlug: 'john-smith', note: null, state: 'pending', origin: 'ui' }),
    ]);
  });

  it('sends from the profile card with a note typed as written', async () => {
    const { simId, account } = await inviter();

    await harness.withSession(account, (session) =>
      session.profiles.sendInvitation('john-smith-123', NOTE),
    );

    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith-123', NOTE],
    ]);
  });

  it('finds Connect under More, and behind Follow on a follow-first profile', async () => {
    const { simId, account } = await inviter();

    const outcomes = await harness.withSession(account, async (session) => [
      await session.profiles.sendInvitation(DEMO.moreOnlySlug, 'Hello David'),
      await session.profiles.sendInvitation(DEMO.followFirstSlug, null),
    ]);

    expect(outcomes).toEqual(['sent', 'sent']);
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      [DEMO.moreOnlySlug, 'Hello David'],
      [DEMO.followFirstSlug, null],
    ]);
  });

  it('sends from a search row, to the row whose slug is exactly the lead’s', async () => {
    const { simId, account } = await inviter();

    const outcome = await harness.withSession(account, async (session) => {
      await session.search.readPage('/search/results/people/?keywords=john%20smith', 1);
      return session.search.sendInvitation('john-smith', NOTE);
    });

    expect(outcome).toBe('sent');
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', NOTE],
    ]);
  });

  it('finds no row for a slug that is only a prefix of the people shown, and sends nothing', async () => {
    const { simId, account } = await inviter();

    const failure = await harness
      .withSession(account, async (session) => {
        await session.search.readPage('/search/results/people/?keywords=john%20smith', 1);
        return session.search.sendInvitation('john-smit', null);
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnexpectedPageError);
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('refuses to write on a profile page that shows someone else', async () => {
    const { account } = await inviter();

    const failure = await harness
      .withSession(account, async (session) => {
        await session.profiles.open('john-smith-123');
        return session.profiles.assertShowing('john-smith');
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(IdentityMismatchError);
    expect((failure as IdentityMismatchError).details).toMatchObject({
      expected: 'john-smith',
      actual: 'john-smith-123',
    });
  });

  it('leaves a search row without Connect to the profile visit', async () => {
    const { simId, account } = await inviter();

    const failure = await harness
      .withSession(account, async (session) => {
        await session.search.readPage(
          `/search/results/people/?keywords=${encodeURIComponent('Olivia Bennett')}`,
          1,
        );
        return session.search.sendInvitation(DEMO.followFirstSlug, null);
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NoConnectInRowError);
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('invites the renamed profile under its new slug and the Polish slug decoded', async () => {
    const { simId, account } = await inviter();

    await harness.withSession(account, async (session) => {
      await session.profiles.sendInvitation(DEMO.renamedSlug.old, null);
      await session.profiles.sendInvitation(DEMO.unicodeSlug, null);
    });

    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => invitation.toSlug)).toEqual([
      DEMO.renamedSlug.current,
      DEMO.unicodeSlug,
    ]);
  });

  it('invites a person known only by member id (as the reactions list links them)', async () => {
    const { simId, account } = await inviter();
    const { profileId } = await harness.simulator.client.member('john-smith');

    const outcome = await harness.withSession(account, (session) =>
      session.profiles.sendInvitation(profileId, null),
    );

    expect(outcome).toBe('sent');
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => invitation.toSlug)).toEqual(['john-smith']);
  });

  it('spends nothing on people already pending or connected, nor on itself', async () => {
    const { simId, slug, account } = await inviter();
    await harness.simulator.client.setRelationship(simId, 'john-smith', { pending: true });

    const outcomes = await harness.withSession(account, async (session) => [
      await session.profiles.sendInvitation('john-smith', null),
      await session.profiles.sendInvitation(DEMO.firstDegreeSlug, null),
      await session.profiles.sendInvitation(slug, null).catch((error: unknown) => error),
    ]);

    expect(outcomes.slice(0, 2)).toEqual(['already_pending', 'already_connected']);
    expect(outcomes[2]).toBeInstanceOf(OwnProfileError);
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.filter((invitation) => invitation.origin === 'ui')).toEqual([]);
  });

  it('reports a profile that wants the e-mail address and sends nothing', async () => {
    const { simId, account } = await inviter();

    const failure = await harness
      .withSession(account, (session) =>
        session.profiles.sendInvitation(DEMO.emailRequiredSlug, null),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(EmailRequiredError);
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('reports a follow-only profile (no Connect even under More) and sends nothing', async () => {
    const { simId, account } = await inviter();
    await harness.simulator.client.setRelationship(simId, 'john-smith', {
      connectVia: 'follow-only',
    });

    const failure = await harness
      .withSession(account, (session) => session.profiles.sendInvitation('john-smith', null))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FollowOnlyError);
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('stops at the weekly limit LinkedIn shows', async () => {
    const { simId, account } = await inviter({ limits: { weeklyInvitationLimit: 1 } });

    const second = await harness.withSession(account, async (session) => {
      await session.profiles.sendInvitation('john-smith', null);
      return session.profiles
        .sendInvitation('john-smith-123', null)
        .catch((error: unknown) => error);
    });

    expect(second).toBeInstanceOf(WeeklyLimitError);
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => invitation.toSlug)).toEqual(['john-smith']);
  });

  it('acknowledges the close-to-limit warning and sends', async () => {
    const { simId, account } = await inviter({
      limits: { weeklyInvitationLimit: 10, closeToLimitThreshold: 1 },
    });

    const outcomes = await harness.withSession(account, async (session) => [
      await session.profiles.sendInvitation('john-smith', null),
      await session.profiles.sendInvitation('john-smith-123', 'Hello John'),
    ]);

    expect(outcomes).toEqual(['sent', 'sent']);
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', null],
      ['john-smith-123', 'Hello John'],
    ]);
  });

  it('reports the note-quota upsell; without a note the invitation still goes', async () => {
    const { simId, account } = await inviter({ limits: { freeNotesPerMonth: 1 } });

    const results = await harness.withSession(account, async (session) => [
      await session.profiles.sendInvitation('john-smith', 'First note'),
      await session.profiles
        .sendInvitation('john-smith-123', 'Second note')
        .catch((error: unknown) => error),
      await session.profiles.sendInvitation('john-smith-123', null),
    ]);

    expect(results[0]).toBe('sent');
    expect(results[1]).toBeInstanceOf(NoteQuotaError);
    expect(results[2]).toBe('sent');
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.note])).toEqual([
      ['john-smith', 'First note'],
      ['john-smith-123', null],
    ]);
  });

  it('refuses a note longer than the dialog allows, before typing it', async () => {
    const { simId, account } = await inviter();

    const failure = await harness
      .withSession(account, (session) =>
        session.profiles.sendInvitation('john-smith', 'x'.repeat(201)),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NoteTooLongError);
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('reads a failure toast as a failed invitation, not a sent one', async () => {
    const { simId, account } = await inviter();
    await harness.simulator.client.failNextInvitations(simId, 1);

    const failure = await harness
      .withSession(account, (session) => session.profiles.sendInvitation('john-smith', null))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InvitationFailedError);
    expect((failure as InvitationFailedError).code).toBe('invitation_failed');
    expect(await harness.simulator.client.invitations(simId)).toEqual([]);
  });

  it('withdraws a sent invitation from My Network, then meets the re-invite cooldown', async () => {
    const { simId, account } = await inviter();

    const [read, withdrawn, again] = await harness.withSession(account, async (session) => {
      await session.profiles.sendInvitation('john-smith', null);
      const listed = await session.sentInvitations.read();
      const done = await session.sentInvitations.withdraw('john-smith');
      const reinvite = await session.profiles
        .sendInvitation('john-smith', null)
        .catch((error: unknown) => error);
      return [listed, done, reinvite] as const;
    });

    expect(read.map((invitation) => invitation.slug)).toContain('john-smith');
    expect(withdrawn).toBe(true);
    const withdrawals = await harness.simulator.client.withdrawals(simId);
    expect(withdrawals.map((withdrawal) => withdrawal.toSlug)).toEqual(['john-smith']);
    expect(again).toBeInstanceOf(InvitationFailedError);
    expect((again as InvitationFailedError).code).toBe('withdraw_cooldown');
    const invitations = await harness.simulator.client.invitations(simId);
    expect(invitations.map((invitation) => invitation.state)).toEqual(['withdrawn']);
  });

  it('says there is nothing to withdraw for someone never invited', async () => {
    const { simId, account } = await inviter();

    const withdrawn = await harness.withSession(account, (session) =>
      session.sentInvitations.withdraw('john-smith-123'),
    );

    expect(withdrawn).toBe(false);
    expect(await harness.simulator.client.withdrawals(simId)).toEqual([]);
  });
});
