import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { and, count, eq, inArray, sql } from 'drizzle-orm';

import type { Page } from '../common/paging';
import { DATABASE, Database, selectRows } from '../database/database';
import { newestFirstPage } from '../database/newest-first';
import { jobHistory } from '../database/schema';

export type JobHistoryState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
/** States of a job that is not finished: a run in one of them blocks a second run. */
export const OPEN_JOB_STATES: JobHistoryState[] = ['waiting', 'delayed', 'active'];
export type JobHistoryRow = typeof jobHistory.$inferSelect;

/** A change seen by a worker; fields left undefined keep what the row has. */
export interface JobHistoryChange {
  id: string;
  queue: string;
  name: string;
  data: Record<string, unknown> & { userId: string };
  state: JobHistoryState;
  attempts: number;
  at: Date;
  progress?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: string;
  startedAt?: Date;
  finishedAt?: Date;
}

// Changes of one job within the interval merge into one row write; GET /api/jobs/:id reads
// Redis for an open job, so the short lag does not show there.
const FLUSH_INTERVAL_MS = 200;
const FLUSH_BATCH = 1_000;
const MAX_BUFFERED = 50_000;

/**
 * The lasting record of every job a user owns. Enqueue writes the first row; workers report
 * changes, which are merged per job and written in batches (upserts that never let an older
 * change overwrite a newer one).
 */
@Injectable()
export class JobHistoryService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobHistoryService.name);
  private readonly buffer = new Map<string, JobHistoryChange>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Queues a change for the next batch; the service owns the object from now on. */
  record(change: JobHistoryChange): void {
    const earlier = this.buffer.get(change.id);
    if (earlier) mergeInto(earlier, change);
    else this.buffer.set(change.id, change);
    if (this.buffer.size >= FLUSH_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything buffered; resolves when written (or when the write failed and was kept). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    if (this.buffer.size === 0) return;

    const batch = [...this.buffer.values()];
    this.buffer.clear();
    this.flushing = this.write(batch).finally(() => (this.flushing = null));
    await this.flushing;
  }

  // After the workers stopped (they stop in onModuleDestroy), so their last changes are kept.
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /**
   * Records what became of a stalled job (the stalled event carries only its id): back to
   * waiting, or failed when it stalled too often. A newer change of the row wins.
   */
  async markStalled(
    jobId: string,
    at: Date,
    outcome: { state: 'waiting' } | { state: 'failed'; error: string } = { state: 'waiting' },
  ): Promise<void> {
    await this.flush();
    await this.db
      .update(jobHistory)
      .set(
        outcome.state === 'failed'
          ? { state: 'failed', error: outcome.error, finishedAt: at, updatedAt: at }
          : { state: 'waiting', updatedAt: at },
      )
      .where(and(eq(jobHistory.id, jobId), sql`${jobHistory.updatedAt} <= ${at.toISOString()}`));
  }

  async get(userId: string | null, jobId: string): Promise<JobHistoryRow | null> {
    const [row] = await this.db
      .select()
      .from(jobHistory)
      .where(
        userId
          ? and(eq(jobHistory.id, jobId), eq(jobHistory.userId, userId))
          : eq(jobHistory.id, jobId),
      );
    return row ?? null;
  }

  /** A user's jobs in the given states, newest first. */
  async list(
    userId: string,
    states: JobHistoryState[],
    page: number,
    limit: number,
  ): Promise<Page<JobHistoryRow>> {
    const where = and(eq(jobHistory.userId, userId), inArray(jobHistory.state, states));
    return newestFirstPage(this.db, jobHistory, where, page, limit);
  }

  /** Counts per queue and state; of one user, or of everyone when userId is null. */
  async counts(userId: string | null): Promise<Record<string, Record<string, number>>> {
    const rows = await this.db
      .select({ queue: jobHistory.queue, state: jobHistory.state, total: count() })
      .from(jobHistory)
      .where(userId ? eq(jobHistory.userId, userId) : undefined)
      .groupBy(jobHistory.queue, jobHistory.state);
    const counts: Record<string, Record<string, number>> = {};
    for (const row of rows) (counts[row.queue] ??= {})[row.state] = row.total;
    return counts;
  }

  private async write(batch: JobHistoryChange[]): Promise<void> {
    try {
      const missing = await this.updateRows(batch);
      if (missing.size > 0) await this.upsertRows(batch.filter(({ id }) => missing.has(id)));
    } catch (error) {
      this.logger.warn({
        msg: 'job history write failed; will retry',
        err: (error as Error).message,
      });
      for (const change of batch) {
        const newer = this.buffer.get(change.id);
        if (newer) {
          mergeInto(change, newer);
          this.buffer.set(change.id, change);
        } else if (this.buffer.size < MAX_BUFFERED) {
          this.buffer.set(change.id, change);
        }
      }
      this.timer ??= setTimeout(() => void this.flush(), 1_000);
    }
  }

  /**
   * Updates the rows enqueue wrote, over one JSON parameter that carries only what changes;
   * answers the ids it did not update (their row is not committed yet, is newer, or is gone).
   */
  private async updateRows(batch: JobHistoryChange[]): Promise<Set<string>> {
    const rows = await selectRows<{ id: string }>(
      this.db,
      sql`
        with given as materialized (
          select id, state, progress, result, error, attempts, to_timestamp(at / 1000) as at,
            to_timestamp(started_at / 1000) as started_at,
            to_timestamp(finished_at / 1000) as finished_at
          from json_to_recordset(${JSON.stringify(batch.map(toUpdate))}::json) as given(
            id text, state text, progress jsonb, result jsonb, error text, attempts integer,
            at float8, started_at float8, finished_at float8)
        ), updated as (
          update job_history set
            state = given.state,
            attempts = greatest(given.attempts, job_history.attempts),
            progress = coalesce(given.progress, job_history.progress),
            result = coalesce(given.result, job_history.result),
            error = coalesce(given.error, job_history.error),
            started_at = coalesce(job_history.started_at, given.started_at),
            finished_at = given.finished_at,
            updated_at = given.at
          from given
          where job_history.id = given.id and job_history.updated_at <= given.at
          returning job_history.id
        )
        select id from given where id not in (select id from updated)`,
    );
    return new Set(rows.map(({ id }) => id));
  }

  /**
   * The rare rest: an upsert waits for an enqueue that has not committed yet, and writes the
   * row of a job that has none; a newer row is left as it is.
   */
  private async upsertRows(batch: JobHistoryChange[]): Promise<void> {
    await this.db.execute(sql`
      insert into job_history (id, queue, name, user_id, campaign_id, account_id, state, data,
        progress, result, error, attempts, created_at, started_at, finished_at, updated_at)
      select id, queue, name, user_id, campaign_id, account_id, state, data,
        progress, result, error, attempts, to_timestamp(at / 1000),
        to_timestamp(started_at / 1000), to_timestamp(finished_at / 1000),
        to_timestamp(at / 1000)
      from jsonb_to_recordset(${JSON.stringify(batch.map(toRecord))}::jsonb) as given(
        id text, queue text, name text, user_id uuid, campaign_id uuid, account_id uuid,
        state text, data jsonb, progress jsonb, result jsonb, error text, attempts integer,
        at float8, started_at float8, finished_at float8)
      on conflict (id) do update set
        state = excluded.state,
        attempts = greatest(excluded.attempts, job_history.attempts),
        progress = coalesce(excluded.progress, job_history.progress),
        result = coalesce(excluded.result, job_history.result),
        error = coalesce(excluded.error, job_history.error),
        started_at = coalesce(job_history.started_at, excluded.started_at),
        finished_at = excluded.finished_at,
        updated_at = excluded.updated_at
      where job_history.updated_at <= excluded.updated_at`);
  }
}

