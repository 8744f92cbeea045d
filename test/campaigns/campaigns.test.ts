import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { jobHistory } from '../../src/database/schema';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

const ACTIVITY = '7212345678901234567';
const EVENT = '7198765432109876543';
const SIMULATOR = 'http://127.0.0.1:4599';

const SOURCE_URLS: Record<'search' | 'reactions' | 'comments' | 'event', string[]> = {
  search: [
    'https://www.linkedin.com/search/results/people/?keywords=cto&network=%5B%22F%22%2C%22S%22%5D&page=3',
    'linkedin.com/search/results/people?keywords=founder',
    'https://de.linkedin.com/search/results/people/?geoUrn=%5B%22103644278%22%5D&origin=FACETED_SEARCH',
    `${SIMULATOR}/search/results/people/?keywords=sales`,
  ],
  reactions: [
    `https://www.linkedin.com/feed/update/urn:li:activity:${ACTIVITY}/`,
    `https://www.linkedin.com/feed/update/urn:li:ugcPost:${ACTIVITY}/`,
    `https://www.linkedin.com/feed/update/urn:li:share:${ACTIVITY}/`,
    `https://www.linkedin.com/posts/maren-holtby_sales-activity-${ACTIVITY}-Ab3x?utm_source=share`,
    `urn:li:activity:${ACTIVITY}`,
    `${SIMULATOR}/feed/update/urn:li:activity:${ACTIVITY}/`,
  ],
  comments: [
    `https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A${ACTIVITY}?utm_source=share`,
    `https://uk.linkedin.com/posts/maren-holtby_hiring-activity-${ACTIVITY}-zz9Q`,
    `https://www.linkedin.com/posts/maren-holtby_activity-${ACTIVITY}-AbCd`,
  ],
  event: [
    `https://www.linkedin.com/events/${EVENT}/`,
    `https://www.linkedin.com/events/sales-summit-2025${EVENT}/`,
    `https://www.linkedin.com/search/results/people/?eventAttending=%5B%22${EVENT}%22%5D&origin=EVENT_PAGE_CANNED_SEARCH`,
    `${SIMULATOR}/events/${EVENT}/`,
  ],
};

interface Campaign {
  id: string;
  status: string;
  source: { type: string; url?: string };
  progress?: Record<string, unknown>;
}

