import { randomBytes } from 'node:crypto';

import { Logger } from '@nestjs/common';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

import { BrowserUnavailableError } from '../errors';
import { launchChromium } from './chromium';
import { findMarkedBrowsers, killOrphanBrowsers, killOwnBrowsers } from './orphan-browsers';

export interface SessionPoolOptions {
  executablePath: string;
  headless: boolean;
  dataDir: string;
  maxContexts: number;
  contextMaxJobs: number;
  contextMaxAgeMs: number;
  contextIdleMs: number;
  /** How long a close may take before the browser is killed. */
  closeTimeoutMs: number;
  /** How long `acquire` waits for a free slot when every context is busy. */
  acquireTimeoutMs?: number;
  now?: () => number;
}

/** What a new context for an account starts from. */
export interface ContextSetup {
  /**
   * Stands for the login the context was opened with (any text that changes when the account's
   * credentials change); an idle context of another login is closed, not lent.
   */
  loginKey: string;
  /** `http://user:pass@host:port` or null for a direct connection. */
  proxy: string | null;
  /** Playwright storage state saved after the last job (cookies and local storage). */
  storageState: StorageState | null;
}

export type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

/** One account's browser context, lent to one job at a time. */
export interface PooledContext {
  readonly accountId: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** True for the first job of a new context: its login is not yet checked. */
  readonly fresh: boolean;
}

interface Entry {
  accountId: string;
  loginKey: string;
  context: BrowserContext;
  page: Page;
  createdAt: number;
  lastUsedAt: number;
  jobs: number;
  busy: boolean;
  checked: boolean;
}

export interface PoolStats {
  browserRunning: boolean;
  contexts: number;
  busy: number;
  /** Contexts closed because they had served CONTEXT_MAX_JOBS jobs or grown too old. */
  recycled: number;
  /** Browsers launched by this pool so far. */
  launches: number;
}

/**
 * One Chromium per process, one context per account: reused between jobs, recycled after
 * `contextMaxJobs` jobs or `contextMaxAgeMs`, closed when idle, at most `maxContexts` at once.
 */
export class SessionPool {
  private readonly logger = new Logger(SessionPool.name);
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private readonly entries = new Map<string, Entry>();
  // Accounts whose context is being opened: they hold a slot under the cap already.
  private readonly opening = new Set<string>();
  private readonly waiters: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private recycled = 0;
  private launches = 0;
  private readonly now: () => number;
  private readonly launchId = randomBytes(4).toString('hex');

