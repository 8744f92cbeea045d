import { createHash, randomUUID } from 'node:crypto';

import { Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { campaigns } from '../../src/database/schema';
import { BOARD_COOKIE } from '../../src/jobs/bull-board';
import { LinkedInSettingsService } from '../../src/limits/linkedin-settings.service';
import { LOST_FROM_REDIS, QueueService } from '../../src/queues/queue.service';
import { WorkerService } from '../../src/queues/worker.service';
import { DATABASE_KINDS } from '../support/databases';
import { waitFor } from '../support/queue-harness';
import { startTestService, TestService } from '../support/service';

const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=growth';

interface JobBody {
  id: string;
  queue: string;
  name: string;
  state: string;
  campaignId: string | null;
  accountId: string | null;
  data: Record<string, unknown>;
  error: string | null;
  result: Record<string, unknown> | null;
  attempts: number;
  createdAt: string;
}
interface PageBody<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}
type User = { id: string; key: string };

describe.each(DATABASE_KINDS)('jobs API on %s', (kind) => {
  let app: TestService;
  let queues: QueueService;
  let workers: WorkerService;
  let alice: User;
  let bob: User;
  let aliceAccount: string;
  let bobAccount: string;
  let bobCampaign: string;

  const as = (user: { key: string }) => `Bearer ${user.key}`;
  const admin = () => ({ key: app.adminKey });

  let cookies = 0;
  async function createAccount(user: User, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await app.http
      .post('/api/accounts')
      .set('authorization', as(user))
      // One LinkedIn login connects one account only: each account gets its own cookie.
      .send({ label: 'Sales', liAt: `AQEDAR-test-cookie-value-${++cookies}-1234567890`, ...extra });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  async function createCampaign(user: User, accountId: string): Promise<string> {
    const response = await app.http
      .post('/api/campaigns')
      .set('authorization', as(user))
      .send({
        name: 'Growth',
        accountId,
        source: { type: 'search', url: SEARCH },
        status: 'active',
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  function postRun(user: { key: string }, body: Record<string, unknown>) {
    return app.http.post('/api/jobs/follow-request').set('authorization', as(user)).send(body);
  }

  async function queued(user: User, campaignId: string, importLimit = 10): Promise<JobBody> {
    const response = await postRun(user, { campaignId, importLimit });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as JobBody;
  }

  function list(user: { key: string }, path: string) {
    return app.http.get(`/api/jobs/${path}`).set('authorization', as(user));
  }

  beforeAll(async () => {
    app = await startTestService(kind);
    queues = app.service.app.get(QueueService);
    workers = app.service.app.get(WorkerService);
    // Runs stay waiting, so conflicts and lists are seen as they are.
    await workers.pause('follow-requests');
    alice = await app.createUser('alice@example.com');
    bob = await app.createUser('bob@example.com');
    aliceAccount = await createAccount(alice);
    bobAccount = await createAccount(bob);
    bobCampaign = await createCampaign(bob, bobAccount);
  });
  afterAll(() => app.stop());

  it('refuses every route without a key', async () => {
    const id = randomUUID();
    const routes: [string, string][] = [
      ['post', '/api/jobs/follow-request'],
      ['get', '/api/jobs/stats/queue'],
      ['get', '/api/jobs/stats/workers'],
      ['get', '/api/jobs/waiting'],
      ['get', '/api/jobs/active'],
      ['get', '/api/jobs/completed'],
      ['get', '/api/jobs/failed'],
      ['get', `/api/jobs/${id}`],
      ['get', `/api/accounts/${id}/limits`],
      ['put', `/api/accounts/${id}/limits`],
      ['get', `/api/accounts/${id}/usage`],
      ['get', '/api/pending-jobs'],
    ];

    for (const [method, path] of routes) {
      const response = await (method === 'post'
        ? app.http.post(path)
        : method === 'put'
          ? app.http.put(path)
          : app.http.get(path));
      expect([path, response.status, (response.body as { code?: string }).code]).toEqual([
        path,
        401,
        'unauthorized',
      ]);
    }
  });

  it('documents every route in OpenAPI', async () => {
    const document = (await app.http.get('/api/docs/json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/jobs/follow-request',
        '/api/jobs/stats/queue',
        '/api/jobs/stats/workers',
        '/api/jobs/waiting',
        '/api/jobs/active',
        '/api/jobs/completed',
        '/api/jobs/failed',
        '/api/jobs/{id}',
        '/api/accounts/{id}/limits',
        '/api/accounts/{id}/usage',
        '/api/pending-jobs',
      ]),
    );
    expect(Object.keys(document.paths['/api/jobs/follow-request'].post as object)).toContain(
      'responses',
    );
  });

  it('queues a run of a campaign and answers 201 with the job', async () => {
    const campaignId = await createCampaign(alice, aliceAccount);

    const job = await queued(alice, campaignId, 12);
    const read = await list(alice, job.id);

    expect(job).toMatchObject({
      queue: 'follow-requests',
      name: 'follow-request',
      state: 'waiting',
      campaignId,
      accountId: aliceAccount,
      data: { userId: alice.id, campaignId, accountId: aliceAccount, importLimit: 12 },
      attempts: 0,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: job.id, state: 'waiting' });
    const stored = await Job.fromId(queues.queue('follow-requests'), job.id);
    expect(stored?.data).toEqual(job.data);
  });

  it('answers 409 to a second run while the first is waiting', async () => {
    const campaignId = await createCampaign(alice, aliceAccount);
    const first = await queued(alice, campaignId);

    const second = await postRun(alice, { campaignId, importLimit: 5 });

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'conflict',
      details: { campaignId, jobId: first.id },
    });
  });

  it('lets a campaign run again when Redis lost its open run', async () => {
    const campaignId = await createCampaign(alice, aliceAccount);
    const first = await queued(alice, campaignId);
    await (await Job.fromId(queues.queue('follow-requests'), first.id))!.remove();

    const again = await postRun(alice, { campaignId, importLimit: 5 });
    const old = await list(alice, first.id);

    expect(again.status).toBe(201);
    expect(old.body).toMatchObject({ state: 'failed', error: LOST_FROM_REDIS });
  });

  it('answers 400 naming the field of a bad body', async () => {
    const campaignId = await createCampaign(alice, aliceAccount);
    const cases: [Record<string, unknown>, string][] = [
      [{ importLimit: 5 }, 'campaignId must be a UUID'],
      [{ campaignId: 'abc', importLimit: 5 }, 'campaignId must be a UUID'],
      [{ campaignId }, 'importLimit must be an integer number'],
      [{ campaignId, importLimit: 0 }, 'importLimit must not be less than 1'],
      [{ campaignId, importLimit: 101 }, 'importLimit must not be greater than 100'],
      [{ campaignId, importLimit: 'ten' }, 'importLimit must be an integer number'],
      [{ campaignId, importLimit: 5, priority: 1 }, 'property priority should not exist'],
      [{ campaignId, importLimit: 5, userId: 'me' }, 'userId must be a UUID'],
    ];

    for (const [body, message] of cases) {
      const response = await postRun(alice, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((response.body as { message: string }).message).toContain(message);
    }
  });

  it('answers 404 for an unknown campaign and for one of another user', async () => {
    const unknown = await postRun(alice, { campaignId: randomUUID(), importLimit: 5 });
    const foreign = await postRun(alice, { campaignId: bobCampaign, importLimit: 5 });

    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'not_found' });
  });

  it("takes a userId in the body only when it is the caller's own, or from an admin key", async () => {
    const mine = await createCampaign(alice, aliceAccount);
    const forAlice = await createCampaign(alice, aliceAccount);

    const someoneElse = await postRun(alice, { campaignId: mine, importLimit: 5, userId: bob.id });
    const own = await postRun(alice, { campaignId: mine, importLimit: 5, userId: alice.id });
    const byAdmin = await postRun(admin(), {
      campaignId: forAlice,
      importLimit: 5,
      userId: alice.id,
    });
    const nobody = await postRun(admin(), {
      campaignId: forAlice,
      importLimit: 5,
      userId: randomUUID(),
    });

    expect(someoneElse.status).toBe(403);
    expect(someoneElse.body).toMatchObject({ code: 'forbidden', details: { field: 'userId' } });
    expect(own.status).toBe(201);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ data: { userId: alice.id } });
    expect((await list(alice, (byAdmin.body as JobBody).id)).status).toBe(200);
    expect(nobody.status).toBe(404);
  });

  it("pages the lists newest first and never shows another user's jobs", async () => {
    const carol = await app.createUser('carol@example.com');
    const account = await createAccount(carol);
    const jobs: JobBody[] = [];
    for (let index = 0; index < 3; index++) {
      jobs.push(await queued(carol, await createCampaign(carol, account)));
    }
    const bobsJob = await queued(bob, bobCampaign);

    const first = await list(carol, 'waiting?limit=2');
    const second = await list(carol, 'waiting?limit=2&page=2');
    const bobsView = await list(bob, 'waiting');

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    const newestFirst = [...jobs].reverse().map((job) => job.id);
    expect((first.body as PageBody<JobBody>).items.map((job) => job.id)).toEqual(
      newestFirst.slice(0, 2),
    );
    expect((second.body as PageBody<JobBody>).items.map((job) => job.id)).toEqual(
      newestFirst.slice(2),
    );
    expect((bobsView.body as PageBody<JobBody>).items.map((job) => job.id)).toEqual([bobsJob.id]);
    expect((await list(bob, jobs[0].id)).status).toBe(404);
    expect((await list(carol, 'no-such-job')).status).toBe(404);
    for (const query of ['page=0', 'limit=101', 'limit=abc']) {
      const refused = await list(carol, `waiting?${query}`);
      expect(refused.status, query).toBe(400);
    }
    expect((await list(carol, 'active')).body).toMatchObject({ items: [], total: 0 });
  });

  it("counts a user's jobs per queue and state, and everyone's for an admin", async () => {
    const dave = await app.createUser('dave@example.com');
    const account = await createAccount(dave);
    await queued(dave, await createCampaign(dave, account));
    await queued(dave, await createCampaign(dave, account));

    const own = await list(dave, 'stats/queue');
    const all = await list(admin(), 'stats/queue');

    expect(own.body).toEqual({ scope: 'user', queues: { 'follow-requests': { waiting: 2 } } });
    expect(all.body).toMatchObject({ scope: 'all', live: { 'follow-requests': {} } });
    const everyone = (all.body as { queues: Record<string, Record<string, number>> }).queues;
    expect(everyone['follow-requests'].waiting).toBeGreaterThan(2);
  });

  it('reports the workers of every process, with their state', async () => {
    const response = await list(alice, 'stats/workers');

    expect(response.status).toBe(200);
    const body = response.body as {
      source: string;
      processes: { workers: { queue: string; state: string; concurrency: number }[] }[];
    };
    expect(body.source).toBe('redis');
    expect(body.processes).toHaveLength(1);
    expect(body.processes[0].workers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: 'follow-requests', state: 'paused', concurrency: 4 }),
        expect.objectContaining({ queue: 'maintenance', state: 'running', concurrency: 1 }),
      ]),
    );
  });

  describe('limits and usage', () => {
    it('shows the caps, the ceilings and the warm-up of a new account', async () => {
      const response = await app.http
        .get(`/api/accounts/${aliceAccount}/limits`)
        .set('authorization', as(alice));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        connections: {
          daily: 20,
          weekly: 100,
          ceiling: { daily: 50, weekly: 200 },
          warmupFactor: 0.5,
          effective: { daily: 10, weekly: 50 },
        },
        notes: { daily: 5, weekly: 5, monthly: 5 },
      });
    });

    it('changes caps within the ceilings and refuses one above with 422 naming it', async () => {
      const put = (body: object, user: User = alice, account = aliceAccount) =>
        app.http.put(`/api/accounts/${account}/limits`).set('authorization', as(user)).send(body);

      const changed = await put({ connections: { daily: 30 }, messages: { weekly: 300 } });
      const above = await put({ connections: { daily: 51 } });
      const negative = await put({ connections: { daily: -1 } });
      const unknownType = await put({ likes: { daily: 3 } });
      const foreign = await put({ connections: { daily: 10 } }, alice, bobAccount);

      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        connections: { daily: 30, weekly: 100 },
        messages: { weekly: 300 },
      });
      expect(above.status).toBe(422);
      expect(above.body).toMatchObject({
        code: 'unprocessable',
        message: 'Limits refused: connections.daily 51 is above the ceiling of 50.',
      });
      expect(negative.status).toBe(400);
      expect((negative.body as { message: string }).message).toContain('connections.daily');
      expect(unknownType.status).toBe(400);
      expect((unknownType.body as { message: string }).message).toContain('likes');
      expect(foreign.status).toBe(404);
    });

    it.each([
      [{ connections: [{ daily: 1, weekly: 1 }] }, 'connections must be an object'],
      [{ connections: [] }, 'connections must be an object'],
      [{ connections: null }, 'connections must be an object'],
      [{ connections: {} }, 'connections must be an object with daily and/or weekly'],
      [{ notes: 'few' }, 'notes must be an object'],
      [{ connections: { daily: null } }, 'connections.daily must be an integer'],
      [{ messages: { weekly: '5' } }, 'messages.weekly must be an integer'],
    ])('refuses %j with 400 naming the field, changing nothing', async (body, message) => {
      const account = await createAccount(alice);
      const put = (caps: object) =>
        app.http.put(`/api/accounts/${account}/limits`).set('authorization', as(alice)).send(caps);
      await put({ connections: { daily: 30, weekly: 150 } }).expect(200);

      const refused = await put(body);

      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
      expect((refused.body as { message: string }).message).toMatch(new RegExp(`^${message}`));
      const limits = await app.http
        .get(`/api/accounts/${account}/limits`)
        .set('authorization', as(alice));
      expect(limits.body).toMatchObject({ connections: { daily: 30, weekly: 150 } });
    });

    it('shows used and left per type, today and this week, and when each resets', async () => {
      const response = await app.http
        .get(`/api/accounts/${aliceAccount}/usage`)
        .set('authorization', as(alice));
      const foreign = await app.http
        .get(`/api/accounts/${bobAccount}/usage`)
        .set('authorization', as(alice));
      const malformed = await app.http
        .get('/api/accounts/not-an-id/usage')
        .set('authorization', as(alice));

      expect(response.status).toBe(200);
      const usage = response.body as Record<
        string,
        { today: Record<string, unknown>; week: Record<string, unknown> }
      >;
      expect(Object.keys(usage).sort()).toEqual(
        ['connections', 'follows', 'messages', 'notes', 'profileViews', 'withdrawals'].sort(),
      );
      expect(usage.connections.today).toMatchObject({ limit: 15, used: 0, left: 15 });
      expect(usage.connections.week).toMatchObject({ limit: 50, used: 0 });
      expect(new Date(usage.connections.today.resetsAt as string).getTime()).toBeGreaterThan(
        Date.now(),
      );
      expect(usage.notes).toMatchObject({ month: { limit: 5 } });
      expect(foreign.status).toBe(404);
      expect(malformed.status).toBe(400);
    });
  });

  it("lists a user's pending jobs, newest first, filtered by status", async () => {
    const settings = app.service.app.get(LinkedInSettingsService);
    const erin = await app.createUser('erin@example.com');
    const account = await createAccount(erin);
    const campaignId = await createCampaign(erin, account);
    const later = new Date(Date.now() + 60 * 60_000);
    const older = await settings.createPendingJob(
      erin.id,
      campaignId,
      'follow-request',
      'connections',
      4,
      'the invitation limit is reached',
      later,
    );
    const newer = await settings.createPendingJob(
      erin.id,
      campaignId,
      'follow-request',
      'connections',
      2,
      'outside the working hours',
      later,
    );
    await settings.createPendingJob(
      bob.id,
      bobCampaign,
      'follow-request',
      'connections',
      1,
      'the invitation limit is reached',
      later,
    );
    const get = (query = '') =>
      app.http.get(`/api/pending-jobs${query}`).set('authorization', as(erin));

    const all = await get();
    const waiting = await get('?status=waiting&limit=1');
    const bogus = await get('?status=bogus');

    expect(all.body).toMatchObject({ page: 1, total: 2 });
    expect((all.body as PageBody<{ id: string }>).items.map((item) => item.id)).toEqual([
      newer.id,
      older.id,
    ]);
    expect((all.body as PageBody<Record<string, unknown>>).items[1]).toMatchObject({
      count: 4,
      reason: 'the invitation limit is reached',
      runAfter: later.toISOString(),
      status: 'waiting',
    });
    expect(waiting.body).toMatchObject({ limit: 1, total: 2, items: [{ id: newer.id }] });
    expect(bogus.status).toBe(400);
  });

  it('keeps Bull Board behind an admin key', async () => {
    const none = await app.http.get('/admin/queues');
    const user = await app.http.get('/admin/queues').set('authorization', as(alice));
    const byAdmin = await app.http.get('/admin/queues').set('authorization', as(admin()));

    expect(none.status).toBe(401);
    expect(user.status).toBe(403);
    expect(byAdmin.status).toBe(200);
  });

  it('keeps in the board cookie neither the key nor its hash, and ends it with the key', async () => {
    const created = await app.http
      .post('/api/keys')
      .set('authorization', as(admin()))
      .send({ name: 'board' });
    const { id, apiKey } = created.body as { id: string; apiKey: string };

    const opened = await app.http.get(`/admin/queues?key=${apiKey}`);

    expect(opened.status).toBe(200);
    const setCookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? []);
    const cookie = setCookie.find((line) => line.startsWith(`${BOARD_COOKIE}=`))!.split(';')[0];
    const value = decodeURIComponent(cookie.slice(BOARD_COOKIE.length + 1));
    expect(value).not.toContain(apiKey);
    expect(value).not.toContain(createHash('sha256').update(apiKey).digest('hex'));
    expect((await app.http.get('/admin/queues').set('cookie', cookie)).status).toBe(200);
    const asKey = await app.http.get('/api/me').set('authorization', `Bearer ${value}`);
    expect(asKey.status).toBe(401);
    const forged = `${BOARD_COOKIE}=${id}.${'A'.repeat(43)}`;
    expect((await app.http.get('/admin/queues').set('cookie', forged)).status).toBe(401);

    await app.http.delete(`/api/keys/${id}`).set('authorization', as(admin())).expect(204);

    expect((await app.http.get('/admin/queues').set('cookie', cookie)).status).toBe(401);
  });

  it('schedules the pending-job release every minute and runs it on the maintenance worker', async () => {
    const frank = await app.createUser('frank@example.com');
    // Working all week round the clock, so the release does not wait for working hours.
    const account = await createAccount(frank, {
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    });
    const campaignId = await createCampaign(frank, account);
    await app.http
      .patch(`/api/campaigns/${campaignId}`)
      .set('authorization', as(frank))
      .send({ status: 'active' })
      .expect(200);
    const pending = await app.service.app
      .get(LinkedInSettingsService)
      .createPendingJob(
        frank.id,
        campaignId,
        'follow-request',
        'connections',
        3,
        'a test',
        new Date(),
      );
    const maintenance = queues.queue('maintenance');

    const scheduler = await waitFor(
      async () =>
        (await maintenance.getJobScheduler('process-pending-jobs-every-minute')) ?? undefined,
    );
    await maintenance.add('process-pending-jobs', {});
    const released = await waitFor(async () => {
      const response = await app.http
        .get('/api/pending-jobs?status=released')
        .set('authorization', as(frank));
      return (response.body as PageBody<{ id: string; releasedJobId: string }>).items[0];
    });

    expect(scheduler).toMatchObject({ every: 60_000 });
    expect(released).toMatchObject({ id: pending.id, releasedJobId: `pending-${pending.id}` });
    const run = await list(frank, `pending-${pending.id}`);
    expect(run.body).toMatchObject({ state: 'waiting', data: { importLimit: 3 } });
    // Not for a browser in this test: paused, the run ends at once when the workers resume.
    await app.http
      .patch(`/api/campaigns/${campaignId}`)
      .set('authorization', as(frank))
      .send({ status: 'paused' })
      .expect(200);
  });

  it('lists completed and failed runs once the workers take them', async () => {
    const grace = await app.createUser('grace@example.com');
    const account = await createAccount(grace);
    const kept = await createCampaign(grace, account);
    const deleted = await createCampaign(grace, account);
    const done = await queued(grace, kept);
    const doomed = await queued(grace, deleted);
    // Paused, every queued run ends at once (not run) instead of opening a browser.
    await app.database.connection.db.update(campaigns).set({ status: 'paused' });
    // The API refuses to delete a campaign with a queued run; its row goes as if removed meanwhile.
    await app.database.connection.db.delete(campaigns).where(eq(campaigns.id, deleted));

    await workers.resume('follow-requests');
    const completed = await waitFor(async () => {
      const body = (await list(grace, 'completed')).body as PageBody<JobBody>;
      return body.total === 1 ? body : undefined;
    });
    const failed = await waitFor(async () => {
      const body = (await list(grace, 'failed')).body as PageBody<JobBody>;
      return body.total === 1 ? body : undefined;
    });

    expect(completed.items[0]).toMatchObject({ id: done.id, state: 'completed', attempts: 1 });
    expect(completed.items[0].result).not.toBeNull();
    // A campaign that no longer exists fails for good: no retries.
    expect(failed.items[0]).toMatchObject({ id: doomed.id, state: 'failed', attempts: 1 });
    expect(failed.items[0].error).toContain(deleted);
  });
});
