import {
  actionsIn,
  cleanText,
  degreeFromBadgeText,
  dominantSlug,
  findDegree,
  inviteTargetSlug,
  loadHtml,
  nameFromProfileLink,
  nonEmpty,
  outermost,
  profileLinks,
  strongestAction,
  type Dom,
  type Nodes,
} from './dom';
import { detectLayout } from './layout';
import { buildPerson, uniqueBySlug } from './person';
import type { Layout, ParsedPerson } from './types';

const CLASSIC = {
  rows: [
    'li.reusable-search__result-container',
    '[data-chameleon-result-urn][data-view-name="search-entity-result-universal-template"]',
    '[data-chameleon-result-urn^="urn:li:member:"]',
  ].join(', '),
  titleLink:
    '.entity-result__title-text a[href], a[href]:has(span[dir=ltr] > span[aria-hidden=true])',
  insights: '.entity-result__insights, .reusable-search-simple-insight__text-container',
  degreeBadge: '.entity-result__badge-text span[aria-hidden=true]',
  headline: '.entity-result__primary-subtitle, div.t-14.t-black.t-normal',
  location: '.entity-result__secondary-subtitle, div.t-14.t-normal:not(.t-black)',
  currentPage:
    '.artdeco-pagination__indicator--number.active, .artdeco-pagination li[aria-current] button, .artdeco-pagination button[aria-current=true]',
  lastPage: '.artdeco-pagination__pages li:last-child',
  resultsPrompt: 'h1#search-srp-prompt',
} as const;

const NEW = {
  rows: '[data-sdui-screen*="SearchResultsPeople"] [role=list] [role=listitem]',
  anyRows: '[role=list] [role=listitem]',
  currentPage:
    '[data-testid^="pagination-indicator"][aria-current=true], [data-testid="pagination-controls-list"] [aria-current=true]',
  premiumLink: 'a[href*="/premium/"]',
} as const;

export interface SearchResultsPage {
  layout: Layout | null;
  people: ParsedPerson[];
  currentPage: number | null;
  totalPages: number | null;
  /** Upsell cards mixed between the results ("Try Premium…"); they are not people. */
  promotedCards: number;
}

/** People on a people-search results page, in page order, for either layout. */
export function parseSearchResults(html: string, url?: string): SearchResultsPage {
  const $ = loadHtml(html);
  return readSearchResults($, url);
}

export function readSearchResults($: Dom, url?: string): SearchResultsPage {
  const layout = detectLayout($);
  const classicRows = outermost($, $(CLASSIC.rows));
  if (classicRows.length > 0 || layout === 'classic') {
    return {
      layout: 'classic',
      people: uniqueBySlug(readRows($, classicRows, (row) => readClassicRow($, row))),
      currentPage: classicCurrentPage($) ?? pageFromUrl(url),
      totalPages: classicTotalPages($),
      promotedCards: 0,
    };
  }

  const screenRows = $(NEW.rows);
  const rows = screenRows.length > 0 ? screenRows : $(NEW.anyRows);
  return {
    layout: layout ?? 'new',
    people: uniqueBySlug(readRows($, outermost($, rows), (row) => readNewRow($, row))),
    currentPage: numberIn(cleanText($(NEW.currentPage).first().text())) ?? pageFromUrl(url),
    totalPages: null,
    promotedCards: countPromotedCards($, rows),
  };
}

function readRows(
  $: Dom,
  rows: Nodes,
  readRow: (row: Nodes) => ParsedPerson | null,
): ParsedPerson[] {
  return rows
    .toArray()
    .map((element) => readRow($(element)))
    .filter((person): person is ParsedPerson => person !== null);
}

function readClassicRow($: Dom, row: Nodes): ParsedPerson | null {
  const insights = row.find(CLASSIC.insights);
  const links = profileLinks($, row).filter(
    ({ link }) => insights.filter((_, block) => $(block).find(link).length > 0).length === 0,
  );
  const slug = dominantSlug(links.map((entry) => entry.slug));
  if (slug === null) return null;

  const personLinks = links.filter((entry) => entry.slug === slug).map((entry) => entry.link);
  const titleLink = personLinks.find((link) => link.is(CLASSIC.titleLink)) ?? personLinks[0];
  const name =
    nameFromProfileLink($, titleLink) ?? cleanText(row.find('img[alt]').first().attr('alt'));
  if (name === '') return null;

  const badge = row.find(CLASSIC.degreeBadge).first();
  const degree =
    (badge.length > 0 ? degreeFromBadgeText(badge.text()) : undefined) ?? findDegree($, row);

  return buildPerson({
    slug,
    name,
    headline: nonEmpty(cleanText(row.find(CLASSIC.headline).first().text())),
    location: nonEmpty(cleanText(row.find(CLASSIC.location).first().text())),
    degree,
    action: strongestAction(actionsIn($, row)),
  });
}

