import { once } from 'node:events';

import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';

import { REDIS_URL } from '../app/core.module';
import {
  AppError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DATABASE, Database } from '../database/database';
import { uniqueViolation } from '../database/database-errors';
import { campaigns, jobHistory } from '../database/schema';
import { createRequestRedis } from '../redis/redis';
import { DuplicateJobError, JobPayloadTooLargeError } from './job-errors';
import { JobIdGenerator } from './job-ids';
import { JobHistoryState, OPEN_JOB_STATES } from './job-history.service';
import {
  FollowRequestJobData,
  FollowResponseJobData,
  MAX_PAYLOAD_BYTES,
  SendMessagesJobData,
} from './job-payloads';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  QUEUE_SETTINGS_OVERRIDES,
  QueueName,
  QueueSettings,
  QueueSettingsOverrides,
  resolveQueueSettings,
} from './queue-definitions';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface EnqueueOptions {
  /** A caller-chosen id (sanitized: no `:`); a second job with it is a DuplicateJobError. */
  jobId?: string;
  /** Earliest start, in milliseconds from now. */
  delayMs?: number;
  /** Refuse (409) when a job of the same campaign on this queue is waiting or active. */
  onePerCampaign?: boolean;
  /**
   * Runs in the enqueue transaction after the history row is written and before Redis gets the
   * job; throwing undoes the enqueue. Lets a caller record the enqueue atomically with it.
   */
  beforePush?: (tx: Transaction) => Promise<void>;
}

export interface EnqueuedJob {
  id: string;
  queue: QueueName;
  name: string;
  state: JobHistoryState;
  data: Record<string, unknown>;
  createdAt: string;
}

/** What Redis says of a job right now; `missing` when Redis no longer has it. */
export interface LiveJobState {
  state: JobHistoryState | 'missing';
  attemptsMade: number;
  result: Record<string, unknown> | null;
  error: string | null;
  finishedAt: Date | null;
}

/** A run of the campaign is already waiting or active on the queue. */
export class CampaignRunExistsError extends AppError {
  constructor(
    campaignId: string,
    readonly jobId: string,
  ) {
    super(
      'conflict',
      `Campaign ${campaignId} already has a run waiting or running (job ${jobId}).`,
      {
        campaignId,
        jobId,
      },
    );
  }
}

type OwnedData = Record<string, unknown> & { userId: string };

interface PreparedJob {
  item: EnqueueOptions & { data: OwnedData };
  id: string;
  state: JobHistoryState;
  delayMs: number;
}

const REDIS_TIMEOUT_MS = 1_000;
// A connection that is still connecting gets this long before the request answers 503.
const READY_WAIT_MS = 500;
const MAINTENANCE_SCHEDULER_ID = 'process-pending-jobs-every-minute';
export const LOST_FROM_REDIS =
  'lost from Redis: the job history said it was open, but Redis no longer has the job';

