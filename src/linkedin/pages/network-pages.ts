import type { Connection, SentInvitation } from '../parsing';
import { LinkedInError, UnexpectedPageError } from '../errors';
import type { LinkedInPage } from './linkedin-page';
import { sameSlug } from './profile-page';
import { rowPersonSlug } from './search-page';

const SELECTORS = {
  sentRows: '[role=listitem]',
  withdrawInRow:
    'button[data-view-name="sent-invitations-withdraw-single"], button[aria-label^="Withdraw invitation"]',
  confirmWithdraw:
    'dialog[open] button:has-text("Withdraw"), [role=dialog] button:has-text("Withdraw"), [role=alertdialog] button:has-text("Withdraw")',
  loadMore: 'button:has-text("Load more"):visible, button:has-text("Show more"):visible',
} as const;

export const SENT_INVITATIONS_PATH = '/mynetwork/invitation-manager/sent/';
export const CONNECTIONS_PATH = '/mynetwork/invite-connect/connections/';

export interface NetworkListOptions {
  /** Stop loading more once this many rows are shown. */
  max?: number;
}

/** Sent invitations: read them, and withdraw one (confirmed, then checked gone). */
export class SentInvitationsPage {
  constructor(private readonly linkedIn: LinkedInPage) {}

  async read(options: NetworkListOptions = {}): Promise<SentInvitation[]> {
    await this.openAll(options.max);
    return (await this.linkedIn.readUsable()).invitations ?? [];
  }

  /** Withdraws the pending invitation to `slug`; false when there is none to withdraw. */
  async withdraw(slug: string): Promise<boolean> {
    await this.openAll();
    const row = await this.rowOf(slug);
    if (row === null) return false;

    await this.linkedIn.click(row.locator(SELECTORS.withdrawInRow).first());
    const confirm = this.linkedIn.page.locator(SELECTORS.confirmWithdraw).first();
    await confirm.waitFor({ timeout: 10_000 });
    await this.linkedIn.click(confirm);
    await confirm.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);

    await this.openAll();
    if ((await this.rowOf(slug)) !== null) {
      throw new LinkedInError(
        'not_confirmed',
        `The invitation to ${slug} still shows after withdrawing.`,
        {
          slug,
        },
      );
    }
    return true;
  }

  private async openAll(max = Number.POSITIVE_INFINITY): Promise<void> {
    const parsed = await this.linkedIn.goto(SENT_INVITATIONS_PATH);
    await this.linkedIn.expectPage(['sent_invitations'], parsed);
    await loadAll(this.linkedIn, SELECTORS.sentRows, max);
  }

  private async rowOf(slug: string) {
    const rows = this.linkedIn.page.locator(SELECTORS.sentRows);
    const count = await rows.count();
    for (let index = 0; index < count; index++) {
      const row = rows.nth(index);
      const hrefs = await row
        .locator('a[href]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      if (sameSlug(rowPersonSlug(hrefs), slug)) return row;
    }
    return null;
  }
}

/** The account's connections, in the order LinkedIn lists them (newest first). */
export class ConnectionsPage {
  constructor(private readonly linkedIn: LinkedInPage) {}

  async read(options: NetworkListOptions = {}): Promise<Connection[]> {
    const parsed = await this.linkedIn.goto(CONNECTIONS_PATH);
    await this.linkedIn.expectPage(['connections'], parsed);
    await loadAll(
      this.linkedIn,
      'li.mn-connection-card, section[componentkey="ConnectionsPage_ConnectionsList"] a[href*="/in/"]',
      options.max ?? Number.POSITIVE_INFINITY,
    );
    const connections = (await this.linkedIn.readUsable()).connections ?? [];
    if (connections.length === 0 && parsed.page !== 'connections') {
      throw new UnexpectedPageError('connections', this.linkedIn.page.url(), parsed.page);
    }
    return connections.slice(0, options.max);
  }
}

// Clicks "Load more" (or scrolls) until the list stops growing or holds `max` rows.
async function loadAll(linkedIn: LinkedInPage, rowSelector: string, max: number): Promise<void> {
  const { page } = linkedIn;
  let seen = await page.locator(rowSelector).count();
  for (let round = 0; round < 200 && seen < max; round++) {
    const more = page.locator(SELECTORS.loadMore).first();
    if ((await more.count()) > 0) await linkedIn.clickUnlessGone(more);
    else await page.mouse.wheel(0, 4_000);
    const grown = await linkedIn.waitFor(async () => {
      const now = await page.locator(rowSelector).count();
      return now > seen ? now : undefined;
    }, 2_000);
    if (grown === undefined) return;
    seen = grown;
  }
}
