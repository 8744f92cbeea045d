import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { Clock, systemClock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/config';
import type { Database } from '../../src/database/database';
import { linkedinAccounts, users } from '../../src/database/schema';
import { EventBus, InreachEvent } from '../../src/events/event-bus';
import { LinkedInSettingsService } from '../../src/limits/linkedin-settings.service';
import { ProcessPendingJobsProcessor } from '../../src/limits/process-pending-jobs.processor';
import { HandlerRegistry } from '../../src/queues/handler-registry';
import { JobHistoryService } from '../../src/queues/job-history.service';
import type { QueueSettingsOverrides } from '../../src/queues/queue-definitions';
import { QueueService } from '../../src/queues/queue.service';
import { WorkerService, WorkerServiceOptions } from '../../src/queues/worker.service';
import { TEST_REDIS_URL, uniquePrefix } from './databases';

export interface QueueHarnessOptions {
  db: Database;
  prefix?: string;
  redisUrl?: string;
  clock?: Clock;
  /** Workers and QueueService share these overrides, as in QueuesModule. */
  settings?: QueueSettingsOverrides;
  workers?: Omit<WorkerServiceOptions, 'settings'>;
  env?: Record<string, string>;
  /** Start an EventBus and keep what it hears in `events`. */
  withEvents?: boolean;
}

/**
 * The queue stack built by hand, as QueuesModule wires it: it runs in tests and in child
 * processes started with tsx (which emits no decorator metadata for Nest's injection).
 */
export interface QueueHarness {
  config: AppConfig;
  prefix: string;
  redisUrl: string;
  db: Database;
  registry: HandlerRegistry;
  history: JobHistoryService;
  queues: QueueService;
  workers: WorkerService;
  settings: LinkedInSettingsService;
  pending: ProcessPendingJobsProcessor;
  bus: EventBus | null;
  /** Events heard on the bus (with `withEvents`). */
  events: InreachEvent[];
  /** A plain connection for assertions. */
  redis: Redis;
  /** Stops everything; `flush` (default) also deletes the prefix's keys from Redis. */
  close(options?: { flush?: boolean }): Promise<void>;
}

export async function createQueueHarness(options: QueueHarnessOptions): Promise<QueueHarness> {
  const prefix = options.prefix ?? uniquePrefix('queue');
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const clock = options.clock ?? systemClock;

  let bus: EventBus | null = null;
  const events: InreachEvent[] = [];
  if (options.withEvents) {
    bus = new EventBus(redisUrl, config);
    await bus.onModuleInit();
    bus.subscribe((event) => events.push(event));
  }

  const registry = new HandlerRegistry();
  const history = new JobHistoryService(options.db);
  const queues = new QueueService(config, redisUrl, options.db, options.settings);
  const settings = new LinkedInSettingsService(options.db, clock, bus ?? undefined);
  const workers = new WorkerService(
    config,
    redisUrl,
    registry,
    history,
    queues,
    undefined,
    { skipDiscovery: true, ...options.workers, settings: options.settings },
    bus ?? undefined,
    settings,
  );
  const pending = new ProcessPendingJobsProcessor(options.db, clock, settings, queues);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);

  return {
    config,
    prefix,
    redisUrl,
    db: options.db,
    registry,
    history,
    queues,
    workers,
    settings,
    pending,
    bus,
    events,
    redis,
    async close({ flush = true } = {}) {
      await workers.shutdown();
      await history.onApplicationShutdown();
      await queues.onApplicationShutdown();
      await bus?.onModuleDestroy();
      if (flush) {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
      }
      redis.disconnect();
    },
  };
}

/** A user and a LinkedIn account row, written straight to the database. */
export async function seedAccount(
  db: Database,
  values: Partial<typeof linkedinAccounts.$inferInsert> = {},
): Promise<{ userId: string; accountId: string }> {
  const [user] = await db
    .insert(users)
    .values({ email: `${randomUUID()}@example.com` })
    .returning({ id: users.id });
  const [account] = await db
    .insert(linkedinAccounts)
    .values({
      userId: user.id,
      label: 'test account',
      loginMethod: 'cookie',
      credentialsEncrypted: 'not-used-here',
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      ...values,
    })
    .returning({ id: linkedinAccounts.id });
  return { userId: user.id, accountId: account.id };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
