// Pushes no-op jobs through QueueService and WorkerService (history rows, events and all) and,
// on the same Redis in the same run, through bare BullMQ, and prints both rates and their ratio.
// Uses REDIS_URL and DATABASE_URL when set; otherwise a private redis-server and PGlite.
// BENCH_JOBS (20000), BENCH_CONCURRENCY (10), BENCH_BATCH (500), BENCH_PRODUCERS (4 batches in
// flight) and BENCH_ROUNDS (5) tune it.
// Each round also prints the CPU it cost per 1000 jobs: this process's (PGlite runs in it) and
// Redis's (from INFO, so a shared Redis counts its other clients too; a Postgres server's own CPU
// is not seen). On a busy machine the rates swing from round to round; the CPU much less.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { and, count, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';

import { loadConfig } from '../config/config';
import { DatabaseConnection, openPglite, openPostgres } from '../database/database';
import { jobHistory, users } from '../database/schema';
import { EventBus } from '../events/event-bus';
import { HandlerRegistry } from '../queues/handler-registry';
import { JobHistoryService } from '../queues/job-history.service';
import { NoopHandler } from '../queues/noop.handler';
import { QUEUE_SETTINGS, QueueSettingsOverrides } from '../queues/queue-definitions';
import { QueueService } from '../queues/queue.service';
import { WorkerService } from '../queues/worker.service';
import { EmbeddedRedis } from '../redis/embedded-redis';
import { createWorkerRedis } from '../redis/redis';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
// Both sides enqueue in the same batches, the same number at once: one addBulk (and, for
// Inreach, one history insert in the same transaction) each.
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PRODUCERS = Number(process.env.BENCH_PRODUCERS ?? 4);
const QUEUE = 'follow-requests';
const JOB_NAME = 'follow-request';

interface Run {
  label: string;
  seconds: number;
  jobsPerSecond: number;
  /** CPU milliseconds per 1000 jobs, of this process and of Redis. */
  nodeCpu: number;
  redisCpu: number;
}

/** Wall time and CPU from start() to stop(), for JOBS jobs. */
class Meter {
  private started = 0n;
  private nodeAtStart = process.cpuUsage();
  private redisAtStart = 0;

  constructor(private readonly redis: Redis) {}

  async start(): Promise<void> {
    this.redisAtStart = await redisCpuSeconds(this.redis);
    this.nodeAtStart = process.cpuUsage();
    this.started = process.hrtime.bigint();
  }

