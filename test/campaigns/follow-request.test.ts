import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activities } from '../../src/database/schema';
import { eventually } from '../support/linkedin';
import {
  campaignActivities,
  freshWorld,
  openFeed,
  people,
  runCampaign,
  sentInvitations,
  startOutreach,
  WORLD_ACCOUNT,
  type Feed,
  type FinishedJob,
  type Outreach,
  type PendingJobBody,
  type UsageBody,
  waitForJob,
} from '../support/outreach';

const LINKEDIN = 'https://www.linkedin.com';
const NOTE = 'Hi {{firstName}}, glad to connect!';

describe.each(['classic', 'new'] as const)('follow-request runs in the %s layout', (layout) => {
  let outreach: Outreach;
  let feed: Feed;

  beforeAll(async () => {
    outreach = await startOutreach('postgres');
    feed = await openFeed(outreach);
  });

  afterAll(async () => {
    feed?.close();
    await outreach?.stop();
  });

  async function createCampaign(accountId: string, body: Record<string, unknown>) {
    const created = await outreach.api.post<{ id: string }>('/api/campaigns', {
      name: `campaign ${Math.random()}`,
      accountId,
      noteTemplate: NOTE,
      status: 'active',
      ...body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  it('invites the first people of a search, each with a note rendered for them', async () => {
    const members = people('founder', 14, 'Founder');
    const { accountId } = await freshWorld(outreach, { layout, members });
    await outreach.simulator.client.setRelationship(WORLD_ACCOUNT.id, 'founder-2', {
      degree: '1st',
    });
    await outreach.simulator.client.setRelationship(WORLD_ACCOUNT.id, 'founder-3', {
      pending: true,
    });
    const campaignId = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=founder` },
    });

    const job = await runCampaign(outreach, campaignId, 5);

    expect(job.state).toBe('completed');
    const invitations = await sentInvitations(outreach);
    expect(invitations).toHaveLength(5);
    const slugs = invitations.map((invitation) => invitation.toSlug);
    expect(new Set(slugs).size).toBe(5);
    expect(slugs).not.toContain('founder-2');
    expect(slugs).not.toContain('founder-3');
    for (const invitation of invitations) {
      const member = members.find((candidate) => candidate.slug === invitation.toSlug)!;
      expect(invitation.note).toBe(`Hi ${member.firstName}, glad to connect!`);
    }
    expect(job.result).toMatchObject({ outcome: 'done', invited: 5, withNote: 5 });
    expect(job.result.skipped).toEqual({ already_connected: 1, already_pending: 1 });

    const usage = await outreach.api.get<UsageBody>(`/api/accounts/${accountId}/usage`);
    expect(usage.body.connections.today.used).toBe(5);
    const campaign = await outreach.api.get<{
      status: string;
      progress: { leads: number; skipped: unknown };
    }>(`/api/campaigns/${campaignId}`);
    const skippedByReason = { already_connected: 1, already_pending: 1 };
    expect(campaign.body.progress).toMatchObject({
      invited: 5,
      failed: 0,
      skipped: { total: 2, byReason: skippedByReason },
    });
    // The first run found every lead the campaign has; it worked the invited and the skipped.
    expect(job.result).toMatchObject({ leadsFound: campaign.body.progress.leads, leadsWorked: 7 });

    // The skips the search showed are activities too, on the feed as in the list.
    const skipped = await campaignActivities(outreach, campaignId, '&status=skipped');
    expect(skipped.items.map((item) => item.error).sort()).toEqual(Object.keys(skippedByReason));
    await feed.untilJobEnds(job.id);
    expect(feedInvitations(campaignId)).toEqual(await listedInvitations(campaignId));
    expect(lastProgress(job.id)).toMatchObject({
      invited: 5,
      skipped: { total: 2, byReason: skippedByReason },
    });
    const recorded = await outreach.api.get<{ items: { text: string | null }[] }>(
      `/api/activities?campaignId=${campaignId}&action=invitation&status=succeeded`,
    );
    expect(recorded.body.items.map((item) => item.text).sort()).toEqual(
      invitations.map((invitation) => invitation.note).sort(),
    );
  });

  it('resumes the search where the last run stopped', async () => {
    const members = people('growth', 14, 'Growth lead');
    const { accountId } = await freshWorld(outreach, { layout, members });
    const campaignId = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=growth` },
    });

    await runCampaign(outreach, campaignId, 8);
    const second = await runCampaign(outreach, campaignId, 8);

    const invitations = await sentInvitations(outreach);
    expect(invitations).toHaveLength(14);
    expect(new Set(invitations.map((invitation) => invitation.toSlug)).size).toBe(14);
    expect(second.result).toMatchObject({ invited: 6, sourceExhausted: true });
    const campaign = await outreach.api.get<{ status: string; sourceExhausted: boolean }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(campaign.body).toMatchObject({ status: 'completed', sourceExhausted: true });
  });

  it.runIf(layout === 'classic')(
    'stops before its next lead when the user pauses the campaign, and parks nothing',
    async () => {
      const members = people('paused', 16, 'Designer');
      const { accountId } = await freshWorld(outreach, { layout, members });
      const campaignId = await createCampaign(accountId, {
        source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=designer` },
      });

      const queued = await outreach.api.post<{ id: string }>('/api/jobs/follow-request', {
        campaignId,
        importLimit: 12,
      });
      await expect
        .poll(async () => (await sentInvitations(outreach)).length, {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);
      const paused = await outreach.api.patch(`/api/campaigns/${campaignId}`, {
        status: 'paused',
      });
      expect(paused.status).toBe(200);
      const job = await waitForJob(outreach, queued.body.id);

      const invitations = await sentInvitations(outreach);
      expect(invitations.length).toBeLessThan(16);
      expect(job.result).toMatchObject({
        outcome: 'stopped',
        reason: 'the campaign was set paused during the run',
        invited: invitations.length,
        parked: null,
      });
      const pending = await outreach.api.get<{ total: number }>('/api/pending-jobs');
      expect(pending.body.total).toBe(0);
    },
  );

  it('invites the reactors, the commenters and the attendees of their sources', async () => {
    const members = people('crowd', 12, 'Engineer');
    const { accountId } = await freshWorld(outreach, {
      layout,
      members: [...members, { slug: 'post-author', firstName: 'Paula', lastName: 'Author' }],
    });
    const { client } = outreach.simulator;
    const post = await client.createPost({
      authorSlug: 'post-author',
      reactions: ['crowd-1', 'crowd-2', 'crowd-3'].map((slug) => ({ slug, type: 'LIKE' })),
      comments: [
        {
          authorSlug: 'crowd-4',
          text: 'Great post',
          replies: [{ authorSlug: 'post-author', text: 'Thanks!' }],
        },
        { authorSlug: 'post-author', text: 'A note from me' },
        { companySlug: 'acme-corp', text: 'Congratulations from Acme' },
        {
          authorSlug: 'crowd-5',
          text: 'Agreed',
          replies: [{ authorSlug: 'crowd-6', text: 'Me too' }],
        },
      ],
    });
    const event = await client.createEvent({
      title: 'Engineering summit',
      organizerSlug: 'post-author',
      attendeeSlugs: ['crowd-7', 'crowd-8', 'crowd-9'],
    });

    const reactions = await createCampaign(accountId, {
      source: { type: 'reactions', url: `${LINKEDIN}${new URL(post.url, LINKEDIN).pathname}` },
    });
    const comments = await createCampaign(accountId, {
      source: { type: 'comments', url: `${LINKEDIN}${new URL(post.url, LINKEDIN).pathname}` },
    });
    const attendees = await createCampaign(accountId, {
      source: { type: 'event', url: `${LINKEDIN}${new URL(event.url, LINKEDIN).pathname}` },
    });

    await runCampaign(outreach, reactions, 10);
    expect(await invitedSlugs()).toEqual(['crowd-1', 'crowd-2', 'crowd-3']);
    await runCampaign(outreach, comments, 10);
    expect(await invitedSlugs()).toEqual([
      'crowd-1',
      'crowd-2',
      'crowd-3',
      'crowd-4',
      'crowd-5',
      'crowd-6',
    ]);
    await runCampaign(outreach, attendees, 10);
    expect(await invitedSlugs()).toEqual([
      'crowd-1',
      'crowd-2',
      'crowd-3',
      'crowd-4',
      'crowd-5',
      'crowd-6',
      'crowd-7',
      'crowd-8',
      'crowd-9',
    ]);
  });

  it('skips without spending quota who is connected, pending, email-only or the account itself', async () => {
    const members = [
      { slug: 'john-smith', firstName: 'John', lastName: 'Smith' },
      { slug: 'john-smith-123', firstName: 'Johnny', lastName: 'Smith' },
      { slug: 'emily-first', firstName: 'Emily', lastName: 'First' },
      { slug: 'peter-pending', firstName: 'Peter', lastName: 'Pending' },
      { slug: 'erin-email', firstName: 'Erin', lastName: 'Email', emailRequired: true },
      { slug: 'mona-more', firstName: 'Mona', lastName: 'More', connectVia: 'more' as const },
      {
        slug: 'fiona-follow',
        firstName: 'Fiona',
        lastName: 'Follow',
        connectVia: 'follow-first' as const,
      },
      { slug: 'zofia-średni-123', firstName: 'Zofia', lastName: 'Średni' },
    ];
    const { accountId } = await freshWorld(outreach, { layout, members });
    const { client } = outreach.simulator;
    await client.setRelationship(WORLD_ACCOUNT.id, 'emily-first', { degree: '1st' });
    await client.setRelationship(WORLD_ACCOUNT.id, 'peter-pending', { pending: true });
    const campaignId = await createCampaign(accountId, { source: { type: 'csv' } });
    const rows = [
      ...members.map(
        (member) => `${member.firstName},${LINKEDIN}/in/${encodeURIComponent(member.slug)}`,
      ),
      `Casey,${LINKEDIN}/in/${WORLD_ACCOUNT.slug}`,
      `,${LINKEDIN}/in/nameless-person`,
    ];
    const imported = await outreach.api.upload(
      `/api/campaigns/${campaignId}/leads/import`,
      ['First Name,LinkedIn URL', ...rows].join('\n'),
    );
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);

    const job = await runCampaign(outreach, campaignId, 20);

    expect(await invitedSlugs()).toEqual([
      'fiona-follow',
      'john-smith',
      'john-smith-123',
      'mona-more',
      'zofia-średni-123',
    ]);
    const invitations = await sentInvitations(outreach);
    expect(invitations.find((one) => one.toSlug === 'john-smith')?.note).toBe(
      'Hi John, glad to connect!',
    );
    expect(invitations.find((one) => one.toSlug === 'john-smith-123')?.note).toBe(
      'Hi Johnny, glad to connect!',
    );
    const skippedByReason = {
      already_connected: 1,
      already_pending: 1,
      email_required: 1,
      own_profile: 1,
      empty_variable: 1,
    };
    expect(job.result.skipped).toEqual(skippedByReason);
    const usage = await outreach.api.get<UsageBody>(`/api/accounts/${accountId}/usage`);
    expect(usage.body.connections.today.used).toBe(5);

    // Every skip is on record, with its reason, whether or not the profile was visited.
    const skipped = await campaignActivities(outreach, campaignId, '&status=skipped');
    expect(skipped.items.map((item) => item.error).sort()).toEqual(
      Object.keys(skippedByReason).sort(),
    );
    await feed.untilJobEnds(job.id);
    expect(feedInvitations(campaignId)).toEqual(await listedInvitations(campaignId));

    // A list's run found no leads (the upload did) and worked all ten: the list is read out.
    expect(job.result).toMatchObject({ leadsFound: 0, leadsWorked: 10, sourceExhausted: true });
    const campaign = await outreach.api.get<{ sourceExhausted: boolean; progress: unknown }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(campaign.body).toMatchObject({
      status: 'completed',
      sourceExhausted: true,
      progress: { leads: 10, skipped: { total: 5, byReason: skippedByReason } },
    });

    // A later upload gives the list people to work again: the campaign is active again.
    await outreach.api.upload(
      `/api/campaigns/${campaignId}/leads/import`,
      `First Name,Profile URL\nLate,${LINKEDIN}/in/late-arrival/`,
    );
    const reopened = await outreach.api.get<{ sourceExhausted: boolean }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(reopened.body).toMatchObject({ status: 'active', sourceExhausted: false });
  });

  it('counts interrupted attempts that LinkedIn shows pending, and sends them no second time', async () => {
    const members = people('retry', 3, 'Analyst');
    const { accountId } = await freshWorld(outreach, { layout, members });
    const campaignId = await createCampaign(accountId, { source: { type: 'csv' } });
    const rows = members.map((member) => `${member.firstName},${LINKEDIN}/in/${member.slug}/`);
    await outreach.api.upload(
      `/api/campaigns/${campaignId}/leads/import`,
      ['First Name,Profile URL', ...rows].join('\n'),
    );
    const leads = await outreach.api.get<{ items: { lead: { id: string; profileUrl: string } }[] }>(
      `/api/campaigns/${campaignId}/leads`,
    );
    const first = leads.body.items.find((item) => item.lead.profileUrl.includes('/retry-1/'))!;
    // A run died after its click: the row says attempting, and LinkedIn shows the invitation.
    await outreach.app.database.connection.db.insert(activities).values({
      userId: outreach.user.id,
      accountId,
      leadId: first.lead.id,
      campaignId,
      action: 'invitation',
      status: 'attempting',
      withNote: true,
      text: 'Hi Ana1, glad to connect!',
    });
    await outreach.simulator.client.setRelationship(WORLD_ACCOUNT.id, 'retry-1', { pending: true });
    // Another died after its bookkeeping's first half: the row says succeeded, the lead new.
    const second = leads.body.items.find((item) => item.lead.profileUrl.includes('/retry-2/'))!;
    await outreach.app.database.connection.db.insert(activities).values({
      userId: outreach.user.id,
      accountId,
      leadId: second.lead.id,
      campaignId,
      action: 'invitation',
      status: 'succeeded',
      withNote: true,
      text: 'Hi Bilal2, glad to connect!',
      completedAt: new Date(),
    });
    await outreach.simulator.client.setRelationship(WORLD_ACCOUNT.id, 'retry-2', { pending: true });

    const job = await runCampaign(outreach, campaignId, 5);

    expect(job.result).toMatchObject({ invited: 2, skipped: { already_invited: 1 } });
    expect(await invitedSlugs()).toEqual(['retry-3']);
    const campaign = await outreach.api.get<{ progress: { invited: number } }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(campaign.body.progress.invited).toBe(3);
    const recorded = await outreach.api.get<{ items: { status: string; text: string }[] }>(
      `/api/activities?leadId=${first.lead.id}&action=invitation`,
    );
    expect(recorded.body.items).toMatchObject([
      { status: 'succeeded', text: 'Hi Ana1, glad to connect!' },
    ]);
    const usage = await outreach.api.get<UsageBody>(`/api/accounts/${accountId}/usage`);
    expect(usage.body.connections.today.used).toBe(3);
  });

  it('parks the rest as a pending job when LinkedIn shows the weekly limit', async () => {
    const { accountId } = await freshWorld(outreach, {
      layout,
      members: people('limit', 8, 'CTO'),
    });
    await outreach.simulator.client.setLimits(WORLD_ACCOUNT.id, {
      weeklyInvitationLimit: 3,
      closeToLimitThreshold: 2,
    });
    const campaignId = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=CTO` },
    });

    const job = await runCampaign(outreach, campaignId, 6);

    expect(await sentInvitations(outreach)).toHaveLength(3);
    expect(job.result).toMatchObject({ outcome: 'parked', invited: 3 });
    const pending = await outreach.api.get<{ items: PendingJobBody[] }>('/api/pending-jobs');
    const parked = pending.body.items.find((item) => item.campaignId === campaignId);
    expect(parked).toMatchObject({ jobType: 'follow-request', count: 3, status: 'waiting' });
    expect(new Date(parked!.runAfter).getTime()).toBeGreaterThan(Date.now());
    const usage = await outreach.api.get<UsageBody>(`/api/accounts/${accountId}/usage`);
    expect(usage.body.connections.exhaustedUntil).not.toBeNull();
  });

  it('sends without a note once LinkedIn says the free notes are used up', async () => {
    const { accountId } = await freshWorld(outreach, {
      layout,
      members: people('note', 5, 'Designer'),
    });
    await outreach.simulator.client.setLimits(WORLD_ACCOUNT.id, { freeNotesPerMonth: 2 });
    const campaignId = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Designer` },
    });

    const job = await runCampaign(outreach, campaignId, 5);

    const invitations = await sentInvitations(outreach);
    expect(invitations).toHaveLength(5);
    expect(invitations.filter((invitation) => invitation.note !== null)).toHaveLength(2);
    expect(job.result).toMatchObject({ invited: 5, withNote: 2, withoutNote: 3 });
    expect(job.result.notesRanOut?.reason).toMatch(/personalized/i);
    await feed.untilJobEnds(job.id);
    expect(notesExhausted(accountId)).toHaveLength(1);
  });

  it('sends without a note once the account’s own notes quota is used, and says so once', async () => {
    const members = people('quota', 8, 'Writer');
    const { accountId } = await freshWorld(outreach, {
      layout,
      members,
      limits: { notes: { daily: 2, weekly: 2 } },
    });
    const campaignId = await createCampaign(accountId, { source: { type: 'csv' } });
    const rows = members.map((member) => `${member.firstName},${LINKEDIN}/in/${member.slug}/`);
    await outreach.api.upload(
      `/api/campaigns/${campaignId}/leads/import`,
      ['First Name,Profile URL', ...rows].join('\n'),
    );

    // A new account warms up: the notes it may send now are what the usage says is left.
    const usage = await outreach.api.get<UsageBody>(`/api/accounts/${accountId}/usage`);
    const { today, week, month } = usage.body.notes;
    const notesLeft = Math.min(...[today, week, month].flatMap((window) => window?.left ?? []));
    expect(notesLeft).toBeGreaterThan(0);
    expect(notesLeft).toBeLessThan(6);

    const job = await runCampaign(outreach, campaignId, 6);

    const invitations = await sentInvitations(outreach);
    expect(invitations).toHaveLength(6);
    const withNote = invitations.filter((invitation) => invitation.note !== null);
    expect(withNote).toHaveLength(notesLeft);
    expect(job.result).toMatchObject({
      outcome: 'done',
      invited: 6,
      withNote: notesLeft,
      withoutNote: 6 - notesLeft,
    });
    expect(job.result.notesRanOut).toMatchObject({ reason: 'no personalized notes are left' });
    await feed.untilJobEnds(job.id);
    expect(notesExhausted(accountId)).toHaveLength(1);

    // Two leads of the list wait: it is not read out, in the result as on the campaign.
    expect(job.result).toMatchObject({ leadsFound: 0, leadsWorked: 6, sourceExhausted: false });
    const waiting = await outreach.api.get<{ sourceExhausted: boolean }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(waiting.body.sourceExhausted).toBe(false);

    const last = await runCampaign(outreach, campaignId, 6);
    expect(last.result).toMatchObject({ invited: 2, leadsWorked: 2, sourceExhausted: true });
    const readOut = await outreach.api.get<{ sourceExhausted: boolean }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(readOut.body.sourceExhausted).toBe(true);
  });

  it('never invites a person a second campaign of the user already invited', async () => {
    const members = people('shared', 4, 'Buyer');
    const { accountId } = await freshWorld(outreach, { layout, members });
    const first = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Buyer` },
    });
    const second = await createCampaign(accountId, { source: { type: 'csv' } });
    const rows = members.map((member) => `${member.firstName},${LINKEDIN}/in/${member.slug}/`);
    await outreach.api.upload(
      `/api/campaigns/${second}/leads/import`,
      ['First Name,Profile URL', ...rows].join('\n'),
    );

    await runCampaign(outreach, first, 2);
    const job = await runCampaign(outreach, second, 4);

    const slugs = (await sentInvitations(outreach)).map((invitation) => invitation.toSlug);
    expect(slugs).toHaveLength(4);
    expect(new Set(slugs).size).toBe(4);
    expect(job.result).toMatchObject({ invited: 2, skipped: { contacted_by_other_campaign: 2 } });
  });

  it('pauses the account and parks the run when LinkedIn asks for a security check', async () => {
    const { accountId } = await freshWorld(outreach, {
      layout,
      members: people('check', 3, 'Lawyer'),
    });
    await outreach.simulator.client.triggerCheckpoint(WORLD_ACCOUNT.id, 'captcha');
    const campaignId = await createCampaign(accountId, {
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Lawyer` },
    });

    const job = await runCampaign(outreach, campaignId, 3);

    expect(await sentInvitations(outreach)).toHaveLength(0);
    expect(job.result).toMatchObject({ outcome: 'pending' });
    const account = await outreach.api.get<{ status: string }>(`/api/accounts/${accountId}`);
    expect(account.body.status).toBe('checkpoint');
    const pending = await outreach.api.get<{ items: PendingJobBody[] }>('/api/pending-jobs');
    expect(pending.body.items.some((item) => item.campaignId === campaignId)).toBe(true);
  });

  it.runIf(layout === 'classic')(
    'gives leads skipped for a note that did not render another turn once the note changes',
    async () => {
      const members = people('noted', 3, 'Geologist');
      const { accountId } = await freshWorld(outreach, { layout, members });
      // A search shows no company: a note that needs one renders for nobody.
      const campaignId = await createCampaign(accountId, {
        source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Geologist` },
        noteTemplate: 'Hi {{firstName}}, I saw your work at {{company}}.',
      });
      const first = await runCampaign(outreach, campaignId, 3);
      expect(first.result).toMatchObject({ invited: 0, skipped: { empty_variable: 3 } });
      expect(await sentInvitations(outreach)).toHaveLength(0);

      // The first run worked the whole search: the campaign completed with everyone skipped.
      const completed = await outreach.api.get<{ status: string }>(`/api/campaigns/${campaignId}`);
      expect(completed.body.status).toBe('completed');
      const changed = await outreach.api.patch<{ status: string }>(`/api/campaigns/${campaignId}`, {
        noteTemplate: 'Hi {{firstName}}, I saw your work at {{company | your company}}.',
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body.status).toBe('active');
      const second = await runCampaign(outreach, campaignId, 3);

      expect(second.result).toMatchObject({ invited: 3 });
      const notes = (await sentInvitations(outreach)).map((invitation) => invitation.note);
      expect(notes).toHaveLength(3);
      for (const note of notes) expect(note).toMatch(/^Hi \S+, I saw your work at your company\.$/);
    },
  );

  it.runIf(layout === 'classic')(
    'parks the run, skipping nobody, when LinkedIn takes shorter notes than the account promised',
    async () => {
      const members = people('short', 4, 'Botanist');
      // Premium in Inreach, free on LinkedIn: its note field takes 200 characters, not 300.
      const { accountId } = await freshWorld(outreach, { layout, members });
      const premium = await outreach.api.patch(`/api/accounts/${accountId}`, { isPremium: true });
      expect(premium.status).toBe(200);
      const campaignId = await createCampaign(accountId, {
        source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Botanist` },
        noteTemplate: `Hi {{firstName}}, ${'a long and careful note '.repeat(10)}`,
      });

      const job = await runCampaign(outreach, campaignId, 4);

      expect(await sentInvitations(outreach)).toHaveLength(0);
      expect(job.result).toMatchObject({ invited: 0, outcome: 'pending', skipped: {} });
      expect(job.result.reason).toMatch(/LinkedIn allows 200.*isPremium/);
      const campaign = await outreach.api.get<{ progress: { skipped: { total: number } } }>(
        `/api/campaigns/${campaignId}`,
      );
      expect(campaign.body.progress.skipped.total).toBe(0);
    },
  );

  it.runIf(layout === 'new')(
    'stops at caps the user lowers during the run, though the run reserved more',
    async () => {
      const members = people('lowered', 16, 'Architect');
      const { accountId } = await freshWorld(outreach, { layout, members });
      const campaignId = await createCampaign(accountId, {
        source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Architect` },
      });
      const queued = await outreach.api.post<{ id: string }>('/api/jobs/follow-request', {
        campaignId,
        importLimit: 16,
      });
      await eventually(
        'two invitations',
        async () => (await sentInvitations(outreach)).length >= 2,
        60_000,
      );

      // A new account works at half its caps: 6 a day is 3.
      const lowered = await outreach.api.put(`/api/accounts/${accountId}/limits`, {
        connections: { daily: 6, weekly: 200 },
      });
      expect(lowered.status).toBe(200);
      const sentBefore = (await sentInvitations(outreach)).length;
      const job = await waitForJob(outreach, queued.body.id);

      const sent = (await sentInvitations(outreach)).length;
      // One invitation may have been on its way as the caps changed.
      expect(sent).toBeLessThanOrEqual(Math.max(sentBefore + 1, 3));
      expect(job.result).toMatchObject({
        invited: sent,
        reason: 'the invitation limit is reached',
        parked: { count: 16 - sent },
      });
    },
  );

  it.each(['checkpoint', 'restricted'] as const)(
    'holds the account as %s when LinkedIn blocks it mid-run, parks the rest, fails no lead',
    async (block) => {
      const members = people(`${block}-mid`, 8, 'Surveyor');
      const { accountId } = await freshWorld(outreach, { layout, members });
      const campaignId = await createCampaign(accountId, {
        source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Surveyor` },
      });
      const queued = await outreach.api.post<{ id: string }>('/api/jobs/follow-request', {
        campaignId,
        importLimit: 8,
      });
      const heardBefore = feed.events.length;

      // Blocked once two invitations are out, while the run goes on.
      await eventually(
        'two invitations',
        async () => (await sentInvitations(outreach)).length >= 2,
        60_000,
      );
      let challenge = { token: '', pin: '' };
      if (block === 'checkpoint') {
        challenge = await outreach.simulator.client.triggerCheckpoint(
          WORLD_ACCOUNT.id,
          'email_pin',
        );
      } else {
        await outreach.simulator.client.setRestricted(WORLD_ACCOUNT.id, true);
      }
      const job = await waitForJob(outreach, queued.body.id);

      const sentWhileBlocked = (await sentInvitations(outreach)).length;
      expect(job.result).toMatchObject({
        invited: sentWhileBlocked,
        parked: { count: 8 - sentWhileBlocked },
      });
      expect(['parked', 'pending']).toContain(job.result.outcome);
      const account = await outreach.api.get<{ status: string; statusReason: string | null }>(
        `/api/accounts/${accountId}`,
      );
      expect(account.body.status).toBe(block);
      expect(account.body.statusReason).toBeTruthy();
      const campaign = await outreach.api.get<{ progress: { failed: number } }>(
        `/api/campaigns/${campaignId}`,
      );
      expect(campaign.body.progress.failed).toBe(0);
      const quotaEvents = feed.events
        .slice(heardBefore)
        .filter((event) => event.type === 'quota.exhausted' && event.accountId === accountId);
      expect(quotaEvents).toEqual([]);
      expect(feed.events.slice(heardBefore)).toContainEqual(
        expect.objectContaining({ type: 'account.status', accountId, status: block }),
      );

      // The user passes the check in a browser and sets the account active: the rest goes out.
      if (block === 'checkpoint') {
        // The user enters LinkedIn's PIN in a browser of their own.
        const verified = await fetch(`${outreach.simulator.baseUrl}/checkpoint/challenge/verify`, {
          method: 'POST',
          body: new URLSearchParams({ challengeId: challenge.token, pin: challenge.pin }),
          redirect: 'manual',
        });
        expect(verified.status).toBe(302);
      } else {
        await outreach.simulator.client.setRestricted(WORLD_ACCOUNT.id, false);
      }
      const resumed = await outreach.api.patch(`/api/accounts/${accountId}`, { status: 'active' });
      expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
      await runCampaign(outreach, campaignId, 8);

      const slugs = await invitedSlugs();
      expect(slugs).toEqual(members.map((member) => member.slug).sort());
    },
  );

  /** The campaign's invitations as the feed told them: lead, status and reason. */
  function feedInvitations(campaignId: string): string[] {
    return feed.events
      .flatMap((event) =>
        event.type === 'activity' &&
        event.campaignId === campaignId &&
        event.action === 'invitation'
          ? [`${event.leadId} ${event.status} ${event.reason ?? '-'}`]
          : [],
      )
      .sort();
  }

  /** The same as GET /api/activities lists them. */
  async function listedInvitations(campaignId: string): Promise<string[]> {
    const listed = await campaignActivities(outreach, campaignId, '&action=invitation');
    return listed.items.map((item) => `${item.leadId} ${item.status} ${item.error ?? '-'}`).sort();
  }

  function lastProgress(jobId: FinishedJob['id']): unknown {
    const heard = feed.events.filter(
      (event) => event.type === 'job.progress' && event.jobId === jobId,
    );
    return heard.length === 0 ? null : (heard[heard.length - 1] as { progress: unknown }).progress;
  }

  function notesExhausted(accountId: string) {
    return feed.events.filter(
      (event) =>
        event.type === 'quota.exhausted' &&
        event.accountId === accountId &&
        event.actionType === 'notes',
    );
  }

  async function invitedSlugs(): Promise<string[]> {
    return (await sentInvitations(outreach)).map((invitation) => invitation.toSlug).sort();
  }
});
