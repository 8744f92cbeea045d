import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DUPLICATE_MEMBER_REASON } from '../../src/accounts/accounts.service';
import {
  freshWorld,
  people,
  runCampaign,
  sentInvitations,
  startOutreach,
  WORLD_ACCOUNT,
  type Outreach,
} from '../support/outreach';

const LINKEDIN = 'https://www.linkedin.com';
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

describe('one LinkedIn member, one working account (simulator, Postgres)', () => {
  let outreach: Outreach;

  beforeAll(async () => {
    outreach = await startOutreach('postgres');
  });

  afterAll(async () => {
    await outreach?.stop();
  });

  async function connect(label: string, liAt: string): Promise<string> {
    const created = await outreach.api.post<{ id: string }>('/api/accounts', {
      label,
      liAt,
      workingHours: ALWAYS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  async function createCampaign(accountId: string, source: Record<string, unknown>) {
    const created = await outreach.api.post<{ id: string }>('/api/campaigns', {
      name: `campaign ${Math.random()}`,
      accountId,
      noteTemplate: 'Hi {{firstName}}, glad to connect!',
      status: 'active',
      source,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  async function csvCampaign(accountId: string, slugs: string[]): Promise<string> {
    const campaignId = await createCampaign(accountId, { type: 'csv' });
    const rows = slugs.map((slug) => `Friend,${LINKEDIN}/in/${slug}/`);
    const imported = await outreach.api.upload(
      `/api/campaigns/${campaignId}/leads/import`,
      ['First Name,Profile URL', ...rows].join('\n'),
    );
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    return campaignId;
  }

  it('gives a second account of the same member, under another li_at, no work', async () => {
    const { accountId: first } = await freshWorld(outreach, {
      layout: 'classic',
      members: people('twice', 6, 'Founder'),
    });
    const search = { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Founder` };
    const firstRun = await runCampaign(outreach, await createCampaign(first, search), 2);
    expect(firstRun.result).toMatchObject({ invited: 2 });
    const { liAt } = await outreach.simulator.client.createSession(
      WORLD_ACCOUNT.id,
      'AQEDAUsecondSessionOfTheSameMember000000000000000000000000000000001',
    );
    const second = await connect('Casey again', liAt);

    const secondRun = await runCampaign(outreach, await createCampaign(second, search), 3);

    expect(secondRun.result).toMatchObject({ outcome: 'pending' });
    expect(await sentInvitations(outreach)).toHaveLength(2);
    const account = await outreach.api.get(`/api/accounts/${second}`);
    expect(account.body).toMatchObject({
      status: 'needs_login',
      statusReason: DUPLICATE_MEMBER_REASON,
      profileSlug: null,
    });
    const original = await outreach.api.get(`/api/accounts/${first}`);
    expect(original.body).toMatchObject({ status: 'active', profileSlug: WORLD_ACCOUNT.slug });
  });

  it('still skips the people a deleted account invited, in a campaign of another account', async () => {
    const { accountId: deleted } = await freshWorld(outreach, {
      layout: 'classic',
      members: people('kept', 2, 'Buyer'),
    });
    const firstRun = await runCampaign(outreach, await csvCampaign(deleted, ['kept-1']), 1);
    expect(firstRun.result).toMatchObject({ invited: 1 });
    const removed = await outreach.app.http
      .delete(`/api/accounts/${deleted}`)
      .set('authorization', `Bearer ${outreach.user.key}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    const other = {
      id: 'acct-2',
      email: 'robin@example.com',
      password: 'battery staple',
      firstName: 'Robin',
      lastName: 'Lee',
      slug: 'robin-lee-self',
      liAt: 'AQEDAUotherMemberSessionCookie0000000000000000000000000000000000002',
    };
    await outreach.simulator.client.createAccount({ ...other, layout: 'classic' });
    const otherAccount = await connect('Robin', other.liAt);

    const run = await runCampaign(
      outreach,
      await csvCampaign(otherAccount, ['kept-1', 'kept-2']),
      2,
    );

    expect(run.result).toMatchObject({
      invited: 1,
      skipped: { contacted_by_other_campaign: 1 },
    });
    const fromOther = await outreach.simulator.client.invitations(other.id);
    expect(fromOther.filter((one) => one.origin === 'ui').map((one) => one.toSlug)).toEqual([
      'kept-2',
    ]);
  });
});
