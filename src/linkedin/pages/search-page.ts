import type { Locator } from 'playwright-core';

import { isMemberIdSlug, slugFromProfileHref, type ParsedPerson } from '../parsing';
import { slugFromInviteHref } from '../parsing/slug';
import {
  NoConnectInRowError,
  OwnProfileError,
  SearchLimitError,
  UnexpectedPageError,
} from '../errors';
import { InviteDialogFlow } from './invite-dialog';
import type { LinkedInPage } from './linkedin-page';
import { sameSlug, type InvitationOutcome } from './profile-page';

const SELECTORS = {
  rows: {
    classic: '[data-chameleon-result-urn], li.reusable-search__result-container',
    new: '[data-sdui-screen*="SearchResultsPeople"] [role=list] [role=listitem]',
  },
  connect: '[aria-label^="Invite "][aria-label$=" to connect"]:visible',
  pending: '[aria-label^="Pending, click to withdraw"]',
} as const;

/** LinkedIn shows 10 people a page; a shorter page is the last. */
export const SEARCH_PAGE_SIZE = 10;
/** LinkedIn serves at most 100 pages (1,000 results) for one query. */
export const SEARCH_MAX_PAGES = 100;

export interface SearchPageResult {
  pageNumber: number;
  people: ParsedPerson[];
  /** False when this page had fewer than 10 people or was the last LinkedIn serves. */
  hasMore: boolean;
}

/** The people-search URL of an event's attendees. */
export function eventAttendeesSearchUrl(eventId: string): string {
  const facet = encodeURIComponent(JSON.stringify([eventId]));
  return `/search/results/people/?eventAttending=${facet}&origin=EVENT_PAGE_CANNED_SEARCH`;
}

/** A search URL with its `page=` set (page 1 drops the parameter, as LinkedIn does). */
export function searchPageUrl(searchUrl: string, pageNumber: number): string {
  const url = new URL(searchUrl, 'https://www.linkedin.com');
  if (pageNumber <= 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(pageNumber));
  return `${url.pathname}${url.search}`;
}

export class SearchPage {
  private readonly invite: InviteDialogFlow;

  constructor(private readonly linkedIn: LinkedInPage) {
    this.invite = new InviteDialogFlow(linkedIn);
  }

  /** Reads one results page of a people search (or an event's attendees) by its `page=`. */
  async readPage(searchUrl: string, pageNumber: number): Promise<SearchPageResult> {
    const parsed = await this.linkedIn.goto(searchPageUrl(searchUrl, pageNumber));
    // TODO: the monthly search limit is recognised on saved HTML only; the simulator cannot
    // show it yet, so no browser test reaches SearchLimitError.
    if (parsed.dialogs.monthlySearchLimit) throw new SearchLimitError();
    await this.linkedIn.expectPage(['search_people'], parsed);
    return {
      pageNumber,
      people: parsed.people,
      hasMore: parsed.people.length >= SEARCH_PAGE_SIZE && pageNumber < SEARCH_MAX_PAGES,
    };
  }

  /**
   * Invites a person from their row on the results page now open: the row is found by exact
   * slug; Pending must then show in the row (or on the reloaded page).
   */
  async sendInvitation(slug: string, note: string | null): Promise<InvitationOutcome> {
    const parsed = await this.linkedIn.expectPage(['search_people']);
    const person = parsed.people.find((candidate) => sameSlug(candidate.slug, slug));
    if (!person)
      throw new UnexpectedPageError(
        `search row of ${slug}`,
        this.linkedIn.page.url(),
        'no such row',
      );
    if (sameSlug(slug, this.linkedIn.account.profileSlug)) throw new OwnProfileError(slug);
    if (person.action === 'pending') return 'already_pending';
    if (person.degree === '1st') return 'already_connected';

    const row = await this.rowOf(slug, parsed.layout ?? 'classic');
    const connect = row.locator(SELECTORS.connect).first();
    if (person.action !== 'connect' || (await connect.count()) === 0) {
      throw new NoConnectInRowError(slug, person.action);
    }
    await this.invite.clearToasts();
    await this.linkedIn.click(connect);
    await this.invite.complete({
      slug,
      note,
      isPendingInPlace: async () => (await row.locator(SELECTORS.pending).count()) > 0,
      isPendingAfterReload: async () => {
        const reloaded = await this.linkedIn.reload();
        const again = reloaded.people.find((candidate) => sameSlug(candidate.slug, slug));
        return again?.action === 'pending';
      },
    });
    return 'sent';
  }

  // The one row whose person is exactly this slug: the slug of its invite link (new layout),
  // else the slug its profile links repeat (photo and name); a mutual connection's link
  // appears once, and a prefix slug is another person.
  private async rowOf(slug: string, layout: 'classic' | 'new'): Promise<Locator> {
    const rows = this.linkedIn.page.locator(SELECTORS.rows[layout]);
    const matches: Locator[] = [];
    const count = await rows.count();
    for (let index = 0; index < count; index++) {
      const row = rows.nth(index);
      const hrefs = await row
        .locator('a[href]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      if (sameSlug(rowPersonSlug(hrefs), slug)) matches.push(row);
    }
    if (matches.length !== 1) {
      const found = matches.length === 0 ? 'no such row' : `${matches.length} such rows`;
      throw new UnexpectedPageError(`search row of ${slug}`, this.linkedIn.page.url(), found);
    }
    return matches[0];
  }
}

/** The person a search row is about, from its links' hrefs; null when they do not tell. */
export function rowPersonSlug(hrefs: string[]): string | null {
  const invited = hrefs.map((href) => slugFromInviteHref(href)).find((found) => found !== null);
  if (invited) return invited;

  const tally = new Map<string, number>();
  for (const href of hrefs) {
    const found = slugFromProfileHref(href);
    if (found === null || isMemberIdSlug(found)) continue;
    const key = found.normalize('NFC').toLowerCase();
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const ranked = [...tally.entries()].sort((left, right) => right[1] - left[1]);
  if (ranked.length === 0) return null;
  if (ranked.length > 1 && ranked[0][1] === ranked[1][1]) return null;
  return ranked[0][0];
}