/** Lays a later change of the same job over an earlier one, in place. */
function mergeInto(earlier: JobHistoryChange, later: JobHistoryChange): void {
  earlier.state = later.state;
  earlier.at = later.at;
  earlier.attempts = Math.max(earlier.attempts, later.attempts);
  earlier.progress = later.progress ?? earlier.progress;
  earlier.result = later.result ?? earlier.result;
  earlier.error = later.error ?? earlier.error;
  earlier.startedAt ??= later.startedAt;
  earlier.finishedAt = later.finishedAt;
}

/**
 * A change as one element of the JSON the update reads: times as epoch milliseconds (a Date
 * costs more to serialize than the rest of the record), read as float8 (exact for them, and
 * its division costs a fraction of numeric's); fields without a value left out (read as null).
 */
function toUpdate(change: JobHistoryChange) {
  return {
    id: change.id,
    state: change.state,
    progress: change.progress,
    result: change.result,
    error: change.error === undefined ? undefined : withoutNul(change.error),
    attempts: change.attempts,
    at: change.at.getTime(),
    started_at: change.startedAt?.getTime(),
    finished_at: change.finishedAt?.getTime(),
  };
}

/** A change as one element of the JSON the upsert reads. */
function toRecord(change: JobHistoryChange) {
  const { data } = change;
  return {
    id: change.id,
    queue: change.queue,
    name: change.name,
    user_id: data.userId,
    campaign_id: typeof data.campaignId === 'string' ? data.campaignId : null,
    account_id: typeof data.accountId === 'string' ? data.accountId : null,
    state: change.state,
    data,
    progress: change.progress ?? null,
    result: change.result ?? null,
    error: withoutNul(change.error),
    attempts: change.attempts,
    at: change.at.getTime(),
    started_at: change.startedAt?.getTime() ?? null,
    finished_at: change.finishedAt?.getTime() ?? null,
  };
}

// Postgres text holds no NUL; a page's text in an error message might.
function withoutNul(text: string | undefined): string | null {
  return text?.replaceAll('\u0000', '') ?? null;
}
