import type { Locator, Page, Response } from 'playwright-core';

import {
  pageHtmlWithShadowRoots,
  parsePage,
  type DialogState,
  type PageKind,
  type ParsedPage,
  readCheckpointKind,
  slugFromProfileHref,
} from '../parsing';
import {
  CheckpointError,
  LinkedInUnavailableError,
  type CheckpointKind,
  RestrictedError,
  SessionExpiredError,
  UnexpectedPageError,
} from '../errors';
import type { Pacer } from '../pacer';

/** Who the session belongs to, as the page objects need it. */
export interface SessionAccount {
  id: string;
  /** The account's own profile slug, once learned. */
  profileSlug: string | null;
}

const NAVIGATION_TIMEOUT_MS = 30_000;
const POLL_MS = 150;

/**
 * The page of one logged-in account and what every screen needs: navigation whose result is
 * classified (login, authwall, checkpoint, restriction raise typed errors), reading the HTML
 * with the new layout's shadow roots, and pacing.
 */
export class LinkedInPage {
  constructor(
    readonly page: Page,
    readonly account: SessionAccount,
    readonly pacer: Pacer,
    readonly baseUrl: string,
  ) {}

  /** An absolute URL on the configured LinkedIn host for a path (or a LinkedIn URL's path). */
  url(pathOrUrl: string): string {
    const parsed = new URL(pathOrUrl, this.baseUrl);
    const base = new URL(this.baseUrl);
    parsed.protocol = base.protocol;
    parsed.host = base.host;
    return parsed.toString();
  }

  /**
   * The profile slug in the address bar, when the browser is on the configured LinkedIn host
   * (or LinkedIn itself); null elsewhere.
   */
  slugInUrl(): string | null {
    const current = new URL(this.page.url());
    const onLinkedIn = /(^|\.)linkedin\.com$/i.test(current.hostname);
    if (!onLinkedIn && current.host !== new URL(this.baseUrl).host) return null;
    return slugFromProfileHref(`${current.pathname}${current.search}`);
  }

  /** Opens a page, waits like a reader, and fails on any page that is not usable. */
  async goto(pathOrUrl: string): Promise<ParsedPage> {
    await this.navigate(pathOrUrl);
    return this.readUsable();
  }

  /**
   * Opens a page at a safe point (aborted work or ended working hours stop here) and waits
   * like a reader; the page is classified by the caller (the login flow expects a login page).
   */
  async navigate(pathOrUrl: string): Promise<Response | null> {
    this.pacer.checkpoint();
    const response = await this.page.goto(this.url(pathOrUrl), {
      waitUntil: 'domcontentloaded',
      timeout: NAVIGATION_TIMEOUT_MS,
    });
    await this.pacer.afterPageLoad();
    // An error page says nothing of the lead or the source: it is no "not found", no empty list.
    const status = response?.status() ?? 200;
    if (status >= 500 || status === 429) {
      throw new LinkedInUnavailableError(status, new URL(this.page.url()).pathname);
    }
    return response;
  }

  async reload(): Promise<ParsedPage> {
    await this.page.reload({ waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
    await this.pacer.afterPageLoad();
    return this.readUsable();
  }

  /** What the page shows now, dialogs in shadow roots included. */
  async read(): Promise<ParsedPage> {
    return parsePage(await this.html(), { url: this.page.url() });
  }

  /** The page's HTML with the new layout's open shadow roots written out. */
  html(): Promise<string> {
    return this.page.evaluate(pageHtmlWithShadowRoots);
  }

  async readDialogs(): Promise<DialogState> {
    return (await this.read()).dialogs;
  }

  /** Reads the page and raises the typed error of a login, checkpoint or restriction page. */
  async readUsable(): Promise<ParsedPage> {
    const html = await this.html();
    const parsed = parsePage(html, { url: this.page.url() });
    if (parsed.page === 'checkpoint') throw new CheckpointError(readCheckpointKind(html));
    assertUsable(parsed.page);
    return parsed;
  }

  /** Like `readUsable`, and the page must be one of `kinds`. */
  async expectPage(kinds: PageKind[], parsed?: ParsedPage): Promise<ParsedPage> {
    const page = parsed ?? (await this.readUsable());
    if (!kinds.includes(page.page)) {
      throw new UnexpectedPageError(kinds.join(' or '), this.page.url(), page.page);
    }
    return page;
  }

  /** Clicks after a human pause. */
  async click(target: Locator): Promise<void> {
    await this.pacer.beforeAction();
    await target.click({ timeout: 10_000 });
  }

  /**
   * Clicks a control the page may take away by itself meanwhile (a "Show more" button that
   * scrolling already used up); one that is gone by the time of the click is no error.
   */
  async clickUnlessGone(target: Locator): Promise<void> {
    await this.pacer.beforeAction();
    const control = await target.elementHandle({ timeout: 1_000 }).catch(() => null);
    if (!control) return;
    try {
      // A handle's click fails at once when its element leaves the page; a locator's would wait.
      await control.click({ timeout: 10_000 });
    } catch (error) {
      const attached = await control.evaluate((element) => element.isConnected).catch(() => false);
      if (attached) throw error;
    } finally {
      await control.dispose();
    }
  }

  /** Clicks something that loads a new page (a form's submit) and waits for that page. */
  async clickAndWaitForPage(target: Locator): Promise<void> {
    await this.pacer.beforeAction();
    const navigated = this.page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === this.page.mainFrame(),
      timeout: NAVIGATION_TIMEOUT_MS,
    });
    await target.click({ timeout: 10_000 });
    await navigated;
    await this.page.waitForLoadState('domcontentloaded', { timeout: NAVIGATION_TIMEOUT_MS });
    await this.pacer.afterPageLoad();
  }

  /** Polls `probe` until it returns a value other than undefined, or the timeout passes. */
  async waitFor<T>(
    probe: () => Promise<T | undefined>,
    timeoutMs = 10_000,
  ): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) return undefined;
      await this.page.waitForTimeout(POLL_MS);
    }
  }

  /** Closes whatever dialog is open (its Dismiss button, else Escape). */
  async dismissDialog(): Promise<void> {
    const dismiss = this.page
      .locator(
        '[role=dialog] button[aria-label="Dismiss"]:visible, [role=dialog] button:has-text("Got it"):visible',
      )
      .first();
    if ((await dismiss.count()) > 0) await dismiss.click({ timeout: 5_000 }).catch(() => undefined);
    else await this.page.keyboard.press('Escape');
  }
}

/** Raises the error a blocking page stands for; a usable page passes. */
export function assertUsable(kind: PageKind, checkpointKind: CheckpointKind = 'unknown'): void {
  switch (kind) {
    case 'login':
    case 'authwall':
      throw new SessionExpiredError();
    case 'checkpoint':
      throw new CheckpointError(checkpointKind);
    case 'restricted':
      throw new RestrictedError();
    case 'search_people':
    case 'search_all':
    case 'profile':
    case 'connections':
    case 'sent_invitations':
    case 'messaging':
    case 'feed':
    case 'post':
    case 'not_found':
    case 'unknown':
      return;
  }
}
