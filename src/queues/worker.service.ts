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
import type { WorkerHealth, WorkerHealthSource } from '../health/health.controller';
import { AccountLease, AccountLeaseHandle } from '../locks/account-lease';
import { createWorkerRedis } from '../redis/redis';
import { HandlerRegistry, QUEUES_AWAITING_HANDLERS } from './handler-registry';
import { JobHistoryChange, JobHistoryService } from './job-history.service';
import { JOB_HANDLER_KIND, JobContext, JobHandler, JobKind } from './job-handler';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  QUEUE_SETTINGS,
  QueueName,
  QueueSettings,
} from './queue-definitions';
import { QueueService } from './queue.service';

export type WorkerState = 'running' | 'paused' | 'closed' | 'disconnected';

export interface WorkerStats {
  queue: QueueName;
  state: WorkerState;
  concurrency: number;
  completed: number;
  failed: number;
  /** Jobs handed back for later because their account was busy (no attempt used). */
  deferred: number;
  running: { id: string; name: string; startedAt: string; attempt: number }[];
}

/** Overrides for tests and the bench; production uses the tables in queue-definitions. */
export interface WorkerServiceOptions {
  settings?: Partial<Record<QueueName, Partial<QueueSettings>>>;
  /** Queues to run workers for (default: all). */
  queues?: QueueName[];
  awaitingHandlers?: readonly QueueName[];
  jobNames?: Record<QueueName, readonly string[]>;
  /** How long a job whose account is busy waits before it tries again. */
  accountBusyDelayMs?: number;
  /** Interval of the maintenance scheduler. */
  schedulerEveryMs?: number;
  /** Skip the decorator scan (tests register handlers by hand). */
  skipDiscovery?: boolean;
}
export const WORKER_SERVICE_OPTIONS = Symbol('WORKER_SERVICE_OPTIONS');

interface RunningJob {
  job: Job;
  token: string | undefined;
  startedAt: Date;
  lease: AccountLeaseHandle | null;
}

interface ManagedWorker {
  queue: QueueName;
  worker: Worker;
  connection: Redis;
  settings: QueueSettings;
  completed: number;
  failed: number;
  deferred: number;
  running: Map<string, RunningJob>;
}

const DEFAULT_ACCOUNT_BUSY_DELAY_MS = 15_000;

