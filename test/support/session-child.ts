/**
 * A worker process for the two-process lease test: builds LinkedInAutomationService by hand
 * (tsx emits no decorator metadata), says "ready", waits for "go" on stdin, then runs one
 * withSession that visits profiles and prints when its work started and ended.
 * Usage: node --import tsx test/support/session-child.ts <accountId> <leaseWaitMs> <slug>...
 * Environment: DATABASE_URL, REDIS_URL, ENCRYPTION_KEY, QUEUE_PREFIX, LINKEDIN_BASE_URL,
 * PACING_SPEED, INREACH_DATA_DIR, CHROMIUM_PATH.
 */
import { createInterface } from 'node:readline';

import { Redis } from 'ioredis';

import { AccountsService } from '../../src/accounts/accounts.service';
import { decodeKey, loadConfig } from '../../src/config/config';
import { SecretBox } from '../../src/crypto/secret-box';
import { openPostgres } from '../../src/database/database';
import { EventBus } from '../../src/events/event-bus';
import { LinkedInError } from '../../src/linkedin/errors';
import { LinkedInAutomationService } from '../../src/linkedin/linkedin-automation.service';
import { AccountLease } from '../../src/locks/account-lease';

function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const [accountId, leaseWait, ...slugs] = process.argv.slice(2);
  const config = loadConfig({ ...process.env, INREACH_MODE: 'worker', LOG_LEVEL: 'warn' });
  const database = openPostgres({ url: config.DATABASE_URL!, poolSize: 2 });
  const accounts = new AccountsService(
    database.db,
    new SecretBox(decodeKey(config.ENCRYPTION_KEY!)!),
  );
  const events = new EventBus(config.REDIS_URL!, config);
  await events.onModuleInit();
  const redis = new Redis(config.REDIS_URL!, { maxRetriesPerRequest: 1 });
  const automation = new LinkedInAutomationService(
    config,
    accounts,
    events,
    new AccountLease(redis, config.QUEUE_PREFIX),
  );
  automation.onModuleInit();

  say({ ready: true });
  await waitForGo();

  const account = await accounts.findById(accountId);
  try {
    const interval = await automation.withSession(
      account!,
      async (session) => {
        const startedAt = Date.now();
        for (const slug of slugs) await session.profiles.open(slug);
        return { startedAt, endedAt: Date.now() };
      },
      { leaseWaitMs: Number(leaseWait) },
    );
    say({ outcome: 'done', ...interval });
  } catch (error) {
    const code = error instanceof LinkedInError ? error.code : 'error';
    say({ outcome: code, message: (error as Error).message });
  } finally {
    await automation.onApplicationShutdown();
    await events.onModuleDestroy();
    redis.disconnect();
    await database.close();
  }
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === 'go') {
        lines.close();
        resolve();
      }
    });
  });
}

main().then(
  // stdin stays open (the parent's pipe), so leave explicitly once everything is closed
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
