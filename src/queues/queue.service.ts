import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
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
import { campaigns, jobHistory } from '../database/schema';
import { createRequestRedis } from '../redis/redis';
import { DuplicateJobError, JobPayloadTooLargeError } from './job-errors';
import type { JobHistoryState } from './job-history.service';
import {
  FollowRequestJobData,
  FollowResponseJobData,
  MAX_PAYLOAD_BYTES,
  SendMessagesJobData,
} from './job-payloads';
import { JOB_NAMES, QUEUE_NAMES, QUEUE_SETTINGS, QueueName } from './queue-definitions';

export interface EnqueueOptions {
  /** A caller-chosen id (sanitized: no `:`); a second job with it is a DuplicateJobError. */
  jobId?: string;
  /** Earliest start, in milliseconds from now. */
  delayMs?: number;
  /** Refuse (409) when a job of the same campaign on this queue is waiting or active. */
  onePerCampaign?: boolean;
}

export interface EnqueuedJob {
  id: string;
  queue: QueueName;
  name: string;
  state: JobHistoryState;
  data: Record<string, unknown>;
  createdAt: string;
}

/** A run of the campaign is already waiting or active on the queue. */
export class CampaignRunExistsError extends AppError {
  constructor(campaignId: string, jobId: string) {
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

const OPEN_STATES: JobHistoryState[] = ['waiting', 'delayed', 'active'];
const ENQUEUE_TIMEOUT_MS = 1_000;
const MAINTENANCE_SCHEDULER_ID = 'process-pending-jobs-every-minute';

/**
 * Names the queues and puts jobs on them, each with its history row written in the same
 * database transaction (a failed Redis write rolls the row back).
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: Redis;
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_URL) redisUrl: string,
    @Inject(DATABASE) private readonly db: Database,
  ) {
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
    options: { importLimit: number; jobId?: string; delayMs?: number; pendingJobId?: string },
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
      onePerCampaign: true,
    });
  }

  /** Enqueues a check of who accepted the campaign's invitations. */
  async addFollowResponseJob(
    userId: string,
    campaignId: string,
    options: { jobId?: string; delayMs?: number } = {},
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
    options: { jobId?: string; delayMs?: number } = {},
  ): Promise<EnqueuedJob> {
    const accountId = await this.campaignAccount(userId, campaignId);
    const data: SendMessagesJobData = { userId, campaignId, accountId };
    return this.addJob('messages', 'send-messages', data, { ...options, onePerCampaign: true });
  }

  /** Puts one owned job on a queue, with its history row. */
  async addJob(
    queue: QueueName,
    name: string,
    data: Record<string, unknown> & { userId: string },
    options: EnqueueOptions = {},
  ): Promise<EnqueuedJob> {
    const [job] = await this.addJobs(queue, name, [{ data, ...options }]);
    return job;
  }

  /** Puts many owned jobs on a queue in one transaction and one Redis round trip. */
  async addJobs(
    queue: QueueName,
    name: string,
    items: (EnqueueOptions & { data: Record<string, unknown> & { userId: string } })[],
  ): Promise<EnqueuedJob[]> {
    if (!(JOB_NAMES[queue] as readonly string[]).includes(name)) {
      throw new ValidationError(`Queue ${queue} carries no job named ${name}.`);
    }
    const now = new Date();
    const jobs = items.map(
      (
        item,
      ): { item: (typeof items)[number]; id: string; state: JobHistoryState; delayMs: number } => {
        checkPayloadSize(item.data);
        const delayMs = item.delayMs ?? 0;
        return {
          item,
          id: item.jobId === undefined ? randomUUID() : sanitizeJobId(item.jobId),
          state: delayMs > 0 ? 'delayed' : 'waiting',
          delayMs,
        };
      },
    );

    await this.db.transaction(async (tx) => {
      for (const job of jobs) {
        const { campaignId } = job.item.data;
        if (job.item.onePerCampaign && typeof campaignId === 'string') {
          // Serializes enqueues of one campaign across processes; held until commit.
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtextextended(${`campaign-run:${queue}:${campaignId}`}, 0))`,
          );
          const [open] = await tx
            .select({ id: jobHistory.id })
            .from(jobHistory)
            .where(
              and(
                eq(jobHistory.campaignId, campaignId),
                eq(jobHistory.queue, queue),
                inArray(jobHistory.state, OPEN_STATES),
              ),
            )
            .limit(1);
          if (open) throw new CampaignRunExistsError(campaignId, open.id);
        }
      }

      const inserted = await tx
        .insert(jobHistory)
        .values(
          jobs.map((job) => ({
            id: job.id,
            queue,
            name,
            userId: job.item.data.userId,
            campaignId: stringOrNull(job.item.data.campaignId),
            accountId: stringOrNull(job.item.data.accountId),
            state: job.state,
            data: job.item.data,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing({ target: jobHistory.id })
        .returning({ id: jobHistory.id });
      if (inserted.length !== jobs.length) {
        const fresh = new Set(inserted.map((row) => row.id));
        throw new DuplicateJobError(jobs.find((job) => !fresh.has(job.id))!.id);
      }

      await this.pushToRedis(
        queue,
        jobs.map((job) => ({
          name,
          data: job.item.data,
          opts: { jobId: job.id, delay: job.delayMs, ...QUEUE_SETTINGS[queue].job },
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
      { name: 'process-pending-jobs', data: {}, opts: QUEUE_SETTINGS.maintenance.job },
    );
    this.logger.log({ msg: 'maintenance scheduler set', everyMs });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      Object.values(this.queues).map((queue) => queue.close().catch(() => undefined)),
    );
    this.connection.disconnect();
  }

  private createQueue(name: QueueName): Queue {
    const queue = new Queue(name, {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      defaultJobOptions: QUEUE_SETTINGS[name].job,
      skipWaitingForReady: true,
    });
    queue.on('error', (error: Error) =>
      this.logger.debug({ msg: 'queue connection error', queue: name, err: error.message }),
    );
    return queue;
  }

  private async pushToRedis(
    queue: QueueName,
    jobs: { name: string; data: Record<string, unknown>; opts: JobsOptions }[],
  ): Promise<void> {
    if (this.connection.status !== 'ready') {
      throw new ServiceUnavailableError('Redis is not reachable right now; try again shortly.');
    }
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

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('Redis did not answer within a second.')),
      ENQUEUE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
