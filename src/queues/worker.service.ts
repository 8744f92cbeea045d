import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { REDIS_URL } from '../app/core.module';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventBus, InreachEvent } from '../events/event-bus';
import type { WorkerHealth, WorkerHealthSource } from '../health/health.controller';
import { LinkedInSettingsService } from '../limits/linkedin-settings.service';
import { AccountLease, AccountLeaseHandle } from '../locks/account-lease';
import { readableErrorText } from '../logging/logger';
import { createWorkerRedis } from '../redis/redis';
import { HandlerRegistry, QUEUES_AWAITING_HANDLERS } from './handler-registry';
import { JobAbort } from './job-abort';
import { HandlerWiringError, PermanentJobError } from './job-errors';
import { JobHistoryChange, JobHistoryService } from './job-history.service';
import { JOB_HANDLER_KIND, JobContext, JobHandler, JobKind } from './job-handler';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  QUEUE_SETTINGS,
  QueueName,
  QueueSettings,
  QueueSettingsOverrides,
  resolveQueueSettings,
} from './queue-definitions';
import { QueueService } from './queue.service';

export type WorkerState = 'running' | 'paused' | 'closed' | 'disconnected';

export interface RunningJobStats {
  id: string;
  name: string;
  /** The job's owner, so the API shows a user only their own jobs. */
  userId: string | null;
  accountId: string | null;
  startedAt: string;
  attempt: number;
}

export interface WorkerStats {
  queue: QueueName;
  state: WorkerState;
  concurrency: number;
  completed: number;
  failed: number;
  /** Jobs handed back for later because their account was busy (no attempt used). */
  deferred: number;
  running: RunningJobStats[];
}

/** One process's workers as it last reported them to Redis. */
export interface ProcessWorkerStats {
  processId: string;
  host: string;
  pid: number;
  mode: string;
  seenAt: string;
  workers: WorkerStats[];
}

/** Overrides for tests and the bench; production uses the tables in queue-definitions. */
export interface WorkerServiceOptions {
  /** Per queue, the values to use instead of the table's (the rest stay as the table says). */
  settings?: QueueSettingsOverrides;
  /** Queues to run workers for (default: all). */
  queues?: QueueName[];
  awaitingHandlers?: readonly QueueName[];
  jobNames?: Record<QueueName, readonly string[]>;
  /** The first wait of a job whose account is busy; later waits double, up to 30 s. */
  accountBusyDelayMs?: number;
  /** Interval of the maintenance scheduler. */
  schedulerEveryMs?: number;
  /** Skip the decorator scan (tests register handlers by hand). */
  skipDiscovery?: boolean;
  /** How often this process writes its worker statistics to Redis. */
  heartbeatEveryMs?: number;
}
export const WORKER_SERVICE_OPTIONS = Symbol('WORKER_SERVICE_OPTIONS');

interface RunningJob {
  job: Job;
  token: string | undefined;
  startedAt: Date;
  lease: AccountLeaseHandle | null;
  /** Told by shutdown and by a lost lease; the handler sees it as its signal. */
  abort: JobAbort;
  /** Set when shutdown gave the job back to its queue while its handler still ran. */
  handedBack: boolean;
}

interface ManagedWorker {
  queue: QueueName;
  worker: Worker;
  connection: Redis;
  settings: QueueSettings;
  completed: number;
  failed: number;
  deferred: number;
  /** Set by pause(): a job that a fetch under way still brings is handed back. */
  paused: boolean;
  running: Map<string, RunningJob>;
  /** Handlers by job name, resolved on first use (the wiring is checked before start). */
  handlers: Map<string, JobHandler>;
}

const DEFAULT_ACCOUNT_BUSY_DELAY_MS = 2_000;
const MAX_ACCOUNT_BUSY_DELAY_MS = 30_000;
const DEFAULT_HEARTBEAT_MS = 5_000;
// A process that has not reported for three beats is gone from the statistics.
const HEARTBEAT_MISSES = 3;
const SHUTDOWN_POLL_MS = 50;
const READY_WAIT_MS = 5_000;

