import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activities, leads } from '../../src/database/schema';
import { startTestService, TestService } from '../support/service';

interface ActivityPage {
  items: {
    id: string;
    action: string;
    status: string;
    text: string | null;
    error: string | null;
  }[];
  total: number;
  page: number;
  limit: number;
}

describe('activities API', () => {
  let app: TestService;
  let alice: { id: string; key: string };
  let bob: { id: string; key: string };
  let accountId: string;
  let campaignId: string;

  beforeAll(async () => {
    app = await startTestService('pglite');
    alice = await app.createUser('alice@example.com');
    bob = await app.createUser('bob@example.com');
    const account = await app.http
      .post('/api/accounts')
      .set('authorization', `Bearer ${alice.key}`)
      .send({ label: 'Sales', liAt: 'AQEDAR-test-cookie-value-1234567890' });
    accountId = (account.body as { id: string }).id;
    const campaign = await app.http
      .post('/api/campaigns')
      .set('authorization', `Bearer ${alice.key}`)
      .send({ name: 'Files', accountId, source: { type: 'csv' } });
    campaignId = (campaign.body as { id: string }).id;

    const { db } = app.database.connection;
    const [lead] = await db
      .insert(leads)
      .values({
        userId: alice.id,
        profileKey: 'in:maren-holtby',
        profileUrl: 'https://www.linkedin.com/in/maren-holtby/',
      })
      .returning();
    const [skippedLead] = await db
      .insert(leads)
      .values({
        userId: alice.id,
        profileKey: 'in:nameless-person',
        profileUrl: 'https://www.linkedin.com/in/nameless-person/',
      })
      .returning();
    await db.insert(activities).values([
      {
        userId: alice.id,
        accountId,
        leadId: skippedLead.id,
        campaignId,
        action: 'invitation',
        status: 'skipped',
        error: 'empty_variable',
        completedAt: new Date(),
      },
      {
        userId: alice.id,
        accountId,
        leadId: lead.id,
        campaignId,
        action: 'invitation',
        status: 'succeeded',
        withNote: true,
        text: 'Hi Maren, glad to connect!',
        completedAt: new Date(),
      },
      {
        userId: alice.id,
        accountId,
        leadId: lead.id,
        campaignId,
        action: 'profile_view',
        status: 'succeeded',
        completedAt: new Date(),
      },
    ]);
  });

  afterAll(async () => {
    await app?.stop();
  });

  function list(user: { key: string }, query = '') {
    return app.http.get(`/api/activities${query}`).set('authorization', `Bearer ${user.key}`);
  }

  it('lists what the engine did for the user, filtered by action, status and campaign', async () => {
    const all = await list(alice);
    expect(all.status).toBe(200);
    expect((all.body as ActivityPage).total).toBe(3);

    const invitations = await list(
      alice,
      `?campaignId=${campaignId}&action=invitation&status=succeeded`,
    );
    expect((invitations.body as ActivityPage).items).toMatchObject([
      { action: 'invitation', status: 'succeeded', text: 'Hi Maren, glad to connect!' },
    ]);
  });

  it('lists the leads a run skipped, each with its reason', async () => {
    const skipped = await list(alice, `?campaignId=${campaignId}&status=skipped`);
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({
      total: 1,
      items: [{ action: 'invitation', status: 'skipped', error: 'empty_variable', text: null }],
    });
  });

  it("shows nothing of another user's activities", async () => {
    const answer = await list(bob, `?campaignId=${campaignId}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ items: [], total: 0 });
  });

  it('answers 400 naming the field for a bad filter or page', async () => {
    const badAction = await list(alice, '?action=poke');
    expect(badAction.status).toBe(400);
    expect((badAction.body as { message: string }).message).toContain('action must be one of');

    const badCampaign = await list(alice, '?campaignId=42');
    expect(badCampaign.status).toBe(400);
    expect((badCampaign.body as { message: string }).message).toContain('campaignId');

    const badLimit = await list(alice, '?limit=1000');
    expect(badLimit.status).toBe(400);
    expect((badLimit.body as { message: string }).message).toContain('limit');
  });

  it('needs a key', async () => {
    const answer = await app.http.get('/api/activities');
    expect(answer.status).toBe(401);
  });
});
