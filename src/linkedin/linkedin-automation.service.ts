import { createHash } from 'node:crypto';

import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { BrowserContext } from 'playwright-core';

import {
  AccountCredentials,
  AccountRow,
  AccountStatus,
  AccountsService,
  DUPLICATE_MEMBER_REASON,
} from '../accounts/accounts.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventBus } from '../events/event-bus';
import { ACCOUNT_LEASE, AccountLease, AccountLeaseHandle } from '../locks/account-lease';
import {
  AccountBusyError,
  AccountInactiveError,
  BrowserUnavailableError,
  CheckpointError,
  DuplicateMemberError,
  LinkedInError,
  LoginFailedError,
  RestrictedError,
  SessionExpiredError,
  WorkAbortedError,
} from './errors';
import { Pacer } from './pacer';
import { LinkedInPage } from './pages/linkedin-page';
import { MessagingPage } from './pages/messaging-page';
import { ConnectionsPage, SentInvitationsPage } from './pages/network-pages';
import { PostPage } from './pages/post-page';
import { ProfilePage } from './pages/profile-page';
import { SearchPage } from './pages/search-page';
import { logIn } from './session/login';
import { findChromium } from './session/chromium';
import { SessionPool, type PooledContext, type StorageState } from './session/session-pool';

/** What the work of one session gets: the logged-in page and a page object per screen. */
export interface LinkedInSession {
  /** The account row as loaded for this session. */
  account: AccountRow;
  page: LinkedInPage;
  search: SearchPage;
  profiles: ProfilePage;
  posts: PostPage;
  sentInvitations: SentInvitationsPage;
  connections: ConnectionsPage;
  messaging: MessagingPage;
  /** The account's own profile slug, learned at login. */
  selfSlug: string | null;
}

export interface SessionOptions {
  /** The account lease the caller (the worker) already holds; else withSession takes one. */
  lease?: AccountLeaseHandle | null;
  /** Aborts the work at the next safe point (shutdown, lease lost). */
  signal?: AbortSignal;
  /**
   * How long to wait for the account's lease when another process holds it; 0 (the default)
   * fails at once with AccountBusyError.
   */
  leaseWaitMs?: number;
}

/** Knobs for tests and the bench; production takes everything from the config. */
export interface LinkedInAutomationOptions {
  leaseTtlMs?: number;
  /** Clicks and page loads per (pacing-compressed) hour and account. */
  maxActionsPerHour?: number;
  /** How long one close of a context or the browser may take before the kill. */
  closeTimeoutMs?: number;
}
export const LINKEDIN_AUTOMATION_OPTIONS = Symbol('LINKEDIN_AUTOMATION_OPTIONS');

const DEFAULT_LEASE_TTL_MS = 60_000;
const DEFAULT_MAX_ACTIONS_PER_HOUR = 120;
const LEASE_POLL_MS = 250;
const SAVE_STATE_TIMEOUT_MS = 10_000;

/** The account statuses each account problem leads to, with the reason the user reads. */
type AccountProblem = { status: AccountStatus; reason: string };

/**
 * Drives LinkedIn for one account at a time: the account's exclusive lease, its browser context
 * from the pool (only in processes that run workers), login and its health check, the work, the
 * saved session state, and the account's status when LinkedIn blocks it.
 */
