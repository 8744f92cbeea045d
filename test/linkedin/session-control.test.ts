import { readFileSync } from 'node:fs';

import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccountsService } from '../../src/accounts/accounts.service';
import { APP_CONFIG, type AppConfig } from '../../src/config/config';
import { EventBus } from '../../src/events/event-bus';
import {
  AccountBusyError,
  BrowserUnavailableError,
  OutsideWorkingHoursError,
  WorkAbortedError,
} from '../../src/linkedin/errors';
import { LinkedInAutomationService } from '../../src/linkedin/linkedin-automation.service';
import { ACCOUNT_LEASE, AccountLease } from '../../src/locks/account-lease';
import { DEMO } from '../../src/simulator';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from '../support/databases';
import { startLinkedInHarness, type LinkedInHarness } from '../support/linkedin';
import { startTestService } from '../support/service';

describe('withSession: the lease, aborts and working hours', () => {
  let harness: LinkedInHarness;
  let leases: AccountLease;

  beforeAll(async () => {
    harness = await startLinkedInHarness();
    leases = harness.service.service.app.get(ACCOUNT_LEASE, { strict: false });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  beforeEach(async () => {
    await harness.simulator.client.reset();
  });

  it('works under the lease the worker hands over, and leaves it to the worker', async () => {
    const account = await harness.createAccount();
    const lease = (await leases.acquire(account.id, 30_000))!;

    const slug = await harness.withSession(
      account,
      async (session) => (await session.profiles.open('john-smith')).slug,
      { lease },
    );

    expect(slug).toBe('john-smith');
    expect(await leases.isHeld(account.id)).toBe(true);
    expect(await lease.release()).toBe(true);
  });

  it('refuses work when another holder has the lease, touching no page', async () => {
    const account = await harness.createAccount();
    const other = (await leases.acquire(account.id, 30_000))!;

    const failure = await harness
      .withSession(account, () => Promise.resolve())
      .catch((error: unknown) => error);
    await other.release();

    expect(failure).toBeInstanceOf(AccountBusyError);
    expect(await harness.simulator.client.logins(DEMO.account.id)).toEqual([]);
  });

  it('waits for the lease when asked to, and then works', async () => {
    const account = await harness.createAccount();
    const other = (await leases.acquire(account.id, 30_000))!;
    setTimeout(() => void other.release(), 600);

    const started = Date.now();
    const done = await harness.withSession(account, () => Promise.resolve('done'), {
      leaseWaitMs: 10_000,
    });

    expect(done).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('stops at the next action when its lease is lost to another holder', async () => {
    const app = harness.service.service.app;
    const redis = new Redis(TEST_REDIS_URL);
    const config = app.get<AppConfig>(APP_CONFIG, { strict: false });
    const automation = new LinkedInAutomationService(
      config,
      app.get(AccountsService, { strict: false }),
      app.get(EventBus, { strict: false }),
      new AccountLease(redis, config.QUEUE_PREFIX),
      { leaseTtlMs: 1_500 },
    );
    automation.onModuleInit();
    const account = await harness.createAccount();
    try {
      const failure = await automation
        .withSession(account, async (session) => {
          await session.profiles.open('john-smith');
          // someone else's token: the next renewal fails
          await redis.set(`${config.QUEUE_PREFIX}:lease:account:${account.id}`, 'another-holder');
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await session.profiles.open('john-smith-123');
        })
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(WorkAbortedError);
      const views = await harness.simulator.client.profileViews(DEMO.account.id);
      expect(views.map((view) => view.slug)).toEqual(['john-smith']);
      // the other holder's lease is left alone
      expect(await redis.get(`${config.QUEUE_PREFIX}:lease:account:${account.id}`)).toBe(
        'another-holder',
      );
    } finally {
      await automation.onApplicationShutdown();
      redis.disconnect();
    }
  });

  it('starts nothing outside the account’s working hours and says when they resume', async () => {
    // every day but today, all day long
    const today = DateTime.utc().weekday;
    const account = await harness.createAccount({
      timezone: 'UTC',
      workingHours: {
        days: [1, 2, 3, 4, 5, 6, 7].filter((day) => day !== today),
        start: '00:00',
        end: '00:00',
      },
    });

    const contextsBefore = harness.automation.sessionPool()!.stats().contexts;

    const failure = await harness
      .withSession(account, () => Promise.resolve())
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OutsideWorkingHoursError);
    expect((failure as OutsideWorkingHoursError).resumeAt.toISOString()).toBe(
      DateTime.utc().startOf('day').plus({ days: 1 }).toJSDate().toISOString(),
    );
    expect(await harness.simulator.client.logins(DEMO.account.id)).toEqual([]);
    expect((await harness.reload(account)).status).toBe('active');
    expect(harness.automation.sessionPool()!.stats().contexts).toBe(contextsBefore);
  });
});

describe('withSession in a process that runs no workers', () => {
  it('never launches a browser in INREACH_MODE=api', async () => {
    const service = await startTestService('postgres', {
      INREACH_MODE: 'api',
      // checked by the config only: the service runs on the fresh test database it is given
      DATABASE_URL: TEST_DATABASE_URL,
      QUEUE_PREFIX: uniquePrefix('api'),
    });
    try {
      const automation = service.service.app.get(LinkedInAutomationService, { strict: false });
      const user = await service.createUser();
      const accounts = service.service.app.get(AccountsService, { strict: false });
      const view = await accounts.create(user.id, { label: 'api', liAt: DEMO.account.liAt });

      const failure = await automation
        .withSession((await accounts.findById(view.id))!, () => Promise.resolve())
        .catch((error: unknown) => error);

      expect(automation.sessionPool()).toBeNull();
      expect(failure).toBeInstanceOf(BrowserUnavailableError);
      expect((failure as Error).message).toMatch(/INREACH_MODE=api/);
    } finally {
      await service.stop();
    }
  });
});

describe('stopping the service', () => {
  it('closes every context and the browser when the service stops', async () => {
    const harness = await startLinkedInHarness();
    let browserPids: number[];
    try {
      const account = await harness.createAccount();
      await harness.withSession(account, (session) => session.search.readPage(DEMO.searchUrl, 1));
      browserPids = harness.automation.sessionPool()!.browserPids();
      expect(browserPids).toHaveLength(1);
    } finally {
      await harness.stop();
    }

    const deadline = Date.now() + 5_000;
    while (browserPids.some(isRunning) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(browserPids.filter(isRunning)).toEqual([]);
  });
});

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}
