import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  AccountBusyError,
  AccountInactiveError,
  CheckpointError,
  LoginFailedError,
  RestrictedError,
  SessionExpiredError,
  WorkAbortedError,
} from '../../src/linkedin/errors';
import { DEMO } from '../../src/simulator';
import { startLinkedInHarness, type LinkedInHarness } from '../support/linkedin';

describe('withSession: login, health and account status', () => {
  let harness: LinkedInHarness;

  beforeAll(async () => {
    harness = await startLinkedInHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  beforeEach(async () => {
    await harness.simulator.client.reset();
    harness.events.length = 0;
  });

  for (const layout of ['classic', 'new'] as const) {
    it(`logs in with the li_at cookie, learns its own slug and stores it (${layout})`, async () => {
      await harness.simulator.client.setLayout(DEMO.account.id, layout);
      const account = await harness.createAccount();

      const seen = await harness.withSession(account, async (session) => ({
        selfSlug: session.selfSlug,
        page: (await session.page.read()).page,
      }));

      expect(seen).toEqual({ selfSlug: DEMO.account.slug, page: 'feed' });
      const stored = await harness.reload(account);
      expect(stored.profileSlug).toBe(DEMO.account.slug);
      expect(harness.accounts.sessionState(stored)).toMatchObject({
        cookies: expect.arrayContaining([expect.objectContaining({ name: 'li_at' })]) as unknown,
      });
      const logins = await harness.simulator.client.logins(DEMO.account.id);
      expect(logins).toEqual([expect.objectContaining({ method: 'cookie', outcome: 'success' })]);
    });
  }

  it('logs in through the login form with email and password', async () => {
    await harness.simulator.client.killSessions(DEMO.account.id);
    const account = await harness.createAccount({
      email: DEMO.account.email,
      password: DEMO.account.password,
    });

    const selfSlug = await harness.withSession(account, (session) =>
      Promise.resolve(session.selfSlug),
    );

    expect(selfSlug).toBe(DEMO.account.slug);
    const logins = await harness.simulator.client.logins(DEMO.account.id);
    expect(logins).toEqual([expect.objectContaining({ method: 'password', outcome: 'success' })]);
  });

  it('reuses the logged-in context for the next job without checking the feed again', async () => {
    const account = await harness.createAccount();
    await harness.withSession(account, () => Promise.resolve());
    const pool = harness.automation.sessionPool()!;
    const launches = pool.stats().launches;

    const url = await harness.withSession(account, async (session) => {
      await session.page.goto(DEMO.searchUrl);
      return session.page.page.url();
    });

    expect(url).toContain('/search/results/people/');
    expect(pool.stats().launches).toBe(launches);
    expect(await harness.simulator.client.logins(DEMO.account.id)).toHaveLength(1);
  });

  it('restores the saved session into a new context instead of logging in again', async () => {
    await harness.simulator.client.killSessions(DEMO.account.id);
    const account = await harness.createAccount({
      email: DEMO.account.email,
      password: DEMO.account.password,
    });
    await harness.withSession(account, () => Promise.resolve());
    // the context goes; the saved storage state stays in the database
    await harness.automation.sessionPool()!.closeAccount(account.id);

    const selfSlug = await harness.withSession(await harness.reload(account), (session) =>
      Promise.resolve(session.selfSlug),
    );

    expect(selfSlug).toBe(DEMO.account.slug);
    const logins = await harness.simulator.client.logins(DEMO.account.id);
    expect(logins.filter((login) => login.method === 'password')).toHaveLength(1);
  });

  it('marks a dead cookie session needs_login, tells the user and rethrows', async () => {
    const account = await harness.createAccount();
    await harness.simulator.client.killSessions(DEMO.account.id);
    let worked = false;

    const failure = await harness
      .withSession(account, () => {
        worked = true;
        return Promise.resolve();
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SessionExpiredError);
    expect(worked).toBe(false);
    const stored = await harness.reload(account);
    expect(stored.status).toBe('needs_login');
    expect(stored.statusReason).toMatch(/li_at/);
    expect(stored.sessionStateEncrypted).toBeNull();
    await expectStatusEvent(harness, account.id, 'needs_login');
  });

  it('marks a refused password needs_login with LinkedIn’s reason', async () => {
    const account = await harness.createAccount({
      email: DEMO.account.email,
      password: 'not-the-password',
    });

    const failure = await harness
      .withSession(account, () => Promise.resolve())
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LoginFailedError);
    const stored = await harness.reload(account);
    expect(stored.status).toBe('needs_login');
    expect(stored.statusReason).toMatch(/wrong email or password/i);
    await expectStatusEvent(harness, account.id, 'needs_login');
  });

  const challenges = [
    ['email_pin', 'email_pin', /PIN sent by e-mail/],
    ['app', 'app_approval', /approval in the LinkedIn app/],
    ['captcha', 'captcha', /CAPTCHA/],
  ] as const;
  for (const [simulated, kind, reason] of challenges) {
    it(`never answers a ${simulated} checkpoint: the account goes to checkpoint`, async () => {
      const account = await harness.createAccount();
      await harness.simulator.client.triggerCheckpoint(DEMO.account.id, simulated);

      const failure = await harness
        .withSession(account, () => Promise.resolve())
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(CheckpointError);
      expect((failure as CheckpointError).kind).toBe(kind);
      const stored = await harness.reload(account);
      expect(stored.status).toBe('checkpoint');
      expect(stored.statusReason).toMatch(reason);
      await expectStatusEvent(harness, account.id, 'checkpoint');
      // nothing was submitted to the challenge: it is still waiting
      const logins = await harness.simulator.client.logins(DEMO.account.id);
      expect(logins.filter((login) => login.outcome === 'success')).toEqual([]);
    });
  }

  it('stops at a checkpoint at the password login and keeps the password untried again', async () => {
    await harness.simulator.client.killSessions(DEMO.account.id);
    await harness.simulator.client.triggerCheckpoint(DEMO.account.id, 'email_pin');
    const account = await harness.createAccount({
      email: DEMO.account.email,
      password: DEMO.account.password,
    });

    const failure = await harness
      .withSession(account, () => Promise.resolve())
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CheckpointError);
    expect((await harness.reload(account)).status).toBe('checkpoint');
    const logins = await harness.simulator.client.logins(DEMO.account.id);
    expect(logins).toEqual([expect.objectContaining({ outcome: 'checkpoint' })]);
  });

  it('marks a restricted account restricted when LinkedIn shows it during the work', async () => {
    const account = await harness.createAccount();
    await harness.withSession(account, () => Promise.resolve());
    await harness.simulator.client.setRestricted(DEMO.account.id, true);

    const failure = await harness
      .withSession(account, (session) => session.search.readPage(DEMO.searchUrl, 1))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RestrictedError);
    expect((await harness.reload(account)).status).toBe('restricted');
    await expectStatusEvent(harness, account.id, 'restricted');
  });

  it('starts no browser work for an account that is not active', async () => {
    const account = await harness.createAccount();
    await harness.accounts.setStatus(account.id, 'paused', 'paused by the user');
    let worked = false;

    const failure = await harness
      .withSession(account, () => {
        worked = true;
        return Promise.resolve();
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AccountInactiveError);
    expect(worked).toBe(false);
    expect(await harness.simulator.client.logins(DEMO.account.id)).toEqual([]);
  });

  it('refuses an account whose lease another holder has, and releases its own lease', async () => {
    const account = await harness.createAccount();
    const inside = await harness.withSession(account, async () => {
      const second = await harness
        .withSession(account, () => Promise.resolve('ran'))
        .catch((error: unknown) => error);
      return second;
    });

    expect(inside).toBeInstanceOf(AccountBusyError);
    await expect(harness.withSession(account, () => Promise.resolve('free'))).resolves.toBe('free');
  });

  it('stops the work at the next action once its signal is aborted', async () => {
    const account = await harness.createAccount();
    const controller = new AbortController();

    const failure = await harness
      .withSession(
        account,
        async (session) => {
          controller.abort(new Error('the process is shutting down'));
          await session.page.goto(DEMO.searchUrl);
        },
        { signal: controller.signal },
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkAbortedError);
    const views = await harness.simulator.client.profileViews(DEMO.account.id);
    expect(views).toEqual([]);
  });
});

async function expectStatusEvent(harness: LinkedInHarness, accountId: string, status: string) {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const event = harness.events.find(
      (one) => one.type === 'account.status' && one.accountId === accountId,
    );
    if (event) {
      expect(event).toMatchObject({ status, userId: harness.userId });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no account.status event for ${accountId}`);
}
