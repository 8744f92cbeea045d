import { Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/common/clock';
import { openPostgres, type Database } from '../../src/database/database';
import { campaigns, jobHistory, linkedinAccounts, pendingJobs } from '../../src/database/schema';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import { createQueueHarness, QueueHarness, seedAccount } from '../support/queue-harness';

const SEASONED = new Date('2025-01-01T00:00:00Z');
// Friday 16:00 in Berlin; the account works Monday to Friday, 09:00 to 18:00.
const FRIDAY = '2026-03-27T15:00:00Z';
const MONDAY_OPENING = '2026-03-30T07:00:00Z';

describe.each(DATABASE_KINDS)('pending jobs on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  const clock = new ManualClock(FRIDAY);
  const harnesses: QueueHarness[] = [];

  async function harness(prefix?: string, onDb: Database = db): Promise<QueueHarness> {
    const created = await createQueueHarness({ db: onDb, clock, prefix });
    harnesses.push(created);
    return created;
  }

  /** An active Berlin account and campaign whose invitations are used up for today. */
  async function parkedCampaign(one: QueueHarness, count = 5) {
    const owner = await seedAccount(db, {
      timezone: 'Europe/Berlin',
      createdAt: SEASONED,
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    });
    const [campaign] = await db
      .insert(campaigns)
      .values({
        userId: owner.userId,
        accountId: owner.accountId,
        name: 'Growth leads',
        status: 'active',
        sourceType: 'search',
        source: {
          type: 'search',
          url: 'https://www.linkedin.com/search/results/people/?keywords=growth',
        },
      })
      .returning({ id: campaigns.id });
    await one.settings.setLimits(owner.userId, owner.accountId, { connections: { daily: 1 } });
    await one.settings.getMaxActionsForRun(owner.accountId, 'connections', 1, { jobId: 'earlier' });
    const grant = await one.settings.getMaxActionsForRun(owner.accountId, 'connections', count);
    const pending = await one.settings.createPendingJob(
      owner.userId,
      campaign.id,
      'follow-request',
      'connections',
      count,
      'the invitation limit is reached',
      grant.resumeAt!,
    );
    return { ...owner, campaignId: campaign.id, pending };
  }

  async function pendingRow(id: string) {
    const [row] = await db.select().from(pendingJobs).where(eq(pendingJobs.id, id));
    return row;
  }

  async function redisJob(one: QueueHarness, id: string) {
    return Job.fromId(one.queues.queue('follow-requests'), `pending-${id}`);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.connection.db;
  });
  afterEach(async () => {
    for (const one of harnesses.splice(0)) await one.close();
    // Each test sees only its own parked work.
    await db
      .update(pendingJobs)
      .set({ status: 'cancelled' })
      .where(eq(pendingJobs.status, 'waiting'));
  });
  afterAll(() => database.drop());

  it('releases parked work once the day turns and working hours begin, once', async () => {
    clock.set(FRIDAY);
    const one = await harness();
    const parked = await parkedCampaign(one);
    expect(parked.pending.runAfter).toEqual(new Date(MONDAY_OPENING));

    const onFriday = await one.pending.handle();
    clock.set('2026-03-28T10:00:00Z');
    const onSaturday = await one.pending.handle();
    clock.set(MONDAY_OPENING);
    await one.settings.releaseForJob('earlier');
    const onMonday = await one.pending.handle();
    const again = await one.pending.handle();

    expect(onFriday.released).toEqual([]);
    expect(onSaturday.released).toEqual([]);
    expect(onMonday.released).toEqual([parked.pending.id]);
    expect(again).toMatchObject({ due: 0, released: [] });
    const job = await redisJob(one, parked.pending.id);
    expect(job?.data).toEqual({
      userId: parked.userId,
      campaignId: parked.campaignId,
      accountId: parked.accountId,
      importLimit: 5,
      pendingJobId: parked.pending.id,
    });
    expect(await one.queues.queue('follow-requests').getJobCounts('waiting')).toEqual({
      waiting: 1,
    });
    expect(await pendingRow(parked.pending.id)).toMatchObject({
      status: 'released',
      releasedJobId: `pending-${parked.pending.id}`,
      releasedAt: new Date(MONDAY_OPENING),
    });
    const [history] = await db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, `pending-${parked.pending.id}`));
    expect(history).toMatchObject({ state: 'waiting', userId: parked.userId });
  });

  it('leaves due work waiting while the quota is still used up', async () => {
    clock.set(FRIDAY);
    const one = await harness();
    const parked = await parkedCampaign(one);
    await db
      .update(pendingJobs)
      .set({ runAfter: new Date(FRIDAY) })
      .where(eq(pendingJobs.id, parked.pending.id));

    const summary = await one.pending.handle();

    expect(summary).toMatchObject({ released: [], held: { no_quota: 1 }, leftWaiting: 1 });
    expect(await pendingRow(parked.pending.id)).toMatchObject({ status: 'waiting' });
    expect(await redisJob(one, parked.pending.id)).toBeUndefined();
  });

  it('holds the work of a paused account or campaign until the user resumes it', async () => {
    clock.set(FRIDAY);
    const one = await harness();
    const parked = await parkedCampaign(one);
    clock.set(MONDAY_OPENING);
    await one.settings.releaseForJob('earlier');
    const setAccount = (status: 'active' | 'checkpoint') =>
      db.update(linkedinAccounts).set({ status }).where(eq(linkedinAccounts.id, parked.accountId));
    const setCampaign = (status: 'active' | 'paused') =>
      db.update(campaigns).set({ status }).where(eq(campaigns.id, parked.campaignId));

    await setAccount('checkpoint');
    const accountHeld = await one.pending.handle();
    await setAccount('active');
    await setCampaign('paused');
    const campaignHeld = await one.pending.handle();
    await setCampaign('active');
    const resumed = await one.pending.handle();

    expect(accountHeld).toMatchObject({ released: [], held: { account_not_active: 1 } });
    expect(campaignHeld).toMatchObject({ released: [], held: { campaign_not_active: 1 } });
    expect(resumed.released).toEqual([parked.pending.id]);
  });

  it('releases each row once when two schedulers run at the same time', async () => {
    clock.set(FRIDAY);
    const one = await harness();
    // A second process: its own queue connection and, on Postgres, its own connection pool.
    const otherDatabase = database.url ? openPostgres({ url: database.url, poolSize: 5 }) : null;
    const two = await harness(one.prefix, otherDatabase?.db ?? db);
    const parked = [];
    for (let index = 0; index < 5; index++) parked.push(await parkedCampaign(one, 3));
    clock.set(MONDAY_OPENING);
    await one.settings.releaseForJob('earlier');

    const [first, second] = await Promise.all([one.pending.handle(), two.pending.handle()]);
    await otherDatabase?.close();

    const released = [...first.released, ...second.released].sort();
    expect(released).toEqual(parked.map((entry) => entry.pending.id).sort());
    expect(await one.queues.queue('follow-requests').getJobCounts('waiting')).toEqual({
      waiting: 5,
    });
    for (const entry of parked) {
      expect(await pendingRow(entry.pending.id)).toMatchObject({ status: 'released' });
    }
  });

  it('neither loses nor doubles work when a release died after Redis took the job', async () => {
    clock.set(FRIDAY);
    const one = await harness();
    const parked = await parkedCampaign(one);
    clock.set(MONDAY_OPENING);
    await one.settings.releaseForJob('earlier');
    // The job reached Redis, then the process died before its transaction committed.
    await one.queues
      .queue('follow-requests')
      .add(
        'follow-request',
        { userId: parked.userId, campaignId: parked.campaignId, accountId: parked.accountId },
        { jobId: `pending-${parked.pending.id}` },
      );

    const summary = await one.pending.handle();
    const [history] = await db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, `pending-${parked.pending.id}`));

    expect(summary.released).toEqual([parked.pending.id]);
    expect(await pendingRow(parked.pending.id)).toMatchObject({ status: 'released' });
    expect(history).toMatchObject({ state: 'waiting' });
    expect(await one.queues.queue('follow-requests').getJobCounts('waiting')).toEqual({
      waiting: 1,
    });
  });

  it('never enqueues a released row again, even when the row says waiting', async () => {
    clock.set(FRIDAY);
    const one = await harness(uniquePrefix('again'));
    const parked = await parkedCampaign(one);
    clock.set(MONDAY_OPENING);
    await one.settings.releaseForJob('earlier');
    await one.pending.handle();
    await db
      .update(pendingJobs)
      .set({ status: 'waiting' })
      .where(eq(pendingJobs.id, parked.pending.id));

    const summary = await one.pending.handle();

    expect(summary.released).toEqual([]);
    expect(await pendingRow(parked.pending.id)).toMatchObject({ status: 'released' });
    expect(await one.queues.queue('follow-requests').getJobCounts('waiting')).toEqual({
      waiting: 1,
    });
  });
});
