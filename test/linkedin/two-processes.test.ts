import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccountsService } from '../../src/accounts/accounts.service';
import { UsersService } from '../../src/auth/users.service';
import { decodeKey } from '../../src/config/config';
import { SecretBox } from '../../src/crypto/secret-box';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  uniquePrefix,
  type TestDatabase,
} from '../support/databases';
import { ALWAYS_WORKING, TEST_PACING_SPEED } from '../support/linkedin';

const KEY = 'b'.repeat(64);
const SLUGS = ['john-smith', 'john-smith-123', DEMO.moreOnlySlug, DEMO.firstDegreeSlug];

interface ChildReport {
  outcome: string;
  startedAt?: number;
  endedAt?: number;
  message?: string;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  report: Promise<ChildReport>;
}

describe('two worker processes and one account', () => {
  let simulator: SimulatorHandle;
  let database: TestDatabase;
  let dataDir: string;
  let accountId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [simulator, database] = await Promise.all([startSimulator(), createTestDatabase('postgres')]);
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-lease-'));
    const secrets = new SecretBox(decodeKey(KEY)!);
    const { user } = await new UsersService(database.connection.db).create(
      'lease@example.com',
      false,
    );
    const accounts = new AccountsService(database.connection.db, secrets);
    const view = await accounts.create(user.id, {
      label: 'shared account',
      liAt: DEMO.account.liAt,
      workingHours: ALWAYS_WORKING,
    });
    accountId = view.id;
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: database.url!,
      REDIS_URL: TEST_REDIS_URL,
      ENCRYPTION_KEY: KEY,
      QUEUE_PREFIX: uniquePrefix('lease'),
      LINKEDIN_BASE_URL: simulator.baseUrl,
      PACING_SPEED: TEST_PACING_SPEED,
      INREACH_DATA_DIR: dataDir,
      CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    };
  });

  afterAll(async () => {
    await simulator?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorker(leaseWaitMs: number): Worker {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/session-child.ts',
        accountId,
        String(leaseWaitMs),
        ...SLUGS,
      ],
      { env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${errors}`)));
    });
    exited.catch(() => undefined);
    const ready = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        if (line.startsWith('{') && (JSON.parse(line) as { ready?: boolean }).ready) resolve();
      });
    });
    const report = new Promise<ChildReport>((resolve) => {
      lines.on('line', (line) => {
        if (!line.startsWith('{')) return;
        const message = JSON.parse(line) as { ready?: boolean } & ChildReport;
        if (!message.ready) resolve(message);
      });
    });
    return {
      child,
      ready: Promise.race([ready, exited]),
      report: Promise.race([report, exited]),
    };
  }

  async function runTogether(leaseWaitMs: number): Promise<ChildReport[]> {
    const workers = [startWorker(leaseWaitMs), startWorker(leaseWaitMs)];
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.child.stdin?.write('go\n');
      return await Promise.all(workers.map((worker) => worker.report));
    } finally {
      for (const worker of workers) {
        await new Promise<void>((resolve) => {
          if (worker.child.exitCode !== null) return resolve();
          worker.child.once('exit', () => resolve());
        });
      }
    }
  }

  it('lets only one drive the account; the other gets AccountBusyError at once', async () => {
    await simulator.client.reset();

    const reports = await runTogether(0);

    const outcomes = reports.map((report) => report.outcome).sort();
    expect(outcomes).toEqual(['account_busy', 'done']);
    const views = await simulator.client.profileViews(DEMO.account.id);
    expect(views.map((view) => view.slug)).toEqual(SLUGS);
  }, 180_000);

  it('makes the other wait for the lease: their work never overlaps, views never interleave', async () => {
    await simulator.client.reset();

    const reports = await runTogether(60_000);

    expect(reports.map((report) => report.outcome)).toEqual(['done', 'done']);
    const [first, second] = [...reports].sort((left, right) => left.startedAt! - right.startedAt!);
    expect(second.startedAt!).toBeGreaterThanOrEqual(first.endedAt!);
    const views = await simulator.client.profileViews(DEMO.account.id);
    // the simulator saw one whole round of visits, then the other: never one slug of each
    expect(views.map((view) => view.slug)).toEqual([...SLUGS, ...SLUGS]);
  }, 180_000);
});
