// Browser sessions against the simulator on this machine: 20 accounts with live sessions at
// once (memory of each context), then 500 sequential jobs on one account, with contexts
// recycled after CONTEXT_MAX_JOBS and, for comparison, never recycled. Prints figures only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

import { AccountRow, AccountsService } from '../accounts/accounts.service';
import { UsersService } from '../auth/users.service';
import { loadConfig } from '../config/config';
import { SecretBox } from '../crypto/secret-box';
import { openPglite, type DatabaseConnection } from '../database/database';
import { EventBus } from '../events/event-bus';
import { LinkedInAutomationService } from '../linkedin/linkedin-automation.service';
import { processTreeMemory, type TreeMemory } from '../linkedin/session/orphan-browsers';
import { AccountLease } from '../locks/account-lease';
import { DEMO, startSimulator, type SimulatorHandle } from '../simulator';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const MAX_JOBS = Number(process.env.BENCH_CONTEXT_MAX_JOBS ?? 50);
const SAMPLE_EVERY = Number(process.env.BENCH_SAMPLE_EVERY ?? 50);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PACING_SPEED = process.env.PACING_SPEED ?? '0.005';
const ALWAYS: AccountRow['workingHours'] = {
  days: [1, 2, 3, 4, 5, 6, 7],
  start: '00:00',
  end: '00:00',
};

