import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Queue } from 'bullmq';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/common/paths';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from '../support/databases';
import { CliRun, runCli, waitForServiceUrl } from '../support/process';
import { PROCESS_TEST_TIMEOUT_MS, START_TIMEOUT_MS, stopLeftovers } from './support/processes';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// A split deployment: api, worker and scheduler processes start at the same moment on one
// empty Postgres and one Redis.
describe(
  'processes of every mode starting together on one Postgres',
  { timeout: PROCESS_TEST_TIMEOUT_MS },
  () => {
    const databaseName = `inreach_test_${randomBytes(6).toString('hex')}`;
    const databaseUrl = new URL(TEST_DATABASE_URL);
    databaseUrl.pathname = `/${databaseName}`;
    const prefix = uniquePrefix('split');
    const folders: string[] = [];
    const runs: CliRun[] = [];

    beforeAll(async () => {
      await withClient(TEST_DATABASE_URL, (client) =>
        client.query(`create database ${databaseName}`),
      );
    });
    afterAll(async () => {
      await stopLeftovers(
        runs.map((run) => run.child.pid!),
        [],
      );
      folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
      await withClient(TEST_DATABASE_URL, (client) =>
        client.query(`drop database if exists ${databaseName} with (force)`),
      );
    });

    it('migrates once, creates one admin, and each process does its part', async () => {
      const started = (['api', 'worker', 'scheduler'] as const).map((mode) => {
        const dataDir = mkdtempSync(join(tmpdir(), `inreach-${mode}-`));
        folders.push(dataDir);
        const run = runCli(['serve', '--mode', mode], {
          DATABASE_URL: databaseUrl.toString(),
          REDIS_URL: TEST_REDIS_URL,
          ENCRYPTION_KEY: 'd'.repeat(64),
          QUEUE_PREFIX: prefix,
          INREACH_DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'warn',
        });
        runs.push(run);
        return { mode, dataDir, run };
      });
      const urls = await Promise.all(
        started.map(({ dataDir, run }) => waitForServiceUrl(dataDir, run, START_TIMEOUT_MS)),
      );

      const [apiUrl, workerUrl, schedulerUrl] = urls;
      expect(workerUrl).toBeNull();
      expect(schedulerUrl).toBeNull();
      expect((await fetch(`${apiUrl}/health`)).status).toBe(200);

      const journal = JSON.parse(
        readFileSync(join(projectRoot(), 'drizzle/meta/_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      await withClient(databaseUrl.toString(), async (client) => {
        const migrations = await client.query('select hash from drizzle.__drizzle_migrations');
        expect(migrations.rowCount).toBe(journal.entries.length);
        const admins = await client.query('select email from users where is_admin');
        expect(admins.rows).toEqual([{ email: 'admin@inreach.local' }]);
      });
      const announced = started.filter(({ run }) =>
        run.output().includes('Created the admin user'),
      );
      expect(announced).toHaveLength(1);

      // The worker process took the maintenance queue; the scheduler set its repeating job.
      const maintenance = new Queue('maintenance', { connection: { url: TEST_REDIS_URL }, prefix });
      try {
        await expect.poll(async () => (await maintenance.getWorkers()).length).toBeGreaterThan(0);
        await expect
          .poll(async () =>
            (await maintenance.getJobSchedulers()).map((scheduler) => scheduler.key),
          )
          .toContain('process-pending-jobs-every-minute');
      } finally {
        await maintenance.obliterate({ force: true }).catch(() => undefined);
        await maintenance.close();
      }

      for (const { run } of started) run.child.kill('SIGTERM');
      expect(await Promise.all(started.map(({ run }) => run.exited))).toEqual([0, 0, 0]);
    });
  },
);
