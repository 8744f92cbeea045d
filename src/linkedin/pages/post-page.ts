import { parsePostCommenters, parsePostReactors, pageHtmlWithShadowRoots } from '../parsing';
import type { Commenter, Reactor } from '../parsing';
import { UnexpectedPageError } from '../errors';
import type { LinkedInPage } from './linkedin-page';

const SELECTORS = {
  reactionsCount:
    'button.social-details-social-counts__count-value, button[aria-label*="reaction" i]',
  reactorsDialog: '[role=dialog].social-details-reactors-modal',
  reactorItem: 'li.social-details-reactors-tab-body-list-item',
  reactorsScroller: '[role=dialog].social-details-reactors-modal .artdeco-modal__content',
  showMoreResults: '[role=dialog] button.scaffold-finite-scroll__load-button:visible',
  commentItem: 'article.comments-comment-entity, article.comments-comment-item',
  loadMoreComments: 'button[aria-label*="Load more comments"]:visible',
} as const;

export interface ListOptions {
  /** Stop after this many people (the list can hold thousands). */
  max?: number;
}

// Two rounds without new items end the loading (the list is complete or stalled).
const STALLED_ROUNDS = 2;

export class PostPage {
  constructor(private readonly linkedIn: LinkedInPage) {}

  /** The people who reacted to a post: opens the reactions dialog and loads until done or `max`. */
  async readReactors(postUrl: string, options: ListOptions = {}): Promise<Reactor[]> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
    await this.open(postUrl);
    const { page } = this.linkedIn;
    await this.linkedIn.click(page.locator(SELECTORS.reactionsCount).first());
    await page.locator(SELECTORS.reactorsDialog).first().waitFor({ timeout: 10_000 });

    const items = page.locator(`${SELECTORS.reactorsDialog} ${SELECTORS.reactorItem}`);
    await this.loadUntilDone(
      () => items.count(),
      async () => {
        const more = page.locator(SELECTORS.showMoreResults).first();
        if ((await more.count()) > 0) await this.linkedIn.clickUnlessGone(more);
        else await this.scrollToEnd(SELECTORS.reactorsScroller);
      },
      max,
    );
    const html = await page.evaluate(pageHtmlWithShadowRoots);
    return parsePostReactors(html).slice(0, options.max);
  }

  /** The people who commented (companies and the author left out), loading more comments. */
  async readCommenters(postUrl: string, options: ListOptions = {}): Promise<Commenter[]> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
    await this.open(postUrl);
    const { page } = this.linkedIn;
    const items = page.locator(SELECTORS.commentItem);
    await this.loadUntilDone(
      async () =>
        (await page.locator(SELECTORS.loadMoreComments).count()) === 0
          ? Number.POSITIVE_INFINITY
          : items.count(),
      async () => {
        const more = page.locator(SELECTORS.loadMoreComments).first();
        if ((await more.count()) > 0) await this.linkedIn.clickUnlessGone(more);
      },
      max,
    );
    const html = await page.evaluate(pageHtmlWithShadowRoots);
    return parsePostCommenters(html).slice(0, options.max);
  }

  private async open(postUrl: string): Promise<void> {
    const parsed = await this.linkedIn.goto(postUrl);
    if (parsed.page !== 'post' && parsed.page !== 'feed') {
      throw new UnexpectedPageError('post', this.linkedIn.page.url(), parsed.page);
    }
  }

  private async loadUntilDone(
    count: () => Promise<number>,
    loadMore: () => Promise<void>,
    max: number,
  ): Promise<void> {
    let stalled = 0;
    let seen = await this.settledCount(count);
    while (seen < max && stalled < STALLED_ROUNDS) {
      await loadMore();
      const now = await this.settledCount(count);
      stalled = now > seen ? 0 : stalled + 1;
      seen = now;
    }
  }

  // Waits until the count stops changing for a moment (a page of items is arriving).
  private async settledCount(count: () => Promise<number>): Promise<number> {
    let last = await count();
    for (let round = 0; round < 10; round++) {
      await this.linkedIn.page.waitForTimeout(250);
      const now = await count();
      if (now === last && round >= 1) return now;
      last = now;
    }
    return last;
  }

  private async scrollToEnd(selector: string): Promise<void> {
    const scroller = this.linkedIn.page.locator(selector).first();
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  }
}