/**
 * The name line of a new-layout card: a `p` holding a profile link with text and a degree
 * badge. Mutual-connection lines hold profile links too, but no badge.
 */
function findNameLine($: Dom, row: Nodes): { line: Nodes; link: Nodes; slug: string } | null {
  for (const element of row.find('p').toArray()) {
    const line = $(element);
    const badge = line
      .children('span')
      .toArray()
      .map((span) => $(span).text());
    const hasDegree = badge.some((text) => degreeFromBadgeText(text) !== undefined);
    if (!hasDegree) continue;
    const named = profileLinks($, line).find(({ link }) => nameFromProfileLink($, link) !== null);
    if (named !== undefined) return { line, link: named.link, slug: named.slug };
  }
  return null;
}

function readNewRow($: Dom, row: Nodes): ParsedPerson | null {
  const nameLine = findNameLine($, row);
  const inviteSlug = row
    .find('a[href*="/preload/"]')
    .toArray()
    .map((element) => inviteTargetSlug($(element)))
    .find((slug) => slug !== null);

  let slug = nameLine?.slug ?? inviteSlug ?? null;
  if (slug === null) {
    // no badge and no invite: accept a card only when its photo and name links agree
    const links = profileLinks($, row);
    const candidate = dominantSlug(links.map((entry) => entry.slug));
    const repeats = links.filter((entry) => entry.slug === candidate).length;
    if (candidate === null || repeats < 2) return null;
    slug = candidate;
  }

  const personSlug = slug;
  const nameLink =
    nameLine?.link ??
    profileLinks($, row).find(
      (entry) => entry.slug === personSlug && nameFromProfileLink($, entry.link) !== null,
    )?.link;
  const name = nameLink === undefined ? null : nameFromProfileLink($, nameLink);
  if (name === null) return null;

  const [headline, location] = linesAfter($, nameLine?.line);
  return buildPerson({
    slug: personSlug,
    name,
    headline,
    location,
    degree: nameLine === null ? findDegree($, row) : findDegree($, nameLine.line),
    action: strongestAction(actionsIn($, row)),
  });
}

/** The `p` lines that follow the name line inside its block: headline, then location. */
function linesAfter($: Dom, nameLine: Nodes | undefined): [string | null, string | null] {
  if (nameLine === undefined) return [null, null];
  const lines = nameLine.parent().find('p').toArray();
  const after = lines.slice(lines.indexOf(nameLine.get(0)!) + 1);
  const texts = after.map((element) => cleanText($(element).text())).filter((text) => text !== '');
  return [texts[0] ?? null, texts[1] ?? null];
}

/** Blocks in the results list that are not results and link to Premium. */
function countPromotedCards($: Dom, rows: Nodes): number {
  const list = rows.first().closest('[role=list]');
  if (list.length === 0) return 0;
  return list
    .children()
    .toArray()
    .filter((child) => {
      const block = $(child);
      return block.find('[role=listitem]').length === 0 && block.find(NEW.premiumLink).length > 0;
    }).length;
}

function classicCurrentPage($: Dom): number | null {
  const fromPager = numberIn(cleanText($(CLASSIC.currentPage).first().text()));
  if (fromPager !== null) return fromPager;
  const numbers = promptNumbers($);
  return numbers.length >= 2 ? numbers[numbers.length - 2] : null;
}

function classicTotalPages($: Dom): number | null {
  const fromPager = numberIn(cleanText($(CLASSIC.lastPage).first().text()));
  if (fromPager !== null) return fromPager;
  const numbers = promptNumbers($);
  return numbers.length >= 2 ? numbers[numbers.length - 1] : null;
}

// The hidden heading reads "… Currently on the page 1 of 100 search result pages." in the
// interface language; its last two numbers are the page and the page count.
function promptNumbers($: Dom): number[] {
  const text = cleanText($(CLASSIC.resultsPrompt).first().text());
  return (text.match(/\d[\d,.\s]*/g) ?? [])
    .map((match) => Number(match.replace(/[^\d]/g, '')))
    .filter((value) => Number.isFinite(value));
}

function numberIn(text: string): number | null {
  const match = /\d+/.exec(text);
  return match === null ? null : Number(match[0]);
}

function pageFromUrl(url: string | undefined): number | null {
  if (url === undefined) return null;
  try {
    const page = new URL(url, 'https://www.linkedin.com').searchParams.get('page');
    return page === null ? 1 : numberIn(page);
  } catch {
    return null;
  }
}
