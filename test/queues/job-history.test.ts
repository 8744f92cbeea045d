import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { selectRows } from '../../src/database/database';
import { jobHistory, users } from '../../src/database/schema';
import { DuplicateJobError } from '../../src/queues/job-errors';
import { JobHistoryChange, JobHistoryService } from '../../src/queues/job-history.service';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../support/databases';
import { createQueueHarness, QueueHarness, seedAccount, waitFor } from '../support/queue-harness';

describe.each(DATABASE_KINDS)('job history writes on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  const harnesses: QueueHarness[] = [];

  function change(id: string, values: Partial<JobHistoryChange> = {}): JobHistoryChange {
    return {
      id,
      queue: 'follow-requests',
      name: 'follow-request',
      data: { userId },
      state: 'completed',
      attempts: 1,
      at: new Date(),
      result: { ok: true },
      finishedAt: new Date(),
      ...values,
    };
  }

  async function rowOf(jobId: string) {
    const [row] = await database.connection.db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, jobId));
    return row;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ userId } = await seedAccount(database.connection.db));
  });
  afterEach(async () => {
    for (const one of harnesses.splice(0)) await one.close();
  });
  afterAll(() => database.drop());

  it('writes the change of an enqueued job into its row, keeping what the change lacks', async () => {
    const harness = await createQueueHarness({ db: database.connection.db });
    harnesses.push(harness);
    const job = await harness.queues.addJob('follow-requests', 'follow-request', { userId });
    const startedAt = new Date(Date.now() + 10);

    harness.history.record(change(job.id, { state: 'active', at: startedAt, startedAt }));
    harness.history.record(
      change(job.id, { progress: { invited: 2 }, at: new Date(startedAt.getTime() + 10) }),
    );
    await harness.history.flush();

    const row = await rowOf(job.id);
    expect(row).toMatchObject({
      state: 'completed',
      attempts: 1,
      progress: { invited: 2 },
      result: { ok: true },
      data: { userId },
      startedAt,
    });
    expect(row.finishedAt).toBeInstanceOf(Date);
  });

  it('writes the row of a job that has none', async () => {
    const history = new JobHistoryService(database.connection.db);

    history.record(change('job-without-a-row', { error: 'failed once\u0000' }));
    await history.flush();

    expect(await rowOf('job-without-a-row')).toMatchObject({
      userId,
      queue: 'follow-requests',
      state: 'completed',
      error: 'failed once',
    });
  });

  it('leaves a row alone that holds a newer change', async () => {
    const history = new JobHistoryService(database.connection.db);
    const newer = new Date();
    history.record(change('job-with-a-newer-row', { at: newer }));
    await history.flush();

    history.record(
      change('job-with-a-newer-row', { state: 'active', at: new Date(newer.getTime() - 1_000) }),
    );
    await history.flush();

    expect(await rowOf('job-with-a-newer-row')).toMatchObject({
      state: 'completed',
      updatedAt: newer,
    });
  });
});

describe('job history on Postgres, while the enqueue has not committed', () => {
  let database: TestDatabase;
  let userId: string;
  let harness: QueueHarness;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const [user] = await database.connection.db
      .insert(users)
      .values({ email: 'early-change@example.com' })
      .returning({ id: users.id });
    userId = user.id;
    harness = await createQueueHarness({ db: database.connection.db });
  });
  afterAll(async () => {
    await harness.close();
    await database.drop();
  });

  /** Until an insert into the history waits for a lock another transaction holds. */
  function insertWaitingForLock(what: string): Promise<unknown> {
    return waitFor(
      async () => {
        const waiting = await selectRows<{ pid: number }>(
          database.connection.db,
          sql`select pid from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'
                and query like '%insert into job_history%'`,
        );
        return waiting.length > 0 ? true : undefined;
      },
      10_000,
      what,
    );
  }

  it('keeps a change that arrives before its row is committed and writes it after', async () => {
    let written: Promise<void> = Promise.resolve();

    const job = await harness.queues.addJob(
      'follow-requests',
      'follow-request',
      { userId },
      {
        jobId: 'early-change',
        // Inside the enqueue transaction: the row exists for it alone, as when a worker
        // finishes a job between the push to Redis and the commit.
        beforePush: async () => {
          harness.history.record({
            id: 'early-change',
            queue: 'follow-requests',
            name: 'follow-request',
            data: { userId },
            state: 'completed',
            attempts: 1,
            at: new Date(),
            result: { ok: true },
          });
          written = harness.history.flush();
          // The update missed the row; the upsert now waits for this transaction.
          await insertWaitingForLock('the history upsert to wait for the enqueue');
        },
      },
    );
    await written;

    const [row] = await database.connection.db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, job.id));
    expect(row).toMatchObject({ state: 'completed', result: { ok: true }, attempts: 1 });
  });

  it('reports a caller id another enqueue takes at the same moment as a duplicate', async () => {
    let second: Promise<unknown> = Promise.resolve();

    const first = await harness.queues.addJob(
      'follow-requests',
      'follow-request',
      { userId },
      {
        jobId: 'taken-meanwhile',
        // The second enqueue finds no row yet (this one has not committed) and inserts.
        beforePush: async () => {
          second = harness.queues.addJob(
            'follow-requests',
            'follow-request',
            { userId },
            { jobId: 'taken-meanwhile' },
          );
          second.catch(() => undefined);
          await insertWaitingForLock('the second insert to wait for the first enqueue');
        },
      },
    );

    expect(first.id).toBe('taken-meanwhile');
    await expect(second).rejects.toBeInstanceOf(DuplicateJobError);
    await expect(second).rejects.toMatchObject({ jobId: 'taken-meanwhile', status: 409 });
    const rows = await database.connection.db
      .select()
      .from(jobHistory)
      .where(eq(jobHistory.id, 'taken-meanwhile'));
    expect(rows).toHaveLength(1);
  });
});