/**
 * Names the queues and puts jobs on them, each with its history row written in the same
 * database transaction (a failed Redis write rolls the row back).
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: Redis;
  private readonly queues: Record<QueueName, Queue>;
  private readonly settings: Record<QueueName, QueueSettings>;
  private readonly ids = new JobIdGenerator();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_URL) redisUrl: string,
    @Inject(DATABASE) private readonly db: Database,
    @Optional() @Inject(QUEUE_SETTINGS_OVERRIDES) overrides?: QueueSettingsOverrides,
  ) {
    this.settings = Object.fromEntries(
      QUEUE_NAMES.map((name) => [name, resolveQueueSettings(name, overrides)]),
    ) as Record<QueueName, QueueSettings>;
    // Fails fast, so a request answers 503 within a second while Redis is away.
    this.connection = createRequestRedis(redisUrl);
    this.connection.on('error', () => undefined);
    this.queues = Object.fromEntries(
      QUEUE_NAMES.map((name) => [name, this.createQueue(name)]),
    ) as Record<QueueName, Queue>;
  }

  /** The BullMQ queue behind a name (Bull Board, schedulers, tests). */
  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  get prefix(): string {
    return this.config.QUEUE_PREFIX;
  }

  /** Enqueues one run of a campaign's invitations; one run per campaign at a time (409). */
  async addFollowRequestJob(
    userId: string,
    campaignId: string,
    options: {
      importLimit: number;
      jobId?: string;
      delayMs?: number;
      pendingJobId?: string;
      beforePush?: EnqueueOptions['beforePush'];
    },
  ): Promise<EnqueuedJob> {
    const accountId = await this.campaignAccount(userId, campaignId);
    const data: FollowRequestJobData = {
      userId,
      campaignId,
      accountId,
      importLimit: options.importLimit,
    };
    if (options.pendingJobId) data.pendingJobId = options.pendingJobId;
    return this.addJob('follow-requests', 'follow-request', data, {
      jobId: options.jobId,
      delayMs: options.delayMs,
      beforePush: options.beforePush,
      onePerCampaign: true,
    });
  }

  /** Enqueues a check of who accepted the campaign's invitations. */
  async addFollowResponseJob(
    userId: string,
    campaignId: string,
    options: Omit<EnqueueOptions, 'onePerCampaign'> = {},
  ): Promise<EnqueuedJob> {
    const accountId = await this.campaignAccount(userId, campaignId);
    const data: FollowResponseJobData = { userId, campaignId, accountId };
    return this.addJob('follow-responses', 'follow-response', data, {
      ...options,
      onePerCampaign: true,
    });
  }

  /** Enqueues the sending of the campaign's due follow-up messages. */
  async addSendMessagesJob(
    userId: string,
    campaignId: string,
    options: Omit<EnqueueOptions, 'onePerCampaign'> = {},
  ): Promise<EnqueuedJob> {
    const accountId = await this.campaignAccount(userId, campaignId);
    const data: SendMessagesJobData = { userId, campaignId, accountId };
    return this.addJob('messages', 'send-messages', data, { ...options, onePerCampaign: true });
  }

  /** Puts one owned job on a queue, with its history row. */
  async addJob(
    queue: QueueName,
    name: string,
    data: OwnedData,
    options: EnqueueOptions = {},
  ): Promise<EnqueuedJob> {
    const [job] = await this.addJobs(queue, name, [{ data, ...options }]);
    return job;
  }

  /** Puts many owned jobs on a queue in one transaction and one Redis round trip. */
  async addJobs(
    queue: QueueName,
    name: string,
    items: (EnqueueOptions & { data: OwnedData })[],
  ): Promise<EnqueuedJob[]> {
    if (!(JOB_NAMES[queue] as readonly string[]).includes(name)) {
      throw new ValidationError(`Queue ${queue} carries no job named ${name}.`);
    }
    const jobs = items.map((item) => prepare(item, this.ids));
    // Generated ids never repeat; only a caller's can.
    const repeated = firstRepeated(
      jobs.filter((job) => job.item.jobId !== undefined).map((job) => job.id),
    );
    if (repeated) throw new DuplicateJobError(repeated);
    await this.ensureRedisReady();

    const now = new Date();
    await this.db.transaction(async (tx) => {
      await this.refuseDuplicates(tx, jobs);
      for (const job of jobs) {
        const { campaignId } = job.item.data;
        if (job.item.onePerCampaign && typeof campaignId === 'string') {
          await this.refuseSecondRun(tx, queue, campaignId);
        }
      }

      // One JSON parameter for the whole batch: cheap to build and parse at any size. A plain
      // insert: a clash (another process took a caller's id after our check) fails it as a
      // duplicate, and an upsert's conflict check costs about a third of the insert.
      const rows = jobs.map((job) => ({
        id: job.id,
        user_id: job.item.data.userId,
        campaign_id: stringOrUndefined(job.item.data.campaignId),
        account_id: stringOrUndefined(job.item.data.accountId),
        state: job.state,
        data: job.item.data,
      }));
      await tx
        .execute(
          sql`
            insert into job_history (id, queue, name, user_id, campaign_id, account_id, state,
              data, created_at, updated_at)
            select id, ${queue}, ${name}, user_id, campaign_id, account_id, state, data,
              ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
            from json_to_recordset(${JSON.stringify(rows)}::json) as given(
              id text, user_id uuid, campaign_id uuid, account_id uuid, state text, data jsonb)`,
        )
        .catch((error: unknown) => {
          const taken = takenJobId(error);
          if (taken === null) throw error;
          const chosen = jobs.find((job) => job.item.jobId !== undefined) ?? jobs[0];
          throw new DuplicateJobError(taken || chosen.id);
        });
      for (const job of jobs) await job.item.beforePush?.(tx);

      // The queue's default options (its table) apply to every job; each adds its id only.
      await this.pushToRedis(
        queue,
        jobs.map((job) => ({
          name,
          data: job.item.data,
          opts: job.delayMs > 0 ? { jobId: job.id, delay: job.delayMs } : { jobId: job.id },
        })),
      );
    });

    return jobs.map((job) => ({
      id: job.id,
      queue,
      name,
      state: job.state,
      data: job.item.data,
      createdAt: now.toISOString(),
    }));
  }

  /** What Redis holds of one job now (fails with 503 when Redis does not answer). */
  async liveState(queue: QueueName, jobId: string): Promise<LiveJobState> {
    // The state is read before the job's fields: a job that finishes between the two reads
    // then shows as still running rather than as finished without its result.
    const state = await withTimeout(this.queues[queue].getJobState(jobId));
    const job =
      state === 'unknown' ? null : await withTimeout(Job.fromId(this.queues[queue], jobId));
    if (!job) {
      return { state: 'missing', attemptsMade: 0, result: null, error: null, finishedAt: null };
    }
    return {
      state: historyStateOf(state),
      attemptsMade: job.attemptsMade,
      result: asRecord(job.returnvalue),
      error: job.failedReason || null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }

  /** Live counts per queue and state as Redis holds them (admins). */
  async liveCounts(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await withTimeout(
      Promise.all(
        QUEUE_NAMES.map(async (name) => [name, await this.queues[name].getJobCounts()] as const),
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  /** The maintenance scheduler: releases due pending jobs every minute. Idempotent. */
  async ensureSchedulers(everyMs = 60_000): Promise<void> {
    await this.queues.maintenance.upsertJobScheduler(
      MAINTENANCE_SCHEDULER_ID,
      { every: everyMs },
      { name: 'process-pending-jobs', data: {}, opts: this.settings.maintenance.job },
    );
    this.logger.log({ msg: 'maintenance scheduler set', everyMs });
  }

  async onApplicationShutdown(): Promise<void> {
    // A queue that never saw Redis would wait for it; a second is all shutdown gives it.
    await withTimeout(
      Promise.all(Object.values(this.queues).map((queue) => queue.close().catch(() => undefined))),
    ).catch(() => undefined);
    this.connection.disconnect();
  }

  private createQueue(name: QueueName): Queue {
    const queue = new Queue(name, {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      defaultJobOptions: this.settings[name].job,
      // BullMQ reads the server version once the connection is ready; requests made before
      // then fail fast in ensureRedisReady, so nothing waits on it.
    });
    queue.on('error', (error: Error) =>
      this.logger.debug({ msg: 'queue connection error', queue: name, err: error.message }),
    );
    return queue;
  }

  /** 503 at once while Redis is known to be away; a connection still opening gets a moment. */
  private async ensureRedisReady(): Promise<void> {
    const status = this.connection.status;
    if (status === 'ready') return;
    if (status === 'connecting' || status === 'connect' || status === 'wait') {
      const ready = once(this.connection, 'ready').then(() => true);
      const late = new Promise<boolean>((resolve) => setTimeout(resolve, READY_WAIT_MS, false));
      if (await Promise.race([ready, late])) return;
    }
    throw new ServiceUnavailableError('Redis is not reachable right now; try again shortly.');
  }

  private async refuseDuplicates(tx: Transaction, jobs: PreparedJob[]): Promise<void> {
    const chosen = jobs.filter((job) => job.item.jobId !== undefined).map((job) => job.id);
    if (chosen.length === 0) return;
    const [existing] = await tx
      .select({ id: jobHistory.id })
      .from(jobHistory)
      .where(inArray(jobHistory.id, chosen))
      .limit(1);
    if (existing) throw new DuplicateJobError(existing.id);
  }

  /**
   * 409 while a run of the campaign is open. The history row is checked against Redis: a run
   * Redis finished (its row not yet updated) or lost (flushed, removed) does not block.
   */
  private async refuseSecondRun(tx: Transaction, queue: QueueName, campaignId: string) {
    // Serializes enqueues of one campaign across processes; held until commit.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`campaign-run:${queue}:${campaignId}`}, 0))`,
    );
    const open = await tx
      .select({ id: jobHistory.id })
      .from(jobHistory)
      .where(
        and(
          eq(jobHistory.campaignId, campaignId),
          eq(jobHistory.queue, queue),
          inArray(jobHistory.state, OPEN_JOB_STATES),
        ),
      );
    for (const row of open) {
      const live = await this.liveState(queue, row.id);
      if (OPEN_JOB_STATES.includes(live.state as JobHistoryState)) {
        throw new CampaignRunExistsError(campaignId, row.id);
      }
      await this.settleStaleRow(tx, row.id, live);
    }
  }

  /** Writes what Redis knows into a history row that still says the job is open. */
  /**
   * Settles a history row that says the job is open when Redis says it is not (a worker died,
   * Redis lost the job); answers whether the job is over.
   */
  async settleIfClosed(queue: QueueName, jobId: string): Promise<boolean> {
    const live = await this.liveState(queue, jobId);
    if (OPEN_JOB_STATES.includes(live.state as JobHistoryState)) return false;
    await this.db.transaction((tx) => this.settleStaleRow(tx, jobId, live));
    return true;
  }

  private async settleStaleRow(tx: Transaction, jobId: string, live: LiveJobState) {
    const now = new Date();
    const lost = live.state === 'missing';
    await tx
      .update(jobHistory)
      .set({
        state: lost ? 'failed' : live.state,
        error: lost ? LOST_FROM_REDIS : live.error,
        result: live.result,
        finishedAt: live.finishedAt ?? now,
        updatedAt: now,
      })
      .where(eq(jobHistory.id, jobId));
    this.logger.warn({
      msg: lost ? 'open job lost from Redis; marked failed' : 'stale job history row settled',
      jobId,
      state: live.state,
    });
  }

  private async pushToRedis(
    queue: QueueName,
    jobs: { name: string; data: Record<string, unknown>; opts: JobsOptions }[],
  ): Promise<void> {
    try {
      await withTimeout<unknown>(
        jobs.length === 1
          ? this.queues[queue].add(jobs[0].name, jobs[0].data, jobs[0].opts)
          : this.queues[queue].addBulk(jobs),
      );
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new ServiceUnavailableError(
        `Redis did not take the job: ${(error as Error).message}; try again shortly.`,
      );
    }
  }

  private async campaignAccount(userId: string, campaignId: string): Promise<string> {
    const [campaign] = await this.db
      .select({ accountId: campaigns.accountId })
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.userId, userId)));
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
    return campaign.accountId;
  }
}

