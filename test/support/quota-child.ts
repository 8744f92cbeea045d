// Reserves quota in its own process: `node --import tsx test/support/quota-child.ts`, with
// DATABASE_URL, REDIS_URL, GO_KEY, ACCOUNT_ID and REQUESTS in the environment. It waits for a
// value on the Redis list GO_KEY (so two children start together), makes REQUESTS concurrent
// reservations of 1 to 3 connections, and prints what it was granted as JSON.
import { Redis } from 'ioredis';

import { systemClock } from '../../src/common/clock';
import { openPostgres, pingDatabase } from '../../src/database/database';
import { LinkedInSettingsService } from '../../src/limits/linkedin-settings.service';

async function main(): Promise<void> {
  const database = openPostgres({
    url: process.env.DATABASE_URL!,
    poolSize: Number(process.env.REQUESTS ?? '8'),
  });
  const settings = new LinkedInSettingsService(database.db, systemClock);
  const redis = new Redis(process.env.REDIS_URL!);
  const requests = Number(process.env.REQUESTS ?? '8');
  // One pooled connection per request, opened before the start: the race is between the
  // reservations, not the connects of a busy machine.
  for (let attempt = 0; ; attempt++) {
    try {
      await Promise.all(Array.from({ length: requests }, () => pingDatabase(database.db)));
      break;
    } catch (error) {
      if (attempt === 10) throw error;
    }
  }
  process.stdout.write('ready\n');

  await redis.blpop(process.env.GO_KEY!, 30);
  const grants = await Promise.all(
    Array.from({ length: requests }, (_, index) =>
      settings.getMaxActionsForRun(process.env.ACCOUNT_ID!, 'connections', 1 + (index % 3), {
        jobId: `child-${process.pid}-${index}`,
      }),
    ),
  );
  process.stdout.write(
    `${JSON.stringify({ granted: grants.reduce((total, grant) => total + grant.granted, 0) })}\n`,
  );
  redis.disconnect();
  await database.close();
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
