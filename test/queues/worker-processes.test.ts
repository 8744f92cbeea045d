import { Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { jobHistory } from '../../src/database/schema';
import type { QueueSettingsOverrides } from '../../src/queues/queue-definitions';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import {
  ChildEvent,
  ChildJobData,
  eventsKey,
  RunningChild,
  startWorkerChild,
} from '../support/queue-children';
import { createQueueHarness, QueueHarness, seedAccount, waitFor } from '../support/queue-harness';

// Short locks and stalled checks, so a killed worker's job comes back within seconds.
const QUICK: QueueSettingsOverrides = {
  'follow-requests': {
    job: { attempts: 3, backoff: { type: 'exponential', delay: 200, jitter: 0 } },
    worker: {
      concurrency: 3,
      lockDurationMs: 1_500,
      lockRenewMs: 500,
      stalledIntervalMs: 1_000,
      maxStalledCount: 1,
      drainDelaySeconds: 1,
    },
  },
};

describe('workers in separate processes, on one Redis and one Postgres', () => {
  let database: TestDatabase;
  let harness: QueueHarness;
  let children: RunningChild[] = [];
  let userId: string;

  const env = () => ({
    DATABASE_URL: database.url!,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: harness.prefix,
  });

  async function events(): Promise<ChildEvent[]> {
    const lines = await harness.redis.lrange(eventsKey(harness.prefix), 0, -1);
    return lines.map((line) => JSON.parse(line) as ChildEvent);
  }

  async function enqueue(data: Omit<ChildJobData, 'userId'>) {
    return harness.queues.addJob('follow-requests', 'follow-request', { userId, ...data });
  }

  function completed(jobIds: string[]) {
    return waitFor(
      async () => {
        const rows = await Promise.all(
          jobIds.map(async (id) => {
            const [row] = await database.connection.db
              .select()
              .from(jobHistory)
              .where(eq(jobHistory.id, id));
            return row;
          }),
        );
        return rows.every((row) => row?.state === 'completed') ? rows : undefined;
      },
      45_000,
      'every job to complete',
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    ({ userId } = await seedAccount(database.connection.db));
  });
  afterEach(async () => {
    await Promise.all(children.map((child) => child.stop()));
    children = [];
    await harness.close();
  });
  afterAll(() => database.drop());

  it('brings back the job of a worker killed mid-job and finishes it elsewhere', async () => {
    harness = await createQueueHarness({
      db: database.connection.db,
      prefix: uniquePrefix('stalled'),
      settings: QUICK,
    });
    const { accountId } = await seedAccount(database.connection.db);
    const doomed = await startWorkerChild('doomed', env(), { settings: QUICK });
    children.push(doomed);

    const job = await enqueue({ accountId, hangIn: 'doomed', workMs: 50 });
    await waitFor(async () => ((await events()).length > 0 ? true : undefined));
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    children.push(await startWorkerChild('rescuer', env(), { settings: QUICK }));
    const [row] = await completed([job.id]);

    const log = await events();
    expect(log.map(({ event, child }) => `${event}@${child}`)).toEqual([
      'start@doomed',
      'start@rescuer',
      'end@rescuer',
    ]);
    // A stall is not a failed attempt: the rescuer ran it as attempt 1.
    expect(log.map(({ attempt }) => attempt)).toEqual([1, 1, 1]);
    expect(row).toMatchObject({ attempts: 1, result: { child: 'rescuer' } });
    const stored = await Job.fromId(harness.queues.queue('follow-requests'), job.id);
    expect(stored?.attemptsMade).toBe(1);
    expect(stored?.stalledCounter).toBe(1);
  });

  it('runs one job per account at a time across two processes, waiting without attempts', async () => {
    harness = await createQueueHarness({
      db: database.connection.db,
      prefix: uniquePrefix('lease'),
      settings: QUICK,
    });
    const busy = await seedAccount(database.connection.db);
    const other = await seedAccount(database.connection.db);
    const options = { settings: QUICK, accountBusyDelayMs: 100, heartbeatEveryMs: 200 };
    children.push(
      ...(await Promise.all([
        startWorkerChild('left', env(), options),
        startWorkerChild('right', env(), options),
      ])),
    );

    const jobs = [];
    for (let index = 0; index < 6; index++) {
      jobs.push(await enqueue({ accountId: busy.accountId, workMs: 150 }));
    }
    for (let index = 0; index < 2; index++) {
      jobs.push(await enqueue({ accountId: other.accountId, workMs: 150 }));
    }
    const rows = await completed(jobs.map((job) => job.id));

    const log = await events();
    for (const accountId of [busy.accountId, other.accountId]) {
      const sequence = log.filter((entry) => entry.accountId === accountId);
      // Starts and ends of one account alternate: never two of its jobs at once.
      expect(sequence.map(({ event }) => event)).toEqual(
        sequence.map((_, index) => (index % 2 === 0 ? 'start' : 'end')),
      );
      for (let index = 0; index < sequence.length; index += 2) {
        expect(sequence[index + 1].jobId).toBe(sequence[index].jobId);
      }
    }
    expect(new Set(log.filter((entry) => entry.event === 'end').map((e) => e.jobId)).size).toBe(8);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    for (const job of jobs) {
      const stored = await Job.fromId(harness.queues.queue('follow-requests'), job.id);
      expect(stored?.attemptsMade).toBe(1);
    }
    // Six jobs of one account on six slots: some had to wait their turn (reported by heartbeat).
    const processes = await waitFor(async () => {
      const listed = await harness.workers.allStats(harness.redis);
      const workers = listed.flatMap((entry) => entry.workers);
      const deferred = workers.reduce((total, worker) => total + worker.deferred, 0);
      const done = workers.reduce((total, worker) => total + worker.completed, 0);
      return done === 8 && deferred > 0 ? listed : undefined;
    });
    expect(processes.map((entry) => entry.workers.map((worker) => worker.queue))).toEqual([
      ['follow-requests'],
      ['follow-requests'],
    ]);
  });
});