  async stop(label: string): Promise<Run> {
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    const node = process.cpuUsage(this.nodeAtStart);
    const redisSeconds = (await redisCpuSeconds(this.redis)) - this.redisAtStart;
    const perThousand = 1000 / JOBS;
    return {
      label,
      seconds,
      jobsPerSecond: JOBS / seconds,
      nodeCpu: ((node.user + node.system) / 1000) * perThousand,
      redisCpu: redisSeconds * 1000 * perThousand,
    };
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const scratch = mkdtempSync(join(tmpdir(), 'inreach-queue-bench-'));
  const embedded = process.env.REDIS_URL
    ? null
    : new EmbeddedRedis({ dataDir: scratch, serverPath: 'redis-server' });
  const redisUrl = process.env.REDIS_URL ?? (await embedded!.start());
  const database = process.env.DATABASE_URL
    ? openPostgres({ url: process.env.DATABASE_URL, poolSize: 10 })
    : await openPglite();

  const meterRedis = new Redis(redisUrl);
  const meter = new Meter(meterRedis);

  try {
    await database.migrate();
    const where = `${process.env.REDIS_URL ? 'REDIS_URL' : 'private redis-server'}, ${database.kind}`;
    console.log(
      `${JOBS} no-op jobs, concurrency ${CONCURRENCY}, batches of ${BATCH} (${PRODUCERS} at once), ` +
        `${ROUNDS} rounds (${where})`,
    );

    // Rounds alternate which side goes first, so neither always meets a warmer Redis.
    const bare: Run[] = [];
    const inreach: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const sides = [
        async () => bare.push(report(round, await runBare(redisUrl, meter))),
        async () => inreach.push(report(round, await runInreach(redisUrl, database, meter))),
      ];
      if (round % 2 === 0) sides.reverse();
      for (const side of sides) await side();
    }
    summarize(bare, inreach, database.kind);
  } finally {
    meterRedis.disconnect();
    await database.close();
    await embedded?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Bare BullMQ: the same queue options, a worker that does nothing. */
async function runBare(redisUrl: string, meter: Meter): Promise<Run> {
  const prefix = `bench_bare_${randomBytes(4).toString('hex')}`;
  const producer = createWorkerRedis(redisUrl);
  const consumer = createWorkerRedis(redisUrl);
  const queue = new Queue(QUEUE, { connection: producer, prefix });
  let done = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker(QUEUE, () => Promise.resolve({ ok: true }), {
    connection: consumer,
    prefix,
    concurrency: CONCURRENCY,
    removeOnComplete: QUEUE_SETTINGS[QUEUE].job.removeOnComplete,
  });
  worker.on('completed', () => {
    if (++done === JOBS) finished();
  });
  await worker.waitUntilReady();

  await meter.start();
  await inBatches(async (size) => {
    await queue.addBulk(
      Array.from({ length: size }, () => ({
        name: JOB_NAME,
        data: { userId: 'bench' },
        opts: QUEUE_SETTINGS[QUEUE].job,
      })),
    );
  });
  await allDone;
  const run = await meter.stop('bare BullMQ');

  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  producer.disconnect();
  consumer.disconnect();
  return run;
}

/** QueueService and WorkerService as the service wires them, history and live events included. */
async function runInreach(
  redisUrl: string,
  database: DatabaseConnection,
  meter: Meter,
): Promise<Run> {
  const prefix = `bench_inreach_${randomBytes(4).toString('hex')}`;
  // A user of its own per round: the run is over when this user's rows say so.
  const [{ id: userId }] = await database.db
    .insert(users)
    .values({ email: `${prefix}@example.com` })
    .returning({ id: users.id });
  const config = loadConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' });
  const settings: QueueSettingsOverrides = { [QUEUE]: { worker: { concurrency: CONCURRENCY } } };
  const events = new EventBus(redisUrl, config);
  await events.onModuleInit();
  const registry = new HandlerRegistry();
  const noop = new NoopHandler();
  registry.register(QUEUE, JOB_NAME, noop);
  const history = new JobHistoryService(database.db);
  const queues = new QueueService(config, redisUrl, database.db, settings);
  const workers = new WorkerService(
    config,
    redisUrl,
    registry,
    history,
    queues,
    undefined,
    { skipDiscovery: true, queues: [QUEUE], settings },
    events,
  );
  await workers.start();
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  // Completed as BullMQ and the worker saw it (the count is kept in memory, no query).
  const poll = setInterval(() => {
    if ((workers.stats()[0]?.completed ?? 0) >= JOBS) finished();
  }, 5);

  await meter.start();
  await inBatches(async (size) => {
    await queues.addJobs(
      QUEUE,
      JOB_NAME,
      Array.from({ length: size }, () => ({ data: { userId } })),
    );
  });
  await allDone;
  // The history is part of the cost: the run ends once every change is written.
  await history.flush();
  const run = await meter.stop('Inreach QueueService + WorkerService');
  clearInterval(poll);
  await checkHistory(database, userId);
  // The round's rows go with its user, so a database used for many runs does not grow.
  await database.db.delete(users).where(eq(users.id, userId));

  await workers.shutdown();
  await history.onApplicationShutdown();
  await queues.queue(QUEUE).obliterate({ force: true });
  await queues.onApplicationShutdown();
  await events.onModuleDestroy();
  await cleanHeartbeat(redisUrl, prefix);
  if (noop.handled !== JOBS) throw new Error(`${noop.handled} of ${JOBS} jobs ran`);
  return run;
}

/** Enqueues JOBS in batches, PRODUCERS batches at a time (as several callers would). */
async function inBatches(enqueue: (size: number) => Promise<void>): Promise<void> {
  let next = 0;
  const producer = async () => {
    while (next < JOBS) {
      const size = Math.min(BATCH, JOBS - next);
      next += size;
      await enqueue(size);
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
}

/** Every job of the round has its history row, written as completed (checked after timing). */
async function checkHistory(database: DatabaseConnection, userId: string): Promise<void> {
  const [{ completed }] = await database.db
    .select({ completed: count() })
    .from(jobHistory)
    .where(and(eq(jobHistory.userId, userId), eq(jobHistory.state, 'completed')));
  if (completed !== JOBS) throw new Error(`${completed} of ${JOBS} history rows say completed`);
}

async function cleanHeartbeat(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function report(round: number, run: Run): Run {
  console.log(
    `round ${round}: ${run.label.padEnd(38)} ${run.seconds.toFixed(2).padStart(7)} s ` +
      `${Math.round(run.jobsPerSecond).toString().padStart(7)} jobs/s   ${cpuText(run.nodeCpu, run.redisCpu)}`,
  );
  return run;
}

/** Medians of each side, the ratio of the median rates, and two steadier views of it. */
function summarize(bare: Run[], inreach: Run[], databaseKind: DatabaseConnection['kind']): void {
  const bareRate = median(bare.map((run) => run.jobsPerSecond));
  const inreachRate = median(inreach.map((run) => run.jobsPerSecond));
  const cpuOf = (runs: Run[]) => ({
    node: median(runs.map((run) => run.nodeCpu)),
    redis: median(runs.map((run) => run.redisCpu)),
  });
  const bareCpu = cpuOf(bare);
  const inreachCpu = cpuOf(inreach);
  // A round's two sides ran next to each other, so they met about the same load.
  const roundRatios = inreach.map((run, index) => run.jobsPerSecond / bare[index].jobsPerSecond);

  console.log(
    `median bare BullMQ: ${Math.round(bareRate)} jobs/s   ${cpuText(bareCpu.node, bareCpu.redis)}`,
  );
  console.log(
    `median Inreach:     ${Math.round(inreachRate)} jobs/s   ` +
      cpuText(inreachCpu.node, inreachCpu.redis),
  );
  console.log(`ratio (Inreach / bare BullMQ): ${(inreachRate / bareRate).toFixed(2)}`);
  console.log(`median of the rounds' own ratios: ${median(roundRatios).toFixed(2)}`);
  const unseen = databaseKind === 'postgres' ? ', the Postgres server not counted' : '';
  console.log(
    `CPU ratio (bare / Inreach, this process + Redis per job${unseen}): ` +
      ((bareCpu.node + bareCpu.redis) / (inreachCpu.node + inreachCpu.redis)).toFixed(2),
  );
}

function cpuText(nodeCpu: number, redisCpu: number): string {
  return `cpu/1000 jobs: node ${Math.round(nodeCpu)} ms, redis ${Math.round(redisCpu)} ms`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