@Injectable()
export class LinkedInAutomationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LinkedInAutomationService.name);
  private pool: SessionPool | null = null;
  private unavailable: string | null = null;
  private readonly actionTimes = new Map<string, number[]>();
  private readonly options: LinkedInAutomationOptions;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(EventBus) private readonly events: Pick<EventBus, 'publish'>,
    @Inject(ACCOUNT_LEASE) private readonly leases: AccountLease,
    @Optional() @Inject(LINKEDIN_AUTOMATION_OPTIONS) options?: LinkedInAutomationOptions,
  ) {
    this.options = options ?? {};
  }

  /** In modes that run workers: ends browsers a crashed run left and readies the pool. */
  onModuleInit(): void {
    const mode = this.config.INREACH_MODE;
    if (mode !== 'all' && mode !== 'worker') {
      this.unavailable = `This process (INREACH_MODE=${mode}) runs no browser.`;
      return;
    }
    let executablePath: string;
    try {
      executablePath = findChromium(this.config.CHROMIUM_PATH);
    } catch (error) {
      this.unavailable = (error as Error).message;
      this.logger.error({ msg: 'no browser: LinkedIn work will fail', err: this.unavailable });
      return;
    }
    this.pool = new SessionPool({
      executablePath,
      headless: this.config.BROWSER_HEADLESS,
      dataDir: this.config.dataDir,
      maxContexts: this.config.MAX_BROWSER_CONTEXTS,
      contextMaxJobs: this.config.CONTEXT_MAX_JOBS,
      contextMaxAgeMs: this.config.CONTEXT_MAX_AGE_MINUTES * 60_000,
      contextIdleMs: this.config.CONTEXT_IDLE_MINUTES * 60_000,
      closeTimeoutMs:
        this.options.closeTimeoutMs ?? Math.min(10_000, this.config.SHUTDOWN_TIMEOUT_MS),
    });
    this.pool.start();
  }

  // After every module's destroy hook, so the workers have stopped their jobs first.
  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }

  /** The pool of this process, or null in a process that runs no browser. */
  sessionPool(): SessionPool | null {
    return this.pool;
  }

  /**
   * Runs `work` with the account's logged-in browser page, holding the account's lease for the
   * whole time (taken here unless `options.lease` is the account's). A login page, checkpoint or
   * restriction sets the account's status, publishes `account.status` and is rethrown typed.
   */
  async withSession<T>(
    account: AccountRow,
    work: (session: LinkedInSession) => Promise<T>,
    options: SessionOptions = {},
  ): Promise<T> {
    const pool = this.requirePool();
    if (options.signal?.aborted) throw new WorkAbortedError(reasonOf(options.signal));

    const lease = await this.holdLease(account.id, options);
    try {
      const current = await this.accounts.findById(account.id);
      if (!current) throw new AccountInactiveError(account.id, 'deleted', null);
      if (current.status !== 'active') {
        throw new AccountInactiveError(current.id, current.status, current.statusReason);
      }
      const signal = options.signal
        ? AbortSignal.any([lease.signal, options.signal])
        : lease.signal;
      return await this.runInContext(pool, current, work, signal);
    } finally {
      await lease.end();
    }
  }

  private async runInContext<T>(
    pool: SessionPool,
    account: AccountRow,
    work: (session: LinkedInSession) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const pacer = this.pacerFor(account, signal);
    // outside working hours (or already aborted) no browser context is even opened
    pacer.checkpoint();
    const credentials = this.accounts.credentials(account);
    const storedState = this.storedState(account);
    const pooled = await pool.acquire(account.id, () => ({
      loginKey: loginKeyOf(account),
      proxy: this.accounts.proxy(account),
      storageState: storedState,
    }));
    const linkedIn = new LinkedInPage(
      pooled.page,
      { id: account.id, profileSlug: account.profileSlug },
      pacer,
      this.config.LINKEDIN_BASE_URL,
    );

    let discard = false;
    let stage: 'login' | 'work' = 'login';
    try {
      let selfSlug = account.profileSlug;
      if (pooled.fresh) {
        selfSlug = await this.logIn(account, credentials, pooled, linkedIn, storedState !== null);
        linkedIn.account.profileSlug = selfSlug;
        pool.markChecked(pooled);
      }

      stage = 'work';
      const result = await work(sessionOf({ ...account, profileSlug: selfSlug }, linkedIn));
      await this.saveState(account.id, pooled.context);
      return result;
    } catch (error) {
      const outcome = await this.handleFailure(account, credentials, stage, pooled, error, signal);
      discard = outcome.discard;
      if (outcome.saveState) await this.saveState(account.id, pooled.context);
      throw outcome.error;
    } finally {
      await pool.release(pooled, { discard });
    }
  }

  private async logIn(
    account: AccountRow,
    credentials: AccountCredentials,
    pooled: PooledContext,
    linkedIn: LinkedInPage,
    hasStoredState: boolean,
  ): Promise<string | null> {
    const result = await logIn({
      linkedIn,
      context: pooled.context,
      credentials,
      hasStoredState,
      baseUrl: this.config.LINKEDIN_BASE_URL,
    });
    this.logger.log({
      msg: 'logged in',
      accountId: account.id,
      method: result.method,
      selfSlugKnown: result.selfSlug !== null,
    });
    // Two accounts of one member would have two quotas: the later login does no work.
    if (
      result.selfSlug !== null &&
      !(await this.accounts.claimProfileSlug(account.id, result.selfSlug))
    ) {
      throw new DuplicateMemberError(DUPLICATE_MEMBER_REASON);
    }
    return result.selfSlug ?? account.profileSlug;
  }

  // Decides what a failure means for the account and the context, and what to rethrow.
  private async handleFailure(
    account: AccountRow,
    credentials: AccountCredentials,
    stage: 'login' | 'work',
    pooled: PooledContext,
    error: unknown,
    signal: AbortSignal,
  ): Promise<{ error: unknown; discard: boolean; saveState: boolean }> {
    const problem = accountProblemOf(error, credentials, stage);
    if (error instanceof SessionExpiredError || error instanceof LoginFailedError) {
      await this.accounts.clearSessionState(account.id);
    }
    if (problem) {
      await this.markAccount(account, problem, (error as LinkedInError).code);
      return { error, discard: true, saveState: false };
    }
    if (error instanceof SessionExpiredError) {
      // A password account whose session died mid-work logs in again in a fresh context.
      return { error, discard: true, saveState: false };
    }

    const browserGone = pooled.page.isClosed() || !pooled.context.browser()?.isConnected();
    if (browserGone) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        error: new BrowserUnavailableError(`The browser went away during the work: ${message}`),
        discard: true,
        saveState: false,
      };
    }
    if (signal.aborted && !(error instanceof LinkedInError)) {
      return { error: new WorkAbortedError(reasonOf(signal)), discard: false, saveState: true };
    }
    // Other failures (a lead's problem, a timeout) leave the login valid: keep the context.
    return { error, discard: stage === 'login', saveState: stage === 'work' };
  }

  private async markAccount(
    account: AccountRow,
    problem: AccountProblem,
    code: string,
  ): Promise<void> {
    await this.accounts.setStatus(account.id, problem.status, problem.reason);
    this.logger.warn({
      msg: 'account blocked; its work is held',
      accountId: account.id,
      status: problem.status,
      code,
    });
    this.events.publish({
      type: 'account.status',
      userId: account.userId,
      accountId: account.id,
      status: problem.status,
      reason: problem.reason,
    });
  }

  private async saveState(accountId: string, context: BrowserContext): Promise<void> {
    try {
      const state = await withTimeout(context.storageState(), SAVE_STATE_TIMEOUT_MS);
      if (state) await this.accounts.saveSessionState(accountId, state);
    } catch (error) {
      this.logger.warn({
        msg: 'session state not saved',
        accountId,
        err: (error as Error).message,
      });
    }
  }

  private storedState(account: AccountRow): StorageState | null {
    try {
      return this.accounts.sessionState<StorageState>(account);
    } catch (error) {
      // A state written under another key cannot be read: log in again instead of failing.
      this.logger.warn({
        msg: 'stored session state unreadable',
        accountId: account.id,
        err: (error as Error).message,
      });
      return null;
    }
  }

  private pacerFor(account: AccountRow, signal: AbortSignal): Pacer {
    let actionTimes = this.actionTimes.get(account.id);
    if (!actionTimes) {
      actionTimes = [];
      this.actionTimes.set(account.id, actionTimes);
    }
    return new Pacer({
      speed: this.config.PACING_SPEED,
      maxActionsPerHour: this.options.maxActionsPerHour ?? DEFAULT_MAX_ACTIONS_PER_HOUR,
      signal,
      workingHours: { timezone: account.timezone, workingHours: account.workingHours },
      actionTimes,
    });
  }

  private requirePool(): SessionPool {
    if (this.pool) return this.pool;
    throw new BrowserUnavailableError(this.unavailable ?? 'The session pool has not started.');
  }

  /** The caller's lease when it is this account's, else one taken (and renewed) here. */
  private async holdLease(accountId: string, options: SessionOptions): Promise<HeldLease> {
    const given = options.lease;
    if (given) {
      if (given.accountId !== accountId) {
        throw new RangeError(
          `The lease given is for account ${given.accountId}, not ${accountId}.`,
        );
      }
      // The worker renews its own lease and aborts the job's signal when it is lost.
      return { signal: new AbortController().signal, end: () => Promise.resolve() };
    }

    const ttlMs = this.options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    const deadline = Date.now() + (options.leaseWaitMs ?? 0);
    let handle = await this.leases.acquire(accountId, ttlMs);
    while (!handle && Date.now() < deadline) {
      if (options.signal?.aborted) throw new WorkAbortedError(reasonOf(options.signal));
      await sleep(Math.min(LEASE_POLL_MS, Math.max(1, deadline - Date.now())));
      handle = await this.leases.acquire(accountId, ttlMs);
    }
    if (!handle) throw new AccountBusyError(accountId);
    return renewing(handle, ttlMs, this.logger);
  }
}