interface Bench {
  automation: LinkedInAutomationService;
  database: DatabaseConnection;
  accounts: AccountsService;
  close(): Promise<void>;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

// The pool's Chromium and every process under it (renderers, GPU, network service).
function browserMemory(automation: LinkedInAutomationService): TreeMemory {
  const pids = automation.sessionPool()?.browserPids() ?? [];
  const total: TreeMemory = { rss: 0, pss: 0, processes: 0 };
  for (const pid of pids) {
    const tree = processTreeMemory(pid);
    total.rss += tree.rss;
    total.pss += tree.pss;
    total.processes += tree.processes;
  }
  return total;
}

async function startBench(simulator: SimulatorHandle, contextMaxJobs: number): Promise<Bench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inreach-bench-sessions-'));
  const config = loadConfig({
    INREACH_MODE: 'all',
    INREACH_DATA_DIR: dataDir,
    REDIS_URL,
    QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
    LINKEDIN_BASE_URL: simulator.baseUrl,
    PACING_SPEED,
    CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    MAX_BROWSER_CONTEXTS: String(Math.max(ACCOUNTS, 1)),
    CONTEXT_MAX_JOBS: String(Math.min(contextMaxJobs, 100_000)),
  });
  const database = await openPglite();
  await database.migrate();
  const accounts = new AccountsService(database.db, new SecretBox(randomBytes(32)));
  const events = new EventBus(REDIS_URL, config);
  await events.onModuleInit();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const automation = new LinkedInAutomationService(
    config,
    accounts,
    events,
    new AccountLease(redis, config.QUEUE_PREFIX),
    { maxActionsPerHour: 100_000 },
  );
  automation.onModuleInit();
  return {
    automation,
    database,
    accounts,
    async close() {
      await automation.onApplicationShutdown();
      await events.onModuleDestroy();
      redis.disconnect();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createAccounts(
  bench: Bench,
  simulator: SimulatorHandle,
  count: number,
): Promise<AccountRow[]> {
  const { database, accounts } = bench;
  const { user } = await new UsersService(database.db).create(
    `bench-${randomBytes(3).toString('hex')}@example.com`,
    false,
  );
  const rows: AccountRow[] = [];
  for (let index = 0; index < count; index++) {
    const liAt = `AQEDAbenchSession${index}${randomBytes(8).toString('hex')}`.padEnd(64, 'x');
    await simulator.client.createAccount({
      email: `bench-${index}-${randomBytes(3).toString('hex')}@example.test`,
      password: 'bench-password',
      firstName: 'Bench',
      lastName: `Account${index}`,
      slug: `bench-account-${index}-${randomBytes(3).toString('hex')}`,
      layout: index % 2 === 0 ? 'classic' : 'new',
      liAt,
    });
    const view = await accounts.create(user.id, {
      label: `bench ${index}`,
      liAt,
      workingHours: ALWAYS,
    });
    rows.push((await accounts.findById(view.id))!);
  }
  return rows;
}

// Logs in every account at once and holds all their sessions open on a loaded page.
async function liveSessions(simulator: SimulatorHandle): Promise<void> {
  const bench = await startBench(simulator, MAX_JOBS);
  try {
    const accounts = await createAccounts(bench, simulator, ACCOUNTS);
    let releaseAll: () => void = () => undefined;
    const allLive = new Promise<void>((resolve) => (releaseAll = resolve));
    let arrived = 0;
    let markFirst: (memory: TreeMemory) => void = () => undefined;
    const firstLive = new Promise<TreeMemory>((resolve) => (markFirst = resolve));
    let markAll: (sample: { memory: TreeMemory; contexts: number }) => void = () => undefined;
    const sampled = new Promise<{ memory: TreeMemory; contexts: number }>(
      (resolve) => (markAll = resolve),
    );
    const hold = (account: AccountRow) =>
      bench.automation.withSession(account, async (session) => {
        await session.search.readPage(DEMO.searchUrl, 1);
        arrived += 1;
        if (arrived === 1) markFirst(browserMemory(bench.automation));
        if (arrived === accounts.length) {
          markAll({
            memory: browserMemory(bench.automation),
            contexts: bench.automation.sessionPool()!.stats().contexts,
          });
          releaseAll();
        }
        await allLive;
      });

    // one session alone first, to see the browser with a single context
    const began = Date.now();
    const sessions = [hold(accounts[0])];
    const first = await firstLive;
    sessions.push(...accounts.slice(1).map(hold));
    const { memory, contexts } = await sampled;
    const seconds = (Date.now() - began) / 1000;
    await Promise.all(sessions);
    const added = Math.max(1, contexts - 1);

    console.log(
      `\n${ACCOUNTS} accounts with live sessions at once (all logged in after ${seconds.toFixed(1)} s):`,
    );
    console.log(`  live contexts: ${contexts}; Chromium processes: ${memory.processes}`);
    console.log(
      `  Chromium, browser + 1 context:   PSS ${mb(first.pss)} MB (RSS sum ${mb(first.rss)} MB)`,
    );
    console.log(
      `  Chromium, all ${contexts} contexts:      PSS ${mb(memory.pss)} MB (RSS sum ${mb(memory.rss)} MB)`,
    );
    console.log(
      `  each added context:              PSS ${mb((memory.pss - first.pss) / added)} MB ` +
        `(RSS sum ${mb((memory.rss - first.rss) / added)} MB)`,
    );
    console.log(`  this Node process:               RSS ${mb(process.memoryUsage().rss)} MB`);
  } finally {
    await bench.close();
  }
}

interface Sample {
  job: number;
  browserPssMb: number;
  browserRssMb: number;
  nodeMb: number;
  contextsOpened: number;
}

// One account, job after job: a search page, then a profile, as a campaign run does.
async function sequentialJobs(simulator: SimulatorHandle, contextMaxJobs: number) {
  const bench = await startBench(simulator, contextMaxJobs);
  try {
    const [account] = await createAccounts(bench, simulator, 1);
    const samples: Sample[] = [];
    const slugs = ['john-smith', 'john-smith-123', DEMO.moreOnlySlug, DEMO.firstDegreeSlug];
    const began = Date.now();
    for (let job = 1; job <= JOBS; job++) {
      await bench.automation.withSession(account, async (session) => {
        await session.search.readPage(DEMO.searchUrl, (job % 9) + 1);
        await session.profiles.open(slugs[job % slugs.length]);
      });
      if (job === 1 || job % SAMPLE_EVERY === 0) {
        const stats = bench.automation.sessionPool()!.stats();
        const memory = browserMemory(bench.automation);
        samples.push({
          job,
          browserPssMb: memory.pss / 1024 / 1024,
          browserRssMb: memory.rss / 1024 / 1024,
          nodeMb: process.memoryUsage().rss / 1024 / 1024,
          contextsOpened: stats.recycled + stats.contexts,
        });
      }
    }
    return { samples, seconds: (Date.now() - began) / 1000 };
  } finally {
    await bench.close();
  }
}

function printSamples(title: string, run: { samples: Sample[]; seconds: number }): void {
  console.log(
    `\n${title} (${run.seconds.toFixed(0)} s, ${(run.seconds / JOBS).toFixed(2)} s/job):`,
  );
  console.log('   job   Chromium PSS MB   Chromium RSS MB   Node RSS MB   contexts opened');
  for (const sample of run.samples) {
    console.log(
      `  ${String(sample.job).padStart(4)}   ${sample.browserPssMb.toFixed(1).padStart(15)}` +
        `   ${sample.browserRssMb.toFixed(1).padStart(15)}   ${sample.nodeMb.toFixed(1).padStart(11)}` +
        `   ${String(sample.contextsOpened).padStart(15)}`,
    );
  }
  const pss = run.samples.map((sample) => sample.browserPssMb);
  const late = pss.slice(Math.floor(pss.length / 2));
  console.log(
    `  Chromium PSS: min ${Math.min(...pss).toFixed(1)}, max ${Math.max(...pss).toFixed(1)} MB; ` +
      `second half ${Math.min(...late).toFixed(1)}-${Math.max(...late).toFixed(1)} MB`,
  );
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const simulator = await startSimulator();
  try {
    console.log(
      `sessions bench: ${ACCOUNTS} accounts, ${JOBS} jobs, PACING_SPEED=${PACING_SPEED}, ` +
        `Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`,
    );
    await liveSessions(simulator);
    printSamples(
      `${JOBS} sequential jobs on one account, CONTEXT_MAX_JOBS=${MAX_JOBS}`,
      await sequentialJobs(simulator, MAX_JOBS),
    );
    if (process.env.BENCH_SKIP_UNRECYCLED !== '1') {
      printSamples(
        `${JOBS} sequential jobs on one account, never recycled`,
        await sequentialJobs(simulator, 100_000),
      );
    }
  } finally {
    await simulator.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
