import { randomUUID } from 'node:crypto';

import { Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { jobHistory } from '../../src/database/schema';
import { toJobView } from '../../src/jobs/job-view';
import { DuplicateJobError, PermanentJobError } from '../../src/queues/job-errors';
import type { JobContext, JobHandler } from '../../src/queues/job-handler';
import { QUEUE_NAMES, QUEUE_SETTINGS } from '../../src/queues/queue-definitions';
import type { QueueSettingsOverrides } from '../../src/queues/queue-definitions';
import { CampaignRunExistsError, LOST_FROM_REDIS } from '../../src/queues/queue.service';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../support/databases';
import { createQueueHarness, QueueHarness, seedAccount, waitFor } from '../support/queue-harness';

type Data = { userId: string; accountId?: string; campaignId?: string; step?: string };

/** A handler whose behaviour each test sets; it records every call. */
class ScriptedHandler implements JobHandler<Data, unknown> {
  calls: { attempt: number; at: number; jobId: string }[] = [];
  behaviour: (job: JobContext<Data>) => Promise<unknown> = () => Promise.resolve({ ok: true });

  handle(job: JobContext<Data>): Promise<unknown> {
    this.calls.push({ attempt: job.attempt, at: Date.now(), jobId: job.id });
    return this.behaviour(job);
  }
}

const FAST: QueueSettingsOverrides = {
  'follow-requests': {
    job: { attempts: 3, backoff: { type: 'exponential', delay: 300, jitter: 0 } },
    worker: {
      concurrency: 2,
      lockDurationMs: 5_000,
      lockRenewMs: 1_000,
      stalledIntervalMs: 5_000,
      drainDelaySeconds: 1,
    },
  },
};

describe.each(DATABASE_KINDS)('queue mechanics on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  let accountId: string;
  const harnesses: QueueHarness[] = [];

  async function harness(
    options: {
      prefix?: string;
      settings?: QueueSettingsOverrides;
      env?: Record<string, string>;
    } = {},
  ): Promise<{ harness: QueueHarness; handler: ScriptedHandler }> {
    const created = await createQueueHarness({
      db: database.connection.db,
      withEvents: true,
      settings: options.settings ?? FAST,
      workers: { queues: ['follow-requests'] },
      prefix: options.prefix,
      env: options.env,
    });
    harnesses.push(created);
    const handler = new ScriptedHandler();
    created.registry.register('follow-requests', 'follow-request', handler);
    return { harness: created, handler };
  }

  async function historyOf(jobId: string) {
    const [row] = await database.connection.db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, jobId));
    return row;
  }

  function settled(jobId: string, state: string) {
    return waitFor(
      async () => {
        const row = await historyOf(jobId);
        return row?.state === state ? row : undefined;
      },
      20_000,
      `job ${jobId} to be ${state}`,
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ userId, accountId } = await seedAccount(database.connection.db));
  });
  afterEach(async () => {
    for (const one of harnesses.splice(0)) await one.close();
  });
  afterAll(() => database.drop());

  it('writes every option of every queue out in one table', () => {
    for (const queue of QUEUE_NAMES) {
      const { job, worker } = QUEUE_SETTINGS[queue];
      expect(job.attempts).toBeGreaterThan(0);
      expect(job.backoff).toMatchObject({ type: 'exponential' });
      expect(job.backoff.jitter).toBeGreaterThan(0);
      expect(job.removeOnComplete).toMatchObject({ age: expect.any(Number) as number });
      expect(job.removeOnFail).toMatchObject({ age: expect.any(Number) as number });
      for (const value of Object.values(worker)) expect(value).toBeGreaterThan(0);
      expect(worker.lockRenewMs).toBeLessThan(worker.lockDurationMs);
    }
  });

  it('retries a failing job with exponential backoff, then completes it', async () => {
    const { harness: one, handler } = await harness();
    handler.behaviour = (job) =>
      job.attempt < 3 ? Promise.reject(new Error('LinkedIn was slow')) : Promise.resolve({ n: 3 });
    await one.workers.start();

    const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
    const row = await settled(job.id, 'completed');

    expect(handler.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = handler.calls.map((call) => call.at);
    // 300 ms, then 600 ms: each retry waits twice as long as the one before.
    expect(second - first).toBeGreaterThanOrEqual(295);
    expect(third - second).toBeGreaterThanOrEqual(595);
    expect(row).toMatchObject({ attempts: 3, result: { n: 3 }, error: 'LinkedIn was slow' });
    // The history keeps the last attempt's error; the API shows none on a completed job.
    expect(toJobView(row)).toMatchObject({ state: 'completed', error: null });
    const stored = await Job.fromId(one.queues.queue('follow-requests'), job.id);
    expect(stored?.opts.backoff).toEqual({ type: 'exponential', delay: 300, jitter: 0 });
  });

  it('fails a permanent failure at once, without retries, and tells the owner', async () => {
    const { harness: one, handler } = await harness();
    handler.behaviour = () => Promise.reject(new PermanentJobError('Campaign x no longer exists.'));
    await one.workers.start();

    const campaignId = randomUUID();
    const job = await one.queues.addJob('follow-requests', 'follow-request', {
      userId,
      campaignId,
    });
    const row = await settled(job.id, 'failed');

    expect(handler.calls).toHaveLength(1);
    expect(row).toMatchObject({ attempts: 1, error: 'Campaign x no longer exists.' });
    const stored = await Job.fromId(one.queues.queue('follow-requests'), job.id);
    expect(await stored?.getState()).toBe('failed');
    expect(stored?.attemptsMade).toBe(1);
    const failed = await waitFor(() =>
      one.events.find((event) => event.type === 'job.failed' && event.jobId === job.id),
    );
    expect(failed).toEqual({
      type: 'job.failed',
      userId,
      jobId: job.id,
      campaignId,
      error: 'Campaign x no longer exists.',
    });
    expect(one.workers.stats()[0]).toMatchObject({ queue: 'follow-requests', failed: 1 });
  });

  it('publishes progress and completion to the owner and keeps them in the history', async () => {
    const { harness: one, handler } = await harness();
    handler.behaviour = async (job) => {
      await job.updateProgress({ invited: 1, of: 2 });
      return { invited: 2 };
    };
    await one.workers.start();

    const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
    const row = await settled(job.id, 'completed');

    expect(row).toMatchObject({ progress: { invited: 1, of: 2 }, result: { invited: 2 } });
    await waitFor(() => one.events.find((event) => event.type === 'job.completed'));
    const mine = one.events.filter((event) => 'jobId' in event && event.jobId === job.id);
    expect(mine).toEqual([
      { type: 'job.progress', userId, jobId: job.id, progress: { invited: 1, of: 2 } },
      { type: 'job.completed', userId, jobId: job.id, result: { invited: 2 } },
    ]);
  });

  it('reports a duplicate job id instead of dropping it, and sanitizes ":"', async () => {
    const { harness: one } = await harness();
    const queue = one.queues.queue('follow-requests');

    const job = await one.queues.addJob(
      'follow-requests',
      'follow-request',
      { userId },
      { jobId: 'run:campaign 7' },
    );
    expect(job.id).toBe('run-campaign-7');
    const second = one.queues.addJob(
      'follow-requests',
      'follow-request',
      { userId },
      { jobId: 'run:campaign 7' },
    );

    await expect(second).rejects.toBeInstanceOf(DuplicateJobError);
    await expect(second).rejects.toMatchObject({ code: 'duplicate_job', status: 409 });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    await expect(
      one.queues.addJob('follow-requests', 'follow-request', { userId }, { jobId: '42' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a payload that carries more than ids', async () => {
    const { harness: one } = await harness();
    const big = { userId, notes: 'x'.repeat(5_000) };

    await expect(one.queues.addJob('follow-requests', 'follow-request', big)).rejects.toMatchObject(
      {
        code: 'payload_too_large',
      },
    );
    expect(await historyOf(`never`)).toBeUndefined();
  });

  it('keeps the history row after Redis has forgotten the job', async () => {
    const { harness: one } = await harness({
      settings: {
        ...FAST,
        'follow-requests': {
          ...FAST['follow-requests'],
          job: { ...FAST['follow-requests']!.job, removeOnComplete: { count: 0 } },
          worker: { ...FAST['follow-requests']!.worker, concurrency: 1 },
        },
      },
    });
    await one.workers.start();

    const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
    const row = await settled(job.id, 'completed');

    expect(row).toMatchObject({ userId, queue: 'follow-requests', result: { ok: true } });
    expect(await Job.fromId(one.queues.queue('follow-requests'), job.id)).toBeUndefined();
  });

  it('allows one open run per campaign, and a new run once Redis has lost the old one', async () => {
    const { harness: one } = await harness();
    const campaignId = randomUUID();
    const add = () =>
      one.queues.addJob(
        'follow-requests',
        'follow-request',
        { userId, campaignId, accountId },
        { onePerCampaign: true },
      );

    const first = await add();
    await expect(add()).rejects.toBeInstanceOf(CampaignRunExistsError);
    await (await Job.fromId(one.queues.queue('follow-requests'), first.id))!.remove();
    const third = await add();

    expect(third.id).not.toBe(first.id);
    expect(await historyOf(first.id)).toMatchObject({ state: 'failed', error: LOST_FROM_REDIS });
    expect(await historyOf(third.id)).toMatchObject({ state: 'waiting' });
  });

  it('pauses and resumes taking jobs', async () => {
    const { harness: one, handler } = await harness();
    await one.workers.start();
    await one.workers.pause();
    expect(one.workers.stats()[0].state).toBe('paused');

    const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handler.calls).toHaveLength(0);
    await one.workers.resume();

    await settled(job.id, 'completed');
    expect(one.workers.stats()[0].state).toBe('running');
  });

  describe('at shutdown', () => {
    it('lets a running job finish within the shutdown timeout', async () => {
      const { harness: one, handler } = await harness({ env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
      let release: () => void = () => undefined;
      handler.behaviour = () =>
        new Promise((resolve) => (release = () => resolve({ finished: true })));
      await one.workers.start();
      const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
      await waitFor(() => (handler.calls.length > 0 ? true : undefined));

      const stopped = one.workers.shutdown();
      setTimeout(() => release(), 300);
      await stopped;

      expect(await historyOf(job.id)).toMatchObject({ state: 'completed', attempts: 1 });
      const stored = await Job.fromId(one.queues.queue('follow-requests'), job.id);
      expect(await stored?.getState()).toBe('completed');
    });

    it('hands a job that outlives the timeout back to its queue, no attempt used', async () => {
      const { harness: one, handler } = await harness({ env: { SHUTDOWN_TIMEOUT_MS: '300' } });
      let release: () => void = () => undefined;
      // Ignores the abort signal: shutdown must not wait for it past the timeout.
      handler.behaviour = () => new Promise((resolve) => (release = () => resolve({})));
      await one.workers.start();
      const job = await one.queues.addJob('follow-requests', 'follow-request', { userId });
      await waitFor(() => (handler.calls.length > 0 ? true : undefined));

      await one.workers.shutdown();

      const stored = await Job.fromId(one.queues.queue('follow-requests'), job.id);
      expect(await stored?.getState()).toBe('waiting');
      expect(stored?.attemptsMade).toBe(0);
      expect(await historyOf(job.id)).toMatchObject({ state: 'waiting' });

      const { harness: two, handler: next } = await harness({ prefix: one.prefix });
      await two.workers.start();
      await settled(job.id, 'completed');
      expect(next.calls.map((call) => call.attempt)).toEqual([1]);
      release();
    });

    it('hands back a job that stops at the abort signal and frees its account', async () => {
      const { harness: one, handler } = await harness({ env: { SHUTDOWN_TIMEOUT_MS: '5000' } });
      handler.behaviour = (job) =>
        new Promise((_, reject) =>
          job.signal.addEventListener('abort', () => reject(new Error('stopped at a safe point'))),
        );
      await one.workers.start();
      const job = await one.queues.addJob('follow-requests', 'follow-request', {
        userId,
        accountId,
      });
      await waitFor(() => (handler.calls.length > 0 ? true : undefined));

      await one.workers.shutdown();

      const stored = await Job.fromId(one.queues.queue('follow-requests'), job.id);
      expect(await stored?.getState()).toBe('waiting');
      expect(stored?.attemptsMade).toBe(0);
      expect(await one.redis.exists(`${one.prefix}:lease:account:${accountId}`)).toBe(0);
      const { harness: two } = await harness({ prefix: one.prefix });
      await two.workers.start();
      expect(await settled(job.id, 'completed')).toMatchObject({ attempts: 1 });
    });
  });
});