  constructor(private readonly options: SessionPoolOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Ends browsers left by a crashed run of this install and starts the idle sweep. */
  start(): void {
    const killed = killOrphanBrowsers(this.options.dataDir);
    if (killed.length > 0) this.logger.warn({ msg: 'ended orphaned browsers', pids: killed });
    const sweepEvery = Math.max(1_000, Math.min(60_000, this.options.contextIdleMs / 2));
    this.idleTimer = setInterval(() => void this.closeIdle(), sweepEvery);
    this.idleTimer.unref();
  }

  /** The account's context (reused, or new from `setup`), exclusively until `release`. */
  async acquire(accountId: string, setup: () => ContextSetup): Promise<PooledContext> {
    // a real wait: measured on the wall clock, not the injectable one that ages contexts
    const deadline = Date.now() + (this.options.acquireTimeoutMs ?? 120_000);
    const wanted = setup();
    for (;;) {
      if (this.closed) throw new BrowserUnavailableError('The session pool is shut down.');
      const existing = this.entries.get(accountId);
      if (existing && !existing.busy) {
        if (this.isWorn(existing)) {
          await this.closeEntry(existing, 'recycled');
          continue;
        }
        if (existing.loginKey !== wanted.loginKey) {
          // The user gave the account new credentials: the old session is not theirs any more.
          await this.closeEntry(existing, 'new login');
          continue;
        }
        if (existing.page.isClosed() || !existing.context.browser()?.isConnected()) {
          await this.closeEntry(existing, 'broken');
          continue;
        }
        existing.busy = true;
        return this.lend(existing);
      }
      const opening = this.opening.has(accountId);
      if (
        !existing &&
        !opening &&
        this.entries.size + this.opening.size < this.options.maxContexts
      ) {
        return this.lend(await this.open(accountId, wanted));
      }
      if (!existing && !opening) {
        const idle = this.oldestIdle();
        if (idle) {
          await this.closeEntry(idle, 'evicted');
          continue;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new BrowserUnavailableError(
          `No browser context free for account ${accountId} (MAX_BROWSER_CONTEXTS=${this.options.maxContexts}).`,
        );
      }
      await this.waitForRelease(left);
    }
  }

  /** Gives the context back; `discard` closes it (a dead session, a broken page). */
  async release(pooled: PooledContext, options: { discard?: boolean } = {}): Promise<void> {
    const entry = this.entries.get(pooled.accountId);
    if (!entry || entry.context !== pooled.context) return;
    entry.busy = false;
    entry.jobs += 1;
    entry.lastUsedAt = this.now();
    if (options.discard || this.isWorn(entry)) {
      await this.closeEntry(entry, options.discard ? 'discarded' : 'recycled');
    }
    this.wakeOne();
  }

  /** Marks the account's context as logged in, so later jobs skip the feed check. */
  markChecked(pooled: PooledContext): void {
    const entry = this.entries.get(pooled.accountId);
    if (entry && entry.context === pooled.context) entry.checked = true;
  }

  stats(): PoolStats {
    return {
      browserRunning: this.browser?.isConnected() ?? false,
      contexts: this.entries.size,
      busy: [...this.entries.values()].filter((entry) => entry.busy).length,
      recycled: this.recycled,
      launches: this.launches,
    };
  }

  /** Process ids of the browsers this pool runs (found by their marker in /proc). */
  browserPids(): number[] {
    return findMarkedBrowsers(this.options.dataDir)
      .filter((browser) => browser.ownerPid === process.pid && browser.launchId === this.launchId)
      .map((browser) => browser.pid);
  }

  /** Closes the account's context unless a job uses it (new credentials, a logout). */
  async closeAccount(accountId: string): Promise<boolean> {
    const entry = this.entries.get(accountId);
    if (!entry || entry.busy) return false;
    await this.closeEntry(entry, 'closed');
    return true;
  }

  /** Closes idle contexts older than the idle limit; the browser too when nothing is left. */
  async closeIdle(): Promise<void> {
    const limit = this.now() - this.options.contextIdleMs;
    const idle = [...this.entries.values()].filter(
      (entry) => !entry.busy && entry.lastUsedAt <= limit,
    );
    await Promise.all(idle.map((entry) => this.closeEntry(entry, 'idle')));
    if (this.entries.size === 0 && this.opening.size === 0 && !this.launching && this.browser) {
      await this.closeBrowser();
    }
  }

  /** Closes every context and the browser, each under the timeout, killing as a last resort. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.wakeAll();
    await Promise.all(
      [...this.entries.values()].map((entry) => this.closeEntry(entry, 'shutdown')),
    );
    await this.closeBrowser();
  }

  private lend(entry: Entry): PooledContext {
    return {
      accountId: entry.accountId,
      context: entry.context,
      page: entry.page,
      fresh: !entry.checked,
    };
  }

  private async open(accountId: string, setup: ContextSetup): Promise<Entry> {
    this.opening.add(accountId);
    let context: BrowserContext | null = null;
    try {
      const browser = await this.ensureBrowser();
      context = await browser.newContext({
        proxy: setup.proxy ? proxySettings(setup.proxy) : undefined,
        storageState: setup.storageState ?? undefined,
        viewport: { width: 1366, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      return this.register(accountId, setup.loginKey, context, page);
    } catch (error) {
      if (context) await withTimeout(context.close(), this.options.closeTimeoutMs);
      throw error;
    } finally {
      this.opening.delete(accountId);
      this.wakeOne();
    }
  }

  private register(
    accountId: string,
    loginKey: string,
    context: BrowserContext,
    page: Page,
  ): Entry {
    const entry: Entry = {
      accountId,
      loginKey,
      context,
      page,
      createdAt: this.now(),
      lastUsedAt: this.now(),
      jobs: 0,
      busy: true,
      checked: false,
    };
    this.entries.set(accountId, entry);
    return entry;
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= launchChromium({ ...this.options, launchId: this.launchId })
      .then((browser) => {
        browser.on('disconnected', () => this.forgetBrowser(browser));
        this.browser = browser;
        this.launches += 1;
        return browser;
      })
      .finally(() => (this.launching = null));
    return this.launching;
  }

  // A crashed browser takes its contexts with it; the next acquire launches a new one.
  private forgetBrowser(browser: Browser): void {
    if (this.browser !== browser) return;
    this.browser = null;
    for (const entry of this.entries.values()) {
      if (entry.context.browser() === browser) this.entries.delete(entry.accountId);
    }
    this.wakeAll();
  }

  private isWorn(entry: Entry): boolean {
    return (
      entry.jobs >= this.options.contextMaxJobs ||
      this.now() - entry.createdAt >= this.options.contextMaxAgeMs
    );
  }

  private oldestIdle(): Entry | null {
    const idle = [...this.entries.values()].filter((entry) => !entry.busy);
    idle.sort((left, right) => left.lastUsedAt - right.lastUsedAt);
    return idle[0] ?? null;
  }

  private async closeEntry(entry: Entry, why: string): Promise<void> {
    if (this.entries.get(entry.accountId) === entry) this.entries.delete(entry.accountId);
    if (why === 'recycled') this.recycled += 1;
    const closed = await withTimeout(entry.context.close(), this.options.closeTimeoutMs);
    if (!closed) {
      // TODO: a hung context takes the whole browser down, and with it the contexts other
      // jobs are using; Chromium offers no way to kill one context's renderers alone.
      this.logger.warn({ msg: 'context did not close in time; restarting the browser', why });
      await this.closeBrowser();
    }
    this.logger.debug({ msg: 'context closed', accountId: entry.accountId, why, jobs: entry.jobs });
    this.wakeOne();
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    for (const entry of [...this.entries.values()]) {
      if (entry.context.browser() === browser) this.entries.delete(entry.accountId);
    }
    const closed = await withTimeout(browser.close(), this.options.closeTimeoutMs);
    if (!closed) {
      const killed = killOwnBrowsers(this.options.dataDir, this.launchId);
      this.logger.warn({ msg: 'browser did not close in time; killed it', pids: killed });
    }
  }

  private waitForRelease(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.min(timeoutMs, 1_000));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }

  private wakeAll(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** Playwright proxy settings from a `scheme://user:pass@host:port` URL. */
export function proxySettings(proxy: string): NonNullable<BrowserContextOptions['proxy']> {
  const url = new URL(proxy);
  return {
    server: `${url.protocol}//${url.host}`,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      work.then(() => true as const).catch(() => true as const),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