/** Ids become Redis key parts: no `:` (a key separator), no spaces, no bare integers. */
export function sanitizeJobId(raw: string): string {
  const id = raw.trim().replace(/[:\s]+/g, '-');
  if (id === '' || id.length > 128 || /^\d+$/.test(id)) {
    throw new ValidationError(
      'A job id must be 1-128 characters and not a bare number (":" becomes "-").',
      { jobId: raw },
    );
  }
  return id;
}

export function checkPayloadSize(data: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) throw new JobPayloadTooLargeError(bytes, MAX_PAYLOAD_BYTES);
}

function prepare(item: EnqueueOptions & { data: OwnedData }, ids: JobIdGenerator): PreparedJob {
  checkPayloadSize(item.data);
  const delayMs = item.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new ValidationError('A job delay must be 0 or more milliseconds.', { delayMs });
  }
  return {
    item,
    id: item.jobId === undefined ? ids.next() : sanitizeJobId(item.jobId),
    state: delayMs > 0 ? 'delayed' : 'waiting',
    delayMs,
  };
}

function firstRepeated(ids: string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

/** BullMQ's job states, folded into the few the history keeps. */
function historyStateOf(state: string): JobHistoryState | 'missing' {
  switch (state) {
    case 'completed':
    case 'failed':
    case 'active':
    case 'delayed':
      return state;
    case 'unknown':
      return 'missing';
    default:
      // waiting, prioritized, waiting-children, paused
      return 'waiting';
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

// Left out of the JSON, so the column reads null.
function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The job id a failed history insert clashed on ('' when the error does not say which), or
 * null when the error is no such clash. Both drivers' errors carry the code and the detail,
 * `Key (id)=(...) already exists.`; Drizzle wraps them as the cause.
 */
function takenJobId(error: unknown): string | null {
  const violation = uniqueViolation(error);
  if (!violation) return null;
  return /^Key \(id\)=\((.*)\) already exists/.exec(violation.detail ?? '')?.[1] ?? '';
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('Redis did not answer within a second.')),
      REDIS_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