interface HeldLease {
  /** Aborted when the lease could not be renewed: another process may take the account. */
  signal: AbortSignal;
  end(): Promise<void>;
}

function renewing(handle: AccountLeaseHandle, ttlMs: number, logger: Logger): HeldLease {
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      handle
        .renew()
        .then((held) => {
          if (!held) lost.abort(new Error('the account lease was lost'));
        })
        .catch((error: Error) => {
          logger.warn({
            msg: 'lease not renewed',
            accountId: handle.accountId,
            err: error.message,
          });
        });
    },
    Math.max(1_000, Math.floor(ttlMs / 3)),
  );
  return {
    signal: lost.signal,
    end: async () => {
      clearInterval(timer);
      await handle.release().catch(() => undefined);
    },
  };
}

function sessionOf(account: AccountRow, linkedIn: LinkedInPage): LinkedInSession {
  return {
    account,
    page: linkedIn,
    search: new SearchPage(linkedIn),
    profiles: new ProfilePage(linkedIn),
    posts: new PostPage(linkedIn),
    sentInvitations: new SentInvitationsPage(linkedIn),
    connections: new ConnectionsPage(linkedIn),
    messaging: new MessagingPage(linkedIn),
    selfSlug: account.profileSlug,
  };
}

// A checkpoint, restriction, refused login, or a dead cookie session changes the account.
function accountProblemOf(
  error: unknown,
  credentials: AccountCredentials,
  stage: 'login' | 'work',
): AccountProblem | null {
  if (error instanceof CheckpointError) return { status: 'checkpoint', reason: error.message };
  if (error instanceof RestrictedError) return { status: 'restricted', reason: error.message };
  if (error instanceof LoginFailedError) return { status: 'needs_login', reason: error.message };
  // Another login (or deleting the other account) and setting it active again lets it work.
  if (error instanceof DuplicateMemberError)
    return { status: 'needs_login', reason: error.message };
  if (
    error instanceof SessionExpiredError &&
    (credentials.method === 'cookie' || stage === 'login')
  ) {
    return {
      status: 'needs_login',
      reason:
        credentials.method === 'cookie'
          ? 'LinkedIn no longer accepts the li_at session cookie; give a fresh one.'
          : 'LinkedIn shows the login page after signing in; sign in again.',
    };
  }
  return null;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'aborted';
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Changes whenever the account's credentials do (each encryption has its own IV); no secret. */
function loginKeyOf(account: AccountRow): string {
  return createHash('sha256')
    .update(account.credentialsEncrypted ?? '')
    .digest('hex');
}