/**
 * Runs the workers of this process's mode: one BullMQ worker per queue that has handlers,
 * the account lease around each job, job history from worker events, pause and resume, and a
 * graceful shutdown that hands unfinished jobs back to their queue.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnModuleDestroy, WorkerHealthSource {
  private readonly logger = new Logger(WorkerService.name);
  private readonly workers = new Map<QueueName, ManagedWorker>();
  private readonly shutdownController = new AbortController();
  private leaseConnection: Redis | null = null;
  private lease: AccountLease | null = null;
  private schedulerTimer: NodeJS.Timeout | null = null;
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
      this.logger.warn({ msg: 'no handler registered yet; not starting its worker', queue });
    }

    this.leaseConnection = createWorkerRedis(this.redisUrl, { maxRetriesPerRequest: 1 });
    this.leaseConnection.on('error', () => undefined);
    this.lease = new AccountLease(this.leaseConnection, this.config.QUEUE_PREFIX);

    for (const queue of plan.ready) this.startWorker(queue);
    await Promise.all([...this.workers.values()].map(({ worker }) => worker.waitUntilReady()));
  }

  /** Stops taking jobs on one queue (or all); running jobs go on. */
  async pause(queue?: QueueName): Promise<void> {
    await Promise.all(this.selected(queue).map(({ worker }) => worker.pause(true)));
  }

  async resume(queue?: QueueName): Promise<void> {
    await Promise.all(this.selected(queue).map(({ worker }) => Promise.resolve(worker.resume())));
  }

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
        startedAt: startedAt.toISOString(),
        attempt: job.attemptsMade + 1,
      })),
    }));
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
    const managed = [...this.workers.values()];
    await Promise.all(managed.map(({ worker }) => worker.pause(true).catch(() => undefined)));
    this.shutdownController.abort(new Error('the process is shutting down'));

    const deadline = Date.now() + this.config.SHUTDOWN_TIMEOUT_MS;
    while (managed.some(({ running }) => running.size > 0) && Date.now() < deadline) {
      await sleep(50);
    }

    for (const { queue, running } of managed) {
      for (const { job, token, lease } of running.values()) {
        this.logger.warn({
          msg: 'job still running at shutdown; handing it back',
          queue,
          jobId: job.id,
        });
        await job.moveToDelayed(Date.now(), token).catch(() => undefined);
        await lease?.release().catch(() => undefined);
      }
    }
    await Promise.all(
      managed.map(async ({ worker, connection, running }) => {
        await worker.close(running.size > 0).catch(() => undefined);
        connection.disconnect();
      }),
    );
    await this.history.flush();
    this.leaseConnection?.disconnect();
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
    const settings: QueueSettings = { ...QUEUE_SETTINGS[queue], ...this.options.settings?.[queue] };
    const connection = createWorkerRedis(this.redisUrl);
    connection.on('error', () => undefined);
    const managed: ManagedWorker = {
      queue,
      settings,
      connection,
      completed: 0,
      failed: 0,
      deferred: 0,
      running: new Map(),
      worker: undefined as unknown as Worker,
    };
    const worker = new Worker(
      queue,
      (job, token, signal) => this.process(managed, job, token, signal),
      {
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
      },
    );
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
    worker.on('active', (job) => {
      this.recordChange(job, 'active', { startedAt: new Date() });
    });
    worker.on('progress', (job, progress) => {
      this.recordChange(job, 'active', { progress: asRecord(progress) });
    });
    worker.on('completed', (job, result) => {
      managed.completed++;
      this.recordChange(job, 'completed', { result: asRecord(result), finishedAt: new Date() });
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final =
        error instanceof UnrecoverableError ||
        error.name === 'UnrecoverableError' ||
        job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) managed.failed++;
      this.recordChange(job, final ? 'failed' : 'delayed', {
        error: error.message,
        finishedAt: final ? new Date() : undefined,
      });
    });
    worker.on('stalled', (jobId) => {
      this.logger.warn({ msg: 'job stalled; back to waiting', queue, jobId });
      this.history
        .markStalled(jobId, new Date())
        .catch((error: Error) =>
          this.logger.warn({ msg: 'stalled not recorded', err: error.message }),
        );
    });
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
    bullSignal: AbortSignal | undefined,
  ): Promise<unknown> {
    const handler = this.registry.resolve(managed.queue, job.name);
    const jobAbort = new AbortController();
    const signal = AbortSignal.any(
      [jobAbort.signal, this.shutdownController.signal, bullSignal].filter(
        (one): one is AbortSignal => one !== undefined,
      ),
    );
    const entry: RunningJob = { job, token, startedAt: new Date(), lease: null };
    const accountId = (job.data as { accountId?: unknown }).accountId;
    let renewTimer: NodeJS.Timeout | undefined;

    managed.running.set(job.id!, entry);
    try {
      if (managed.settings.usesAccountLease && typeof accountId === 'string') {
        entry.lease = await this.lease!.acquire(accountId, managed.settings.worker.lockDurationMs);
        if (!entry.lease) {
          await this.deferForBusyAccount(managed, job, token);
        }
        renewTimer = setInterval(() => {
          void entry.lease
            ?.renew()
            .then((held) => held || jobAbort.abort(new Error('the account lease was lost')))
            .catch(() => undefined);
        }, managed.settings.worker.lockRenewMs);
      }

      const context: JobContext<unknown> = {
        id: job.id!,
        queue: managed.queue,
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade + 1,
        signal,
        lease: entry.lease,
        updateProgress: (progress) => job.updateProgress(progress),
      };
      return await handler.handle(context);
    } catch (error) {
      if (signal.aborted && this.shutdownController.signal.aborted && !isFinalError(error)) {
        // Stopped for shutdown: back to the queue without using an attempt.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError('handed back at shutdown');
      }
      throw error;
    } finally {
      clearInterval(renewTimer);
      await entry.lease?.release().catch(() => undefined);
      managed.running.delete(job.id!);
    }
  }

  private async deferForBusyAccount(
    managed: ManagedWorker,
    job: Job,
    token: string | undefined,
  ): Promise<never> {
    const delayMs = this.options.accountBusyDelayMs ?? DEFAULT_ACCOUNT_BUSY_DELAY_MS;
    managed.deferred++;
    await job.moveToDelayed(Date.now() + delayMs, token);
    this.recordChange(job, 'delayed', {});
    throw new DelayedError('the account is busy with another job');
  }

  private selected(queue?: QueueName): ManagedWorker[] {
    return [...this.workers.values()].filter((managed) => !queue || managed.queue === queue);
  }
}

function stateOf(managed: ManagedWorker): WorkerState {
  const { worker, connection } = managed;
  if (worker.closing || !worker.isRunning()) return 'closed';
  if (connection.status !== 'ready') return 'disconnected';
  return worker.isPaused() ? 'paused' : 'running';
}

function isFinalError(error: unknown): boolean {
  return error instanceof UnrecoverableError || error instanceof DelayedError;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