describe.each(DATABASE_KINDS)('campaigns API on %s', (kind) => {
  let app: TestService;
  let alice: { id: string; key: string };
  let bob: { id: string; key: string };
  let freeAccount: string;
  let premiumAccount: string;
  let bobsAccount: string;

  const as = (user: { key: string }) => `Bearer ${user.key}`;
  let accounts = 0;

  async function createAccount(user: { key: string }, isPremium: boolean): Promise<string> {
    const response = await app.http
      .post('/api/accounts')
      .set('authorization', as(user))
      // One LinkedIn login connects one account only: each account gets its own cookie.
      .send({
        label: 'Sales',
        liAt: `AQEDAR-test-cookie-value-${++accounts}-1234567890`,
        isPremium,
      });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  function createCampaign(body: Record<string, unknown>, user = alice) {
    return app.http
      .post('/api/campaigns')
      .set('authorization', as(user))
      .send({ name: 'Test', accountId: freeAccount, source: { type: 'csv' }, ...body });
  }

  async function created(body: Record<string, unknown>): Promise<Campaign> {
    const response = await createCampaign(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as Campaign;
  }

  beforeAll(async () => {
    app = await startTestService(kind, { LINKEDIN_BASE_URL: SIMULATOR });
    alice = await app.createUser('alice@example.com');
    bob = await app.createUser('bob@example.com');
    freeAccount = await createAccount(alice, false);
    premiumAccount = await createAccount(alice, true);
    bobsAccount = await createAccount(bob, false);
  });
  afterAll(() => app.stop());

  it('creates a campaign with defaults and lists, reads and updates it', async () => {
    const campaign = await created({
      name: 'CTOs',
      source: { type: 'search', url: SOURCE_URLS.search[0] },
      noteTemplate: 'Hi {{firstName | there}}, glad to connect.',
    });
    expect(campaign).toMatchObject({
      name: 'CTOs',
      accountId: freeAccount,
      status: 'draft',
      whenNotesRunOut: 'send_without_note',
      importLimit: 20,
      messageSequence: [],
      source: {
        type: 'search',
        url: 'https://www.linkedin.com/search/results/people/?keywords=cto&network=%5B%22F%22%2C%22S%22%5D',
        keywords: 'cto',
        facets: { network: ['F', 'S'] },
      },
    });

    const list = await app.http.get('/api/campaigns').set('authorization', as(alice));
    expect((list.body as { items: Campaign[] }).items.map((item) => item.id)).toContain(
      campaign.id,
    );

    const updated = await app.http
      .patch(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice))
      .send({
        importLimit: 50,
        whenNotesRunOut: 'skip',
        messageSequence: [{ delayDays: 2, template: 'Thanks, {{firstName | friend}}!' }],
      });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ importLimit: 50, whenNotesRunOut: 'skip' });

    const read = await app.http
      .get(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(read.body).toMatchObject({
      id: campaign.id,
      importLimit: 50,
      progress: { leads: 0, invited: 0, accepted: 0, replied: 0, failed: 0 },
    });
  });

  it('names the field in every validation error', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ accountId: 'not-an-id' }, 'accountId'],
      [{ source: { type: 'newsletter' } }, 'source.type'],
      [{ source: { type: 'search' } }, 'source.url'],
      [
        { source: { type: 'search', url: 'https://example.com/search/results/people/' } },
        'source.url',
      ],
      [{ importLimit: 0 }, 'importLimit'],
      [{ importLimit: 101 }, 'importLimit'],
      [{ whenNotesRunOut: 'retry' }, 'whenNotesRunOut'],
      [{ messageSequence: [{ delayDays: -1, template: 'Hi' }] }, 'messageSequence.0.delayDays'],
      [{ messageSequence: [[{ delayDays: 1, template: 'Hi' }]] }, 'messageSequence'],
      [{ messageSequence: [[]] }, 'messageSequence'],
      [{ source: { type: 'csv', url: SOURCE_URLS.search[0] } }, 'source.url is not used'],
      [{ source: { type: 'search', url: 5 } }, 'source.url is required'],
      [{ status: 'completed' }, 'status'],
      [{ noteTemplate: 'Hi {{firstName' }, 'noteTemplate'],
      [{ noteTemplate: 'Hi {{nickname}}' }, 'noteTemplate'],
      [{ noteTemplate: 'Hi [First Name]' }, 'noteTemplate'],
    ];
    for (const [body, field] of cases) {
      const response = await createCampaign(
        body.source === undefined && body.messageSequence !== undefined
          ? { ...body, source: { type: 'search', url: SOURCE_URLS.search[0] } }
          : body,
      );
      expect(response.status, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`).toBe(
        400,
      );
      expect(response.body).toMatchObject({ code: 'validation_failed' });
      expect((response.body as { message: string }).message).toContain(field);
    }

    // Readable, but a search finds people without extra columns: every lead would be skipped.
    const custom = await createCampaign({
      source: { type: 'search', url: SOURCE_URLS.search[0] },
      messageSequence: [{ delayDays: 1, template: 'Hi {{custom.Industry}}' }],
    });
    expect(custom.status).toBe(422);
    expect(custom.body).toMatchObject({
      code: 'unprocessable',
      details: { field: 'messageSequence[0].template', reason: 'unknown_column' },
    });
  });

  it.each(Object.entries(SOURCE_URLS).flatMap(([type, urls]) => urls.map((url) => [type, url])))(
    'accepts a %s source given as %s',
    async (type, url) => {
      const campaign = await created({ source: { type, url } });
      expect(campaign.source.type).toBe(type);
      expect(campaign.source.url).toMatch(
        /^(https:\/\/www\.linkedin\.com|http:\/\/127\.0\.0\.1:4599)\//,
      );
    },
  );

  it('lists campaigns a page at a time, newest first', async () => {
    const first = await created({ name: 'Paged one' });
    const second = await created({ name: 'Paged two' });
    const list = (query: string) =>
      app.http.get(`/api/campaigns${query}`).set('authorization', as(alice));

    const page = await list('?page=1&limit=1');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, limit: 1, items: [{ id: second.id }] });
    expect((page.body as { total: number }).total).toBeGreaterThanOrEqual(2);
    const next = await list('?page=2&limit=1');
    expect(next.body).toMatchObject({ items: [{ id: first.id }] });
    for (const query of ['?limit=0', '?page=abc', '?limit=1e3', '?page=0']) {
      const refused = await list(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('says a body must be a JSON object when it is an array or a bare value', async () => {
    for (const body of ['[]', 'null', '1', '"x"']) {
      const response = await app.http
        .post('/api/campaigns')
        .set('authorization', as(alice))
        .set('content-type', 'application/json')
        .send(body);
      expect(response.status, body).toBe(400);
      expect((response.body as { message: string }).message, body).toMatch(
        /^The body must be a JSON object/,
      );
    }
  });

  it('normalizes every form of a post to its feed URL, keeping the simulator origin', async () => {
    const publicForm = await created({
      source: { type: 'reactions', url: SOURCE_URLS.reactions[3] },
    });
    expect(publicForm.source.url).toBe(
      `https://www.linkedin.com/feed/update/urn:li:activity:${ACTIVITY}/`,
    );
    const simulated = await created({ source: { type: 'event', url: SOURCE_URLS.event[3] } });
    expect(simulated.source.url).toBe(
      `${SIMULATOR}/search/results/people/?eventAttending=%5B%22${EVENT}%22%5D&origin=EVENT_PAGE_CANNED_SEARCH`,
    );
  });

  it('refuses a company page as a post and a post as a search', async () => {
    const company = await createCampaign({
      source: { type: 'reactions', url: 'https://www.linkedin.com/company/contoso/' },
    });
    expect(company.status).toBe(400);
    expect(company.body).toMatchObject({
      code: 'validation_failed',
      details: { field: 'source.url', reason: 'not_a_post' },
    });
    expect((company.body as { message: string }).message).toContain('company page');

    const post = await createCampaign({
      source: { type: 'search', url: SOURCE_URLS.reactions[0] },
    });
    expect(post.status).toBe(400);
    expect(post.body).toMatchObject({ details: { reason: 'not_a_people_search' } });
  });

  it('answers 400 naming the field for a missing source, nulls, blank names and a bad id', async () => {
    const message = (response: { body: unknown }) => (response.body as { message: string }).message;
    const { source: _source, ...withoutSource } = {
      name: 'No source',
      accountId: freeAccount,
      source: null,
    };
    const missing = await app.http
      .post('/api/campaigns')
      .set('authorization', as(alice))
      .send(withoutSource);
    expect(missing.status, JSON.stringify(missing.body)).toBe(400);
    expect(message(missing)).toContain('source is required');

    const createCases: [Record<string, unknown>, RegExp][] = [
      [{ source: [] }, /source must be an object/],
      [{ source: 'csv' }, /source must be an object/],
      [{ source: {} }, /source\.type must be one of/],
      [{ source: { type: 'csv', extra: 1 } }, /source\.extra/],
      [{ source: { type: 'event' } }, /source\.url/],
      [{ name: '   ' }, /name must not be blank/],
      [{ importLimit: null }, /importLimit cannot be null/],
      [{ messageSequence: [{ delayDays: 1, template: '  ' }] }, /template must not be blank/],
    ];
    for (const [body, expected] of createCases) {
      const response = await createCampaign(body);
      expect(response.status, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`).toBe(
        400,
      );
      expect(response.body).toMatchObject({ code: 'validation_failed' });
      expect(message(response), JSON.stringify(body)).toMatch(expected);
    }

    // A source nested thousands of levels deep is refused, not a stack overflow.
    let deep: unknown = [];
    for (let level = 0; level < 5000; level++) deep = [deep];
    const nested = await createCampaign({ source: deep });
    expect(nested.status, JSON.stringify(nested.body)).toBeLessThan(500);

    const campaign = await created({ name: 'Kept' });
    const patchCases: [Record<string, unknown>, string][] = [
      [{ name: null }, 'name cannot be null'],
      [{ importLimit: null }, 'importLimit cannot be null'],
      [{ status: null }, 'status cannot be null'],
      [{ stopOnReply: null }, 'stopOnReply cannot be null'],
      [{ messageSequence: null }, 'messageSequence cannot be null'],
      [{ source: null }, 'source cannot be null'],
      [{ name: ' \t ' }, 'name must not be blank'],
    ];
    for (const [body, expected] of patchCases) {
      const response = await app.http
        .patch(`/api/campaigns/${campaign.id}`)
        .set('authorization', as(alice))
        .send(body);
      expect(response.status, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`).toBe(
        400,
      );
      expect(message(response)).toContain(expected);
    }
    // Nullable fields still clear with null.
    const cleared = await app.http
      .patch(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice))
      .send({ noteTemplate: null, withdrawAfterDays: null });
    expect(cleared.status).toBe(200);
    const read = await app.http
      .get(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(read.body).toMatchObject({ name: 'Kept', importLimit: 20, status: 'draft' });

    for (const call of [
      app.http.get('/api/campaigns/not-a-uuid'),
      app.http.patch('/api/campaigns/not-a-uuid').send({ name: 'x' }),
      app.http.delete('/api/campaigns/not-a-uuid'),
      app.http.get('/api/campaigns/not-a-uuid/leads'),
    ]) {
      const response = await call.set('authorization', as(alice));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'validation_failed',
        message: 'id must be a UUID',
      });
    }
  });

  it('refuses to delete a campaign while one of its runs is waiting or running', async () => {
    const campaign = await created({ name: 'Busy' });
    const db = app.database.connection.db;
    const jobId = `test-run-${kind}`;
    await db.insert(jobHistory).values({
      id: jobId,
      queue: 'follow-request',
      name: 'follow-request',
      userId: alice.id,
      campaignId: campaign.id,
      state: 'waiting',
      data: { campaignId: campaign.id },
    });
    const remove = () =>
      app.http.delete(`/api/campaigns/${campaign.id}`).set('authorization', as(alice));

    for (const state of ['waiting', 'delayed', 'active']) {
      await db.update(jobHistory).set({ state }).where(eq(jobHistory.id, jobId));
      const refused = await remove();
      expect(refused.status, state).toBe(409);
      expect(refused.body).toMatchObject({ code: 'conflict', details: { jobId, state } });
    }

    await db.update(jobHistory).set({ state: 'completed' }).where(eq(jobHistory.id, jobId));
    expect((await remove()).status).toBe(204);
    const gone = await app.http
      .get(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(gone.status).toBe(404);
  });

  it('deletes a campaign whose run the history still calls active but Redis no longer has', async () => {
    const campaign = await created({ name: 'Stale' });
    const db = app.database.connection.db;
    const jobId = `lost-run-${kind}`;
    await db.insert(jobHistory).values({
      id: jobId,
      queue: 'follow-requests',
      name: 'follow-request',
      userId: alice.id,
      campaignId: campaign.id,
      state: 'active',
      data: { campaignId: campaign.id },
    });

    const removed = await app.http
      .delete(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));

    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    const [row] = await db.select().from(jobHistory).where(eq(jobHistory.id, jobId));
    expect(row).toMatchObject({ state: 'failed' });
  });

  it('says what is wrong with an event URL and names sources in plain words', async () => {
    const noId = await createCampaign({
      source: { type: 'event', url: 'https://www.linkedin.com/events/abc/' },
    });
    expect(noId.status).toBe(400);
    expect(noId.body).toMatchObject({ details: { field: 'source.url', reason: 'not_an_event' } });
    expect((noId.body as { message: string }).message).toContain('19-digit');
    expect((noId.body as { message: string }).message).not.toMatch(/an event is not an event/);

    const eventCampaign = await created({ source: { type: 'event', url: SOURCE_URLS.event[0] } });
    const upload = await app.http
      .post(`/api/campaigns/${eventCampaign.id}/leads/import`)
      .set('authorization', as(alice))
      .attach('file', Buffer.from('LinkedIn URL\nhttps://www.linkedin.com/in/ann\n'), 'leads.csv');
    expect(upload.status).toBe(409);
    expect((upload.body as { message: string }).message).toContain('the event whose attendees');
    expect((upload.body as { message: string }).message).not.toContain('a event');
  });

  it('refuses a note that can never fit the account limit, naming the limit and the shortest length', async () => {
    const longText = 'I would love to connect with you about our shared interests. '.repeat(4);
    const note = `{Hi|Hello} {{firstName}}, ${longText}`;
    const shortest = `Hi x, ${longText}`.trim().length;
    expect(shortest).toBeGreaterThan(200);
    expect(shortest).toBeLessThanOrEqual(300);

    const free = await createCampaign({ noteTemplate: note });
    expect(free.status).toBe(422);
    expect(free.body).toMatchObject({
      code: 'unprocessable',
      details: { field: 'noteTemplate', limit: 200, shortestLength: shortest },
    });
    expect((free.body as { message: string }).message).toMatch(/200/);
    expect((free.body as { message: string }).message).toContain(String(shortest));

    const premium = await createCampaign({ noteTemplate: note, accountId: premiumAccount });
    expect(premium.status).toBe(201);

    // Moving the campaign to the free account would make the note impossible again.
    const moved = await app.http
      .patch(`/api/campaigns/${(premium.body as Campaign).id}`)
      .set('authorization', as(alice))
      .send({ accountId: freeAccount });
    expect(moved.status).toBe(422);
  });

  it("answers 404 for another user's campaign and refuses another user's account", async () => {
    const campaign = await created({});
    for (const call of [
      app.http.get(`/api/campaigns/${campaign.id}`),
      app.http.patch(`/api/campaigns/${campaign.id}`).send({ name: 'mine now' }),
      app.http.delete(`/api/campaigns/${campaign.id}`),
      app.http.post(`/api/campaigns/${campaign.id}/preview`).send({}),
      app.http.get(`/api/campaigns/${campaign.id}/leads`),
    ]) {
      const response = await call.set('authorization', as(bob));
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'not_found' });
    }
    const bobsList = await app.http.get('/api/campaigns').set('authorization', as(bob));
    expect((bobsList.body as { items: Campaign[] }).items.map((item) => item.id)).not.toContain(
      campaign.id,
    );

    const foreignAccount = await createCampaign({ accountId: bobsAccount });
    expect(foreignAccount.status).toBe(404);
    const unknownAccount = await createCampaign({
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownAccount.status).toBe(404);
  });

  it('moves through the allowed states and answers 409 on an illegal move', async () => {
    const campaign = await created({});
    const move = (status: string) =>
      app.http
        .patch(`/api/campaigns/${campaign.id}`)
        .set('authorization', as(alice))
        .send({ status });

    expect((await move('paused')).status).toBe(409);
    expect((await move('active')).status).toBe(200);
    const running = await app.http
      .delete(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(running.status).toBe(409);
    expect((await move('archived')).status).toBe(409);
    expect((await move('draft')).status).toBe(409);
    const sourceChange = await app.http
      .patch(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice))
      .send({ source: { type: 'search', url: SOURCE_URLS.search[0] } });
    expect(sourceChange.status).toBe(409);

    expect((await move('paused')).status).toBe(200);
    expect((await move('completed')).status).toBe(200);
    expect((await move('archived')).status).toBe(200);
    const illegal = await move('active');
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({
      code: 'conflict',
      details: { from: 'archived', to: 'active' },
    });

    const deleted = await app.http
      .delete(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(deleted.status).toBe(204);
    const gone = await app.http
      .get(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(gone.status).toBe(404);
  });

  it('gives the processor leads in found order and counts progress from their states', async () => {
    const campaign = await created({
      source: { type: 'search', url: SOURCE_URLS.search[0] },
      noteTemplate: 'Hi {{firstName}}, saw your work at {{company | your company}}.',
    });
    const service = app.service.app.get(CampaignsService);

    const first = await service.addSourcedLeads({ id: campaign.id, userId: alice.id }, [
      {
        profileUrl: 'https://www.linkedin.com/in/maren-holtby/',
        fullName: 'Maren Holtby',
        headline: 'Head of Sales',
      },
      { profileUrl: `${SIMULATOR}/in/idris-okafor/`, fullName: 'Dr. Idris Okafor' },
      { profileUrl: 'https://www.linkedin.com/company/contoso/', fullName: 'Contoso' },
      { profileUrl: 'https://www.linkedin.com/in/tobiaslindqvist', fullName: 'Tobias Lindqvist' },
    ]);
    expect(first.added).toHaveLength(3);
    expect(first.invalid).toHaveLength(1);

    const second = await service.addSourcedLeads({ id: campaign.id, userId: alice.id }, [
      { profileUrl: 'https://www.linkedin.com/in/Maren-Holtby', fullName: 'Maren Holtby' },
      { profileUrl: 'https://www.linkedin.com/in/aiko-nakamura-7/', fullName: 'Aiko Nakamura' },
    ]);
    expect(second).toMatchObject({ alreadyInCampaign: 1, alreadyKnown: 0 });
    expect(second.added).toHaveLength(1);

    const next = await service.nextLeads(campaign.id, 3);
    expect(next.map(({ lead }) => lead.profileUrl)).toEqual([
      'https://www.linkedin.com/in/maren-holtby/',
      'https://www.linkedin.com/in/idris-okafor/',
      'https://www.linkedin.com/in/tobiaslindqvist/',
    ]);
    expect(next[0].lead).toMatchObject({
      firstName: 'Maren',
      lastName: 'Holtby',
      headline: 'Head of Sales',
    });
    expect(next[1].lead.firstName).toBe('Idris');

    const [maren, idris, tobias] = next.map(({ campaignLead }) => campaignLead.id);
    const invited = await service.markLead(maren, 'invited');
    expect(invited.invitedAt).toBeInstanceOf(Date);
    await service.markLead(maren, 'accepted');
    await service.markLead(idris, 'skipped', { skipReason: 'already_connected' });
    await service.markLead(tobias, 'failed', { error: 'profile did not load' });
    await expect(service.markLead(idris, 'accepted')).rejects.toMatchObject({ code: 'conflict' });

    await service.saveCursor(campaign.id, { page: 2 }, false);
    const runnable = await service.getRunnable(campaign.id);
    expect(runnable?.campaign.sourceCursor).toEqual({ page: 2 });
    expect(runnable?.account.id).toBe(freeAccount);
    expect(await service.getRunnable('00000000-0000-4000-8000-000000000000')).toBeNull();

    const read = await app.http
      .get(`/api/campaigns/${campaign.id}`)
      .set('authorization', as(alice));
    expect(read.body).toMatchObject({
      progress: {
        leads: 4,
        waiting: 1,
        invited: 1,
        accepted: 1,
        replied: 0,
        failed: 1,
        skipped: { total: 1, byReason: { already_connected: 1 } },
      },
    });

    const failedOnly = await app.http
      .get(`/api/campaigns/${campaign.id}/leads?state=failed`)
      .set('authorization', as(alice));
    expect(failedOnly.body).toMatchObject({
      total: 1,
      items: [{ state: 'failed', error: 'profile did not load' }],
    });

    const preview = await app.http
      .post(`/api/campaigns/${campaign.id}/preview`)
      .set('authorization', as(alice))
      .send({});
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      noteLimit: 200,
      leads: [
        {
          fullName: 'Maren Holtby',
          note: { ok: true, text: 'Hi Maren, saw your work at your company.' },
        },
        { fullName: 'Idris Okafor', note: { ok: true } },
        { note: { ok: true } },
        { fullName: 'Aiko Nakamura', note: { ok: true } },
      ],
    });
  });

  it('previews the reason a note cannot be sent', async () => {
    const campaign = await created({
      source: { type: 'search', url: SOURCE_URLS.search[1] },
      noteTemplate: 'Hi {{firstName}}, how is {{company}}? ' + 'x'.repeat(150),
    });
    const service = app.service.app.get(CampaignsService);
    await service.addSourcedLeads({ id: campaign.id, userId: alice.id }, [
      { profileUrl: 'https://www.linkedin.com/in/no-company-person', fullName: 'Lena Fischer' },
      {
        profileUrl: 'https://www.linkedin.com/in/long-company-person',
        fullName: 'Rahul Mehta',
        company: 'C'.repeat(60),
      },
    ]);
    const [, longCompany] = await service.nextLeads(campaign.id, 2);

    const preview = await app.http
      .post(`/api/campaigns/${campaign.id}/preview`)
      .set('authorization', as(alice))
      .send({ limit: 2 });
    expect(preview.body).toMatchObject({
      leads: [
        { note: { ok: false, skipReason: 'empty_variable', variable: 'company' } },
        { note: { ok: false, skipReason: 'too_long' } },
      ],
    });

    const chosen = await app.http
      .post(`/api/campaigns/${campaign.id}/preview`)
      .set('authorization', as(alice))
      .send({ leadIds: [longCompany.lead.id] });
    expect((chosen.body as { leads: unknown[] }).leads).toHaveLength(1);
  });
});
