// A worker process for tests: `node --import tsx test/support/queue-worker-child.ts`, with
// DATABASE_URL, REDIS_URL, QUEUE_PREFIX, CHILD_NAME and CHILD_OPTIONS (JSON) in the
// environment. It runs follow-requests jobs with a handler that logs each start and end to the
// Redis list `<prefix>:test:events`, prints "ready" once its workers run, and stops on SIGTERM.
import { openPostgres } from '../../src/database/database';
import type { JobContext, JobHandler } from '../../src/queues/job-handler';
import { ChildEvent, ChildJobData, ChildOptions, eventsKey } from './queue-children';
import { createQueueHarness } from './queue-harness';

async function main(): Promise<void> {
  const name = process.env.CHILD_NAME ?? `child-${process.pid}`;
  const options = JSON.parse(process.env.CHILD_OPTIONS ?? '{}') as ChildOptions;
  const database = openPostgres({ url: process.env.DATABASE_URL!, poolSize: 4 });
  const harness = await createQueueHarness({
    db: database.db,
    prefix: process.env.QUEUE_PREFIX,
    redisUrl: process.env.REDIS_URL,
    settings: options.settings,
    workers: {
      queues: ['follow-requests'],
      accountBusyDelayMs: options.accountBusyDelayMs,
      heartbeatEveryMs: options.heartbeatEveryMs,
    },
  });
  const log = async (event: ChildEvent['event'], job: JobContext<ChildJobData>) => {
    const entry: ChildEvent = {
      event,
      jobId: job.id,
      accountId: job.data.accountId ?? null,
      child: name,
      attempt: job.attempt,
      at: Date.now(),
    };
    await harness.redis.rpush(eventsKey(harness.prefix), JSON.stringify(entry));
  };
  const handler: JobHandler<ChildJobData, { child: string }> = {
    async handle(job) {
      await log('start', job);
      if (job.data.hangIn === name) await new Promise(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, job.data.workMs ?? 0));
      await log('end', job);
      return { child: name };
    },
  };
  harness.registry.register('follow-requests', 'follow-request', handler);
  await harness.workers.start();
  process.stdout.write('ready\n');

  process.once('SIGTERM', () => {
    void harness
      .close({ flush: false })
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