/**
 * Runs the workers of this process's mode: one BullMQ worker per queue that has handlers,
 * the account lease around each job, job history and live events from worker events, pause
 * and resume, and a graceful shutdown that hands unfinished jobs back to their queue.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnModuleDestroy, WorkerHealthSource {
  private readonly logger = new Logger(WorkerService.name);
  private readonly workers = new Map<QueueName, ManagedWorker>();
  private readonly shutdownController = new AbortController();
  private readonly processId = randomUUID();
  private leaseConnection: Redis | null = null;
  private lease: AccountLease | null = null;
  private schedulerTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private readonly options: WorkerServiceOptions;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_URL) private readonly redisUrl: string,
    private readonly registry: HandlerRegistry,
    private readonly history: JobHistoryService,
    private readonly queues: QueueService,
    @Optional() private readonly discovery?: DiscoveryService,
    @Optional() @Inject(WORKER_SERVICE_OPTIONS) options?: WorkerServiceOptions,
    @Optional() private readonly events?: EventBus,
    @Optional() private readonly limits?: LinkedInSettingsService,
  ) {
    this.options = options ?? {};
  }

  async onApplicationBootstrap(): Promise<void> {
    const mode = this.config.INREACH_MODE;
    if (mode === 'all' || mode === 'worker') await this.start();
    if (mode === 'all' || mode === 'scheduler') this.startScheduler();
  }

  /** Checks the handler wiring (throws when wrong) and starts the workers. */
  async start(): Promise<void> {
    if (!this.options.skipDiscovery) this.registerDiscoveredHandlers();
    const plan = this.registry.plan(
      this.options.queues ?? QUEUE_NAMES,
      this.options.awaitingHandlers ?? QUEUES_AWAITING_HANDLERS,
      this.options.jobNames ?? JOB_NAMES,
    );
    for (const queue of plan.skipped) {
      this.logger.log({
        msg: 'no job of this queue is built yet; its worker is not started',
        queue,
      });
    }

    this.leaseConnection = createWorkerRedis(this.redisUrl, { maxRetriesPerRequest: 1 });
    this.leaseConnection.on('error', () => undefined);
    this.lease = new AccountLease(this.leaseConnection, this.config.QUEUE_PREFIX);

    for (const queue of plan.ready) this.startWorker(queue);
    // Bounded: with Redis away at start the service still comes up (health says so) and the
    // workers connect once Redis is back.
    const ready = Promise.all(
      [...this.workers.values()].map(({ worker }) => worker.waitUntilReady()),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, READY_WAIT_MS, false);
    });
    const connected = await Promise.race([ready.then(() => true).catch(() => false), late]);
    clearTimeout(timer);
    if (!connected) {
      this.logger.warn({ msg: 'Redis not reachable yet; workers connect when it is' });
    }
    this.startHeartbeat();
  }

  /** Stops taking jobs on one queue (or all); running jobs go on. */
  async pause(queue?: QueueName): Promise<void> {
    const selected = this.selected(queue);
    for (const managed of selected) managed.paused = true;
    await Promise.all(selected.map(({ worker }) => worker.pause(true)));
    this.beat();
  }

  async resume(queue?: QueueName): Promise<void> {
    const selected = this.selected(queue);
    for (const managed of selected) managed.paused = false;
    await Promise.all(selected.map(({ worker }) => worker.resume()));
    this.beat();
  }

  /** This process's workers. */
  stats(): WorkerStats[] {
    return [...this.workers.values()].map((managed) => ({
      queue: managed.queue,
      state: stateOf(managed),
      concurrency: managed.worker.concurrency,
      completed: managed.completed,
      failed: managed.failed,
      deferred: managed.deferred,
      running: [...managed.running.values()].map(({ job, startedAt }) => ({
        id: job.id ?? '',
        name: job.name,
        userId: stringOrNull((job.data as { userId?: unknown }).userId),
        accountId: stringOrNull((job.data as { accountId?: unknown }).accountId),
        startedAt: startedAt.toISOString(),
        attempt: job.attemptsMade + 1,
      })),
    }));
  }

  /**
   * The workers of every process sharing this Redis, from their last heartbeats (an API-only
   * process has none of its own). Fails when Redis does not answer.
   */
  async allStats(redis: Redis): Promise<ProcessWorkerStats[]> {
    const key = this.heartbeatKey();
    const entries = await redis.hgetall(key);
    const oldest = Date.now() - HEARTBEAT_MISSES * this.heartbeatEveryMs();
    const alive: ProcessWorkerStats[] = [];
    const gone: string[] = [];
    for (const [processId, text] of Object.entries(entries)) {
      const entry = JSON.parse(text) as ProcessWorkerStats;
      if (Date.parse(entry.seenAt) < oldest) gone.push(processId);
      else alive.push(entry);
    }
    if (gone.length > 0) await redis.hdel(key, ...gone);
    return alive.sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
  }

  workerHealth(): WorkerHealth {
    const workers = this.stats().map(({ queue, state, running }) => ({
      queue,
      state,
      running: running.length,
    }));
    const ok = this.stopping !== null || workers.every(({ state }) => state !== 'disconnected');
    return { ok, running: workers.length > 0, workers };
  }

  async onModuleDestroy(): Promise<void> {
    await this.shutdown();
  }

  /**
   * Graceful stop: take no new jobs, tell handlers through their AbortSignal, wait up to
   * SHUTDOWN_TIMEOUT_MS for running jobs, then hand the rest back to their queue.
   */
  shutdown(): Promise<void> {
    this.stopping ??= this.stopWorkers();
    return this.stopping;
  }

  private async stopWorkers(): Promise<void> {
    if (this.schedulerTimer) clearTimeout(this.schedulerTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const managed = [...this.workers.values()];
    for (const one of managed) one.paused = true;
    await Promise.all(managed.map(({ worker }) => worker.pause(true).catch(() => undefined)));
    const reason = new Error('the process is shutting down');
    this.shutdownController.abort(reason);
    // Running jobs hear it through their own abort; one starting from now on goes back at once.
    for (const { running } of managed) {
      for (const entry of running.values()) entry.abort.abort(reason);
    }

    const deadline = Date.now() + this.config.SHUTDOWN_TIMEOUT_MS;
    while (managed.some(({ running }) => running.size > 0) && Date.now() < deadline) {
      await sleep(SHUTDOWN_POLL_MS);
    }

    // Closed first, so no fetch still under way takes a job that is being handed back.
    await Promise.all(
      managed.map(({ worker, running }) => worker.close(running.size > 0).catch(() => undefined)),
    );
    for (const { queue, running } of managed) {
      for (const entry of running.values()) {
        this.logger.warn({
          msg: 'job still running at shutdown; handing it back',
          queue,
          jobId: entry.job.id,
        });
        await this.handBack(entry);
      }
    }
    for (const { connection } of managed) connection.disconnect();
    await this.leaseConnection?.hdel(this.heartbeatKey(), this.processId).catch(() => undefined);
    await this.history.flush();
    this.leaseConnection?.disconnect();
  }

  /**
   * Back to the front of its queue without using an attempt. The account lease stays with the
   * handler until it really stops, so no other process works the account meanwhile.
   */
  // TODO: a handler that ignores the abort keeps the lease until it expires (lockDurationMs,
  // 10 minutes for browser queues) when the process exits first; the job waits that long.
  // Releasing it earlier needs to know that the browser of this process is closed.
  private async handBack(entry: RunningJob): Promise<void> {
    if (entry.handedBack) return;
    entry.handedBack = true;
    try {
      // Through the queue's own connection: the worker's may be closed by now.
      const job = await Job.fromId(
        this.queues.queue(entry.job.queueName as QueueName),
        entry.job.id!,
      );
      if (!job) throw new Error('Redis no longer has the job');
      await job.moveToWait(entry.token);
      this.recordChange(entry.job, 'waiting', {});
    } catch (error) {
      // The lock is gone already: the stalled check returns the job to its queue.
      this.logger.warn({
        msg: 'job not handed back; it comes back as stalled',
        jobId: entry.job.id,
        err: (error as Error).message,
      });
    }
  }

  private startScheduler(): void {
    const attempt = () => {
      this.queues.ensureSchedulers(this.options.schedulerEveryMs).catch((error: Error) => {
        this.logger.warn({ msg: 'scheduler not set yet; retrying', err: error.message });
        if (!this.stopping) this.schedulerTimer = setTimeout(attempt, 5_000);
      });
    };
    attempt();
  }

  private startHeartbeat(): void {
    if (this.workers.size === 0) return;
    this.beat();
    this.heartbeatTimer = setInterval(() => this.beat(), this.heartbeatEveryMs());
    this.heartbeatTimer.unref();
  }

  /** Tells Redis how this process's workers are doing, for the API of any process. */
  private beat(): void {
    if (this.workers.size === 0 || this.stopping) return;
    const entry: ProcessWorkerStats = {
      processId: this.processId,
      host: hostname(),
      pid: process.pid,
      mode: this.config.INREACH_MODE,
      seenAt: new Date().toISOString(),
      workers: this.stats(),
    };
    this.leaseConnection
      ?.hset(this.heartbeatKey(), this.processId, JSON.stringify(entry))
      .catch(() => undefined);
  }

  private heartbeatEveryMs(): number {
    return this.options.heartbeatEveryMs ?? DEFAULT_HEARTBEAT_MS;
  }

  private heartbeatKey(): string {
    return `${this.config.QUEUE_PREFIX}:workers`;
  }

  private registerDiscoveredHandlers(): void {
    for (const wrapper of this.discovery?.getProviders() ?? []) {
      const metatype: unknown = wrapper.metatype;
      const instance: unknown = wrapper.instance;
      if (!metatype || !instance || typeof metatype !== 'function') continue;
      const kind = Reflect.getMetadata(JOB_HANDLER_KIND, metatype) as JobKind | undefined;
      if (kind) this.registry.register(kind.queue, kind.name, instance as JobHandler);
    }
  }

  private startWorker(queue: QueueName): void {
    const settings = resolveQueueSettings(queue, this.options.settings);
    const override = this.options.settings?.[queue]?.worker;
    // Browser queues run as many jobs at once as WORKER_CONCURRENCY says (each its own account)
    // and hold their lock for JOB_LOCK_SECONDS, renewed every quarter of it.
    if (QUEUE_SETTINGS[queue].usesAccountLease) {
      if (override?.concurrency === undefined) {
        settings.worker.concurrency = this.config.WORKER_CONCURRENCY;
      }
      if (override?.lockDurationMs === undefined) {
        const lockMs = this.config.JOB_LOCK_SECONDS * 1_000;
        settings.worker.lockDurationMs = lockMs;
        settings.worker.lockRenewMs = lockMs / 4;
        settings.worker.stalledIntervalMs = lockMs / 2;
      }
    }
    const connection = createWorkerRedis(this.redisUrl);
    connection.on('error', () => undefined);
    const managed: ManagedWorker = {
      queue,
      settings,
      connection,
      completed: 0,
      failed: 0,
      deferred: 0,
      paused: false,
      running: new Map(),
      handlers: new Map(),
      worker: undefined as unknown as Worker,
    };
    // No third parameter: BullMQ aborts its own signal only on cancelJob, which nothing here
    // calls, and a processor that takes one costs an AbortController per job.
    const worker = new Worker(queue, (job, token) => this.process(managed, job, token), {
      connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: settings.worker.concurrency,
      lockDuration: settings.worker.lockDurationMs,
      lockRenewTime: settings.worker.lockRenewMs,
      stalledInterval: settings.worker.stalledIntervalMs,
      maxStalledCount: settings.worker.maxStalledCount,
      drainDelay: settings.worker.drainDelaySeconds,
      removeOnComplete: settings.job.removeOnComplete,
      removeOnFail: settings.job.removeOnFail,
      autorun: true,
    });
    managed.worker = worker;
    this.listen(managed);
    this.workers.set(queue, managed);
    this.logger.log({ msg: 'worker started', queue, concurrency: settings.worker.concurrency });
  }

  private listen(managed: ManagedWorker): void {
    const { worker, queue } = managed;
    worker.on('error', (error: Error) =>
      this.logger.debug({ msg: 'worker error', queue, err: error.message }),
    );
    worker.on('progress', (job, progress) => {
      this.recordChange(job, 'active', { progress: asRecord(progress) });
      this.publish(job, (owner) => ({ type: 'job.progress', ...owner, progress }));
    });
    worker.on('completed', (job, result) => {
      managed.completed++;
      this.recordChange(job, 'completed', { result: asRecord(result), finishedAt: new Date() });
      this.publish(job, (owner) => ({ type: 'job.completed', ...owner, result: result ?? null }));
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      // BullMQ counted this attempt already; a retry follows unless it was the last.
      const final =
        error instanceof UnrecoverableError ||
        error.name === 'UnrecoverableError' ||
        job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) managed.failed++;
      this.logger.warn({
        msg: final ? 'job failed' : 'job attempt failed; it will be retried',
        queue,
        jobId: job.id,
        attempt: job.attemptsMade,
        err: error.message,
      });
      this.recordChange(job, final ? 'failed' : 'delayed', {
        error: error.message,
        finishedAt: final ? new Date() : undefined,
      });
      if (final) {
        this.publish(job, (owner) => ({ type: 'job.failed', ...owner, error: error.message }));
      }
    });
    worker.on('stalled', (jobId) => {
      this.logger.warn({ msg: 'job stalled', queue, jobId });
      void this.recordStalled(queue, jobId);
    });
  }

  /** A stalled job went back to waiting, or failed when it stalled too often. */
  private async recordStalled(queue: QueueName, jobId: string): Promise<void> {
    const at = new Date();
    try {
      const live = await this.queues.liveState(queue, jobId).catch(() => null);
      await this.history.markStalled(
        jobId,
        at,
        live?.state === 'failed'
          ? { state: 'failed', error: live.error ?? 'the job stalled too often' }
          : { state: 'waiting' },
      );
    } catch (error) {
      this.logger.warn({ msg: 'stalled job not recorded', jobId, err: (error as Error).message });
    }
  }

  private publish(
    job: Job,
    build: (owner: { userId: string; jobId: string; campaignId?: string }) => InreachEvent,
  ): void {
    const data = job.data as { userId?: unknown; campaignId?: unknown };
    if (!this.events || typeof data?.userId !== 'string' || !job.id) return;
    const owner: { userId: string; jobId: string; campaignId?: string } = {
      userId: data.userId,
      jobId: job.id,
    };
    if (typeof data.campaignId === 'string') owner.campaignId = data.campaignId;
    this.events.publish(build(owner));
  }

  private recordChange(
    job: Job,
    state: JobHistoryChange['state'],
    extra: Partial<JobHistoryChange>,
  ): void {
    const data = job.data as JobHistoryChange['data'];
    // System jobs (maintenance) have no owner and no history row.
    if (typeof data?.userId !== 'string' || !job.id) return;
    this.history.record({
      id: job.id,
      queue: job.queueName,
      name: job.name,
      data,
      state,
      attempts: state === 'active' ? job.attemptsMade + 1 : job.attemptsMade,
      at: new Date(),
      ...extra,
    });
  }

  private async process(
    managed: ManagedWorker,
    job: Job,
    token: string | undefined,
  ): Promise<unknown> {
    const handler = this.handlerFor(managed, job.name);
    const entry: RunningJob = {
      job,
      token,
      startedAt: new Date(),
      lease: null,
      abort: new JobAbort(),
      handedBack: false,
    };
    const { abort } = entry;
    const accountId = (job.data as { accountId?: unknown }).accountId;
    let renewTimer: NodeJS.Timeout | undefined;

    managed.running.set(job.id!, entry);
    try {
      // A fetch already under way when the worker paused still brings a job: it goes back.
      if (managed.paused || this.shutdownController.signal.aborted) {
        await this.handBack(entry);
        throw new DelayedError('handed back: the worker is paused');
      }
      if (managed.settings.usesAccountLease && typeof accountId === 'string') {
        entry.lease = await this.lease!.acquire(accountId, managed.settings.worker.lockDurationMs);
        if (!entry.lease) await this.deferForBusyAccount(managed, job, token);
        renewTimer = setInterval(() => {
          void entry.lease
            ?.renew()
            .then((held) => held || abort.abort(new Error('the account lease was lost')))
            .catch(() => undefined);
        }, managed.settings.worker.lockRenewMs);
      }
      this.recordChange(job, 'active', { startedAt: entry.startedAt });
      // Quota an earlier run of this job reserved and never gave back (it died) is returned.
      if (entry.lease) await this.releaseReservations(job);

      const context: JobContext<unknown> = {
        id: job.id!,
        queue: managed.queue,
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade + 1,
        get signal() {
          return abort.signal;
        },
        lease: entry.lease,
        updateProgress: (progress) => job.updateProgress(progress),
      };
      const result = await handler.handle(context);
      if (entry.handedBack) throw new DelayedError('handed back at shutdown');
      return result;
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (entry.handedBack) throw new DelayedError('handed back at shutdown');
      if (this.shutdownController.signal.aborted && !isPermanent(error)) {
        // Stopped for shutdown: back to the queue without using an attempt.
        await this.handBack(entry);
        throw new DelayedError('handed back at shutdown');
      }
      // The message becomes the job's error for its owner to read: no query parameters, no call log.
      if (error instanceof Error) error.message = readableErrorText(error.message);
      throw error;
    } finally {
      clearInterval(renewTimer);
      if (entry.lease) {
        await this.releaseReservations(job);
        await entry.lease.release().catch(() => undefined);
      }
      managed.running.delete(job.id!);
    }
  }

  /** A job kind without a handler can never run: it fails at once instead of retrying. */
  private handlerFor(managed: ManagedWorker, name: string): JobHandler {
    const known = managed.handlers.get(name);
    if (known) return known;
    try {
      const handler = this.registry.resolve(managed.queue, name);
      managed.handlers.set(name, handler);
      return handler;
    } catch (error) {
      if (error instanceof HandlerWiringError) throw new PermanentJobError(error.message);
      throw error;
    }
  }

  private async releaseReservations(job: Job): Promise<void> {
    if (!this.limits || !job.id) return;
    await this.limits.releaseForJob(job.id).catch((error: Error) => {
      this.logger.warn({ msg: 'reservations not released', jobId: job.id, err: error.message });
    });
  }

  private async deferForBusyAccount(
    managed: ManagedWorker,
    job: Job,
    token: string | undefined,
  ): Promise<never> {
    // Soon at first (the other job may be ending), then less often, never on a fixed beat.
    const deferrals = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
    const baseMs = this.options.accountBusyDelayMs ?? DEFAULT_ACCOUNT_BUSY_DELAY_MS;
    const growingMs = Math.min(MAX_ACCOUNT_BUSY_DELAY_MS, baseMs * 2 ** Math.min(deferrals, 10));
    const delayMs = Math.round(Math.max(baseMs, growingMs) * (0.75 + Math.random() * 0.5));
    managed.deferred++;
    await job.moveToDelayed(Date.now() + delayMs, token);
    this.recordChange(job, 'delayed', {});
    throw new DelayedError('the account is busy with another job');
  }

  private selected(queue?: QueueName): ManagedWorker[] {
    return [...this.workers.values()].filter((managed) => !queue || managed.queue === queue);
  }
}

// BullMQ's own isRunning() turns false once a paused worker's loop ends, so our flags decide.
function stateOf(managed: ManagedWorker): WorkerState {
  if (managed.worker.closing) return 'closed';
  if (managed.connection.status !== 'ready') return 'disconnected';
  return managed.paused ? 'paused' : 'running';
}

function isPermanent(error: unknown): boolean {
  return error instanceof UnrecoverableError;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
