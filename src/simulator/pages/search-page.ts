import type { Account, Member } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, type Html } from './html';
import {
  classicSearchAction,
  degreeLabel,
  newSearchAction,
  personState,
  type PersonState,
} from './people';
import { renderPage, type Viewer } from './shell';

export const RESULTS_PER_PAGE = 10;
export const MAX_PAGES = 100;

export interface SearchPageInput {
  store: SimulatorStore;
  account: Account;
  viewer: Viewer;
  results: Member[];
  page: number;
  keywords: string;
  /** Builds the URL of another page of the same search. */
  pageUrl: (page: number) => string;
}

function degreeText(degree: string): string {
  return degree === '3rd' ? '3rd+' : degree;
}

/** Mutual connections shown on a card: none, one, two, or two and a count of others. */
interface Mutual {
  shown: Member[];
  others: number;
}

function mutualOf(store: SimulatorStore, account: Account, member: Member): Mutual {
  const kind = member.id % 5;
  if (kind === 0) return { shown: [], others: 0 };
  const all = [...store.members.values()].filter(
    (other) => other.id !== member.id && other.id !== account.memberId,
  );
  if (all.length < 2) return { shown: [], others: 0 };
  const first = all[(member.id * 7) % all.length];
  const second = all[(member.id * 13 + 1) % all.length];
  const pair = first.id === second.id ? [first] : [first, second];
  if (kind === 1) return { shown: [first], others: 0 };
  if (kind === 2) return { shown: pair, others: 0 };
  return { shown: pair, others: (member.id % 17) + 1 };
}

function sharedConnectionsUrl(member: Member, layout: 'classic' | 'new'): string {
  const id = encodeURIComponent(JSON.stringify([member.profileId]));
  return layout === 'classic'
    ? `/search/results/people/?facetNetwork=%5B%22F%22%5D&facetConnectionOf=${id}&origin=SHARED_CONNECTIONS_CANNED_SEARCH`
    : `/search/results/people/?origin=SHARED_CONNECTIONS_CANNED_SEARCH&network=%5B%22F%22%5D&connectionOf=${id}`;
}

function othersText(count: number): string {
  return `${count} other mutual connection${count === 1 ? '' : 's'}`;
}

// The "Current: …" line LinkedIn adds when the keywords hit the person's position.
function summaryLine(member: Member, keywords: string): string | null {
  if (!keywords.trim() || !member.company) return null;
  const title = member.headline.split(' at ')[0];
  return member.id % 2 === 0 ? `Current: ${title} at ${member.company}` : null;
}

// Hashed class names as LinkedIn's obfuscated classic search has them (late 2024 onwards).
const HASHED = {
  item: 'NirxhAVFVSlawsnbhSUbXSzVfDOijnyPIDIs',
  card: 'JQPqVeigYuNyxUTJZkXZiNNmEoZBgvMxYns',
  row: 'pJrjdcyApQhWkFaALbbgwNxiuiJpNMiaUCjIOsIA',
  image: 'vJyzCKgUGhOpHZGWpNvhGEZHIkmWMsKWtFzPGfBjY',
  link: 'hlgIjzIiPdjVTUdqLPXiNqCfecsEJcUQfrckk',
  content: 'PsWBmejmbSzMJIipFBUEkWzAFoCiYHODQn',
  title: 'vCOJBYlnhFruRIWaFHnxHKYAvxqerYBrpijo',
  titleLine: 'RymbcHKoixNzHHazKgojebkDZPdCDlemnZHiM',
  headline: 'bcxZWxjhsPLpMdllInegjBDJICyRqJcDHZRQ',
  location: 'PchPXnnMXFIVZtSxWMslpJfzWqvFCkVlM',
  summary: 'XdFGKbWXDcnKCBrBFouHKPCaBNJLLh',
  insight: 'qRHqEQjkqDOICCgAoErZaXHNwVYFYBsOmPZI',
  insightText: 'GxoJDZmdwNGTowPJofFOHvsEVKjCbIxufXnU',
  actions: 'rDcQTbXgzKoRDtKlvHYcVXqZLjnBWumBaQk',
  list: 'ZmMPKoxyWwmXbfMvNSufHRTyAykBeBSBSYZitk',
} as const;

function classicBadge(degree: string): Html {
  return html`<div class="display-flex align-items-baseline">
    <span class="image-text-lockup__text entity-result__badge-text"
      ><span aria-hidden="true"><!---->• ${degree}<!----></span
      ><span class="visually-hidden"><!---->${degree} degree connection<!----></span></span
    >
  </div>`;
}

function classicMutualLine(input: SearchPageInput, member: Member): Html {
  const mutual = mutualOf(input.store, input.account, member);
  if (mutual.shown.length === 0) return html``;
  const link = (other: Member) =>
    html`<a
      class="${HASHED.link}"
      target="_self"
      tabindex="0"
      href="/in/${other.profileId}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${other.profileId}"
      data-test-app-aware-link
      ><span
        ><strong><!---->${other.fullName}<!----></strong></span
      ></a
    >`;
  let line: Html;
  if (mutual.shown.length === 1) {
    line = html`${link(mutual.shown[0])}<!----><span class="white-space-pre"> </span>is a mutual
      connection`;
  } else if (mutual.others === 0) {
    line = html`${link(mutual.shown[0])}<!----><span class="white-space-pre"> </span>and<span
        class="white-space-pre"
      >
      </span
      >${link(mutual.shown[1])}<!----><span class="white-space-pre"> </span>are mutual connections`;
  } else {
    line = html`${link(mutual.shown[0])}<!---->,<span class="white-space-pre"> </span
      >${link(mutual.shown[1])}<!---->, and<span class="white-space-pre"> </span
      ><a
        class="${HASHED.link}"
        target="_self"
        tabindex="0"
        href="${sharedConnectionsUrl(member, 'classic')}"
        data-test-app-aware-link
        ><span
          ><strong><!---->${othersText(mutual.others)}<!----></strong></span
        ></a
      >`;
  }
  return html`<div class="entity-result__insights t-12">
    <div class="${HASHED.insight}">
      <div class="ivm-image-view-model reusable-search-simple-insight__image flex-shrink-zero mr1">
        <li-icon aria-hidden="true" type="people" size="small"></li-icon>
      </div>
      <div class="reusable-search-simple-insight__text-container">
        <span class="${HASHED.insightText} reusable-search-simple-insight__text--small"
          >${line}</span
        >
      </div>
    </div>
  </div>`;
}

function classicRow(input: SearchPageInput, member: Member, state: PersonState): Html {
  const degree = degreeText(degreeLabel(input.store, input.account, member));
  const link = `/in/${encodeURIComponent(member.slug)}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${member.profileId}`;
  const summary = summaryLine(member, input.keywords);
  return html`<li class="${HASHED.item}">
    <div
      class="${HASHED.card}"
      data-chameleon-result-urn="urn:li:member:${member.id}"
      data-view-name="search-entity-result-universal-template"
    >
      <div class="linked-area flex-1 cursor-pointer">
        <div class="${HASHED.row}">
          <div class="${HASHED.image}">
            <div class="display-flex align-items-center">
              <a
                class="${HASHED.link} scale-down"
                aria-hidden="false"
                tabindex="0"
                href="${link}"
                data-test-app-aware-link
                ><div class="ivm-image-view-model">
                  <div class="presence-entity presence-entity--size-3">
                    <img
                      class="presence-entity__image evi-image lazy-image ember-view"
                      alt="${member.fullName}"
                      width="48"
                      height="48"
                    />
                    <div class="presence-entity__indicator hidden">
                      <span class="visually-hidden">Status is offline</span>
                    </div>
                  </div>
                </div></a
              >
            </div>
          </div>
          <div class="${HASHED.content} pt3 pb3 t-12 t-black--light">
            <div class="mb1">
              <div class="t-roman t-sans">
                <div class="display-flex">
                  <span class="${HASHED.title}"
                    ><span class="${HASHED.titleLine} t-16"
                      ><a class="${HASHED.link}" href="${link}" data-test-app-aware-link
                        ><span dir="ltr"
                          ><span aria-hidden="true"><!---->${member.fullName}<!----></span
                          ><span class="visually-hidden"
                            ><!---->View ${member.fullName}’s profile<!----></span
                          ></span
                        ></a
                      ><span class="entity-result__badge t-14 t-normal t-black--light"
                        >${classicBadge(degree)}</span
                      ></span
                    ></span
                  ><span
                    aria-hidden="true"
                    class="entity-result__badge-overflow t-14 t-normal t-black--light"
                    >${classicBadge(degree)}</span
                  >
                </div>
              </div>
              <div class="${HASHED.headline} t-14 t-black t-normal">
                <!---->${member.headline}<!---->
              </div>
              <div class="${HASHED.location} t-14 t-normal"><!---->${member.location}<!----></div>
            </div>
            ${summary ? html`<p class="${HASHED.summary} entity-result__summary--2-lines t-12 t-black--light mb1"><!---->${summary}<!----></p>` : ''}
            ${classicMutualLine(input, member)}
          </div>
          <div class="${HASHED.actions}">${classicSearchAction(state, member)}</div>
        </div>
      </div>
    </div>
  </li>`;
}

function classicPremiumRow(): Html {
  return html`<li class="${HASHED.item}">
    <div class="search-result__upsell">
      <p class="t-16 t-bold">Reach out to anyone with InMail</p>
      <p class="t-14">Millions of members are open to InMail. Try Premium for $0.</p>
      <a
        class="artdeco-button artdeco-button--premium"
        href="/premium/products/?upsellOrderOrigin=premium_search_srp_upsell"
        >Try Premium for $0</a
      >
    </div>
  </li>`;
}

function newMutualLine(input: SearchPageInput, member: Member): Html {
  const mutual = mutualOf(input.store, input.account, member);
  if (mutual.shown.length === 0) return html``;
  // The new layout links mutual connections by their vanity URL, like the person's own link.
  const link = (other: Member) =>
    html`<a href="${profilePath(other.slug)}"><strong>${other.fullName}</strong></a>`;
  let line: Html;
  if (mutual.shown.length === 1) {
    line = html`${link(mutual.shown[0])}<span> </span>is a mutual connection`;
  } else if (mutual.others === 0) {
    line = html`${link(mutual.shown[0])}<span> </span>and<span> </span>${link(mutual.shown[1])}<span
      > </span>are mutual connections`;
  } else {
    line = html`${link(mutual.shown[0])},<span> </span>${link(mutual.shown[1])}<span
      > </span>and<span> </span
      ><a href="${sharedConnectionsUrl(member, 'new')}"
        ><strong>${othersText(mutual.others)}</strong></a
      >`;
  }
  const faces = mutual.shown.map(
    () =>
      html`<li>
        <figure aria-hidden="true"><img alt="" /></figure>
      </li>`,
  );
  return html`<div componentkey="mutual-${member.profileId.slice(5, 13)}">
    <ul role="presentation">
      ${faces}
    </ul>
    <div>
      <p componentkey="mutual-text-${member.profileId.slice(5, 13)}">${line}</p>
    </div>
  </div>`;
}

function newRow(input: SearchPageInput, member: Member, state: PersonState): Html {
  const degree = degreeText(degreeLabel(input.store, input.account, member));
  const link = profilePath(member.slug);
  const key = member.profileId.slice(5, 20);
  // Some cards put the mutual-connections line first, so the first /in/ link is not the person.
  const mutualFirst = member.id % 3 === 0;
  const mutual = newMutualLine(input, member);
  const summary = summaryLine(member, input.keywords);
  return html`<div>
    <div role="listitem">
      <div data-display-contents="true">
        <a tabindex="0" href="${link}" componentkey="${key}"></a>
        <div componentkey="${key}">
          ${mutualFirst ? mutual : ''}
          <div>
            <a tabindex="0" href="${link}" componentkey="${key}"
              ><figure>
                <img fetchpriority="low" alt="${member.fullName}" data-loaded="true" /></figure
            ></a>
            <div>
              <p componentkey="name-${key}">
                <a href="${link}"
                  >${member.fullName}${member.premium ? html`<span> </span><span role="img" aria-label="Premium"><svg aria-hidden="true"></svg></span>` : ''}</a
                ><span><span> • ${degree}</span></span>
              </p>
              <div><p>${member.headline}</p></div>
              <div><p>${member.location}</p></div>
            </div>
            <div>
              <div componentkey="SearchResults${member.profileId}">
                <div data-display-contents="true">${newSearchAction(state, member)}</div>
              </div>
            </div>
          </div>
          ${summary ? html`<div><p>${summary}</p></div>` : ''} ${mutualFirst ? '' : mutual}
        </div>
      </div>
    </div>
    <hr role="presentation" />
  </div>`;
}

function newPremiumRow(): Html {
  return html`<div>
    <div data-display-contents="true">
      <div componentkey="auto-component-premium-upsell">
        <div>
          <div><p>Easily find people who are actively hiring</p></div>
          <p>Search more efficiently with advanced search filters</p>
          <a
            aria-disabled="false"
            href="/premium/products/?upsellSlotId=ADVANCED_PEOPLE_SEARCH_FILTER_INLINE_RESULT"
            ><span><span>Try Premium for $0</span></span></a
          >
          <p>
            1-month free trial. Cancel hassle-free. We’ll remind you 7 days before your trial ends.
          </p>
        </div>
      </div>
    </div>
    <hr role="presentation" />
  </div>`;
}

function totalPages(count: number): number {
  return Math.min(MAX_PAGES, Math.max(1, Math.ceil(count / RESULTS_PER_PAGE)));
}

/** The page numbers a pager shows: the first, the last and a window around the current one. */
function pagerNumbers(current: number, pages: number): (number | null)[] {
  const wanted = new Set<number>([1, pages]);
  for (let page = current - 2; page <= current + 2; page++) {
    if (page >= 1 && page <= pages) wanted.add(page);
  }
  if (current <= 4) for (let page = 1; page <= Math.min(pages, 8); page++) wanted.add(page);
  const sorted = [...wanted].sort((left, right) => left - right);
  const numbers: (number | null)[] = [];
  sorted.forEach((page, index) => {
    if (index > 0 && page - sorted[index - 1] > 1) numbers.push(null);
    numbers.push(page);
  });
  return numbers;
}

function classicPager(input: SearchPageInput): Html {
  const pages = totalPages(input.results.length);
  const items = pagerNumbers(input.page, pages).map((page) =>
    page === null
      ? html`<li class="artdeco-pagination__indicator artdeco-pagination__indicator--number">
          <button type="button" disabled><span>…</span></button>
        </li>`
      : html`<li
          class="artdeco-pagination__indicator artdeco-pagination__indicator--number${page === input.page ? ' active selected' : ''}"
          data-test-pagination-page-btn="${page}"
        >
          <button
            aria-label="Page ${page}"
            ${page === input.page ? html` aria-current="true"` : ''}
            type="button"
            data-sim-action="navigate"
            data-sim-href="${input.pageUrl(page)}"
          >
            <span>${page}</span>
          </button>
        </li>`,
  );
  return html`<div class="artdeco-pagination artdeco-pagination--has-controls">
    <button
      aria-label="Previous"
      class="artdeco-pagination__button artdeco-pagination__button--previous"
      type="button"
      ${input.page > 1 ? html`data-sim-action="navigate" data-sim-href="${input.pageUrl(input.page - 1)}"` : html`disabled`}
    >
      <span>Previous</span>
    </button>
    <ul class="artdeco-pagination__pages artdeco-pagination__pages--number">
      ${items}
    </ul>
    <button
      aria-label="Next"
      class="artdeco-pagination__button artdeco-pagination__button--next"
      type="button"
      ${input.page < pages ? html`data-sim-action="navigate" data-sim-href="${input.pageUrl(input.page + 1)}"` : html`disabled`}
    >
      <span>Next</span>
    </button>
    <div class="artdeco-pagination__page-state">Page ${input.page} of ${pages}</div>
  </div>`;
}

// The new layout's pager buttons have no aria-label on Previous and Next, only text.
function newPager(input: SearchPageInput): Html {
  const pages = totalPages(input.results.length);
  const items = pagerNumbers(input.page, pages).map((page, index) =>
    page === null
      ? html`<li><span>…</span></li>`
      : html`<li>
          <button
            aria-label="Page ${page}"
            aria-current="${page === input.page ? 'true' : 'false'}"
            type="button"
            data-testid="pagination-indicator-${index}"
            data-sim-action="navigate"
            data-sim-href="${input.pageUrl(page)}"
          >
            <span>${page}</span>
          </button>
        </li>`,
  );
  const previous =
    input.page > 1
      ? html`<button
          type="button"
          data-testid="pagination-controls-prev-button-visible"
          data-sim-action="navigate"
          data-sim-href="${input.pageUrl(input.page - 1)}"
        >
          <span><svg aria-hidden="true"></svg><span>Previous</span></span>
        </button>`
      : html`<button type="button" data-testid="pagination-controls-prev-button-hidden">
          <span><svg aria-hidden="true"></svg><span>Previous</span></span>
        </button>`;
  const next =
    input.page < pages
      ? html`<button
          type="button"
          data-testid="pagination-controls-next-button-visible"
          data-sim-action="navigate"
          data-sim-href="${input.pageUrl(input.page + 1)}"
        >
          <span><svg aria-hidden="true"></svg><span>Next</span></span>
        </button>`
      : '';
  return html`<div>
    <div>
      ${previous}
      <ul data-testid="pagination-controls-list">
        ${items}
      </ul>
      ${next}
    </div>
  </div>`;
}

export function searchPage(input: SearchPageInput): string {
  const start = (input.page - 1) * RESULTS_PER_PAGE;
  const onPage =
    input.page <= MAX_PAGES ? input.results.slice(start, start + RESULTS_PER_PAGE) : [];
  const states = onPage.map((member) => personState(input.store, input.account, member));
  const count = input.results.length;
  const title = `${input.keywords || 'People'} | Search`;

  if (input.viewer.layout === 'classic') {
    const rows = onPage.map((member, index) => [
      index === 2 && !input.viewer.premium ? classicPremiumRow() : '',
      classicRow(input, member, states[index]),
    ]);
    const pages = totalPages(count);
    const prompt = `Search results for ${input.keywords || 'people'}. There are ${onPage.length} results. Currently on the page ${input.page} of ${pages} search result pages.`;
    const body = html`<h1 class="visually-hidden" id="search-srp-prompt" tabindex="-1">
        ${prompt}
      </h1>
      <div class="search-marvel-srp">
        <div class="search-results-container">
          <h2 class="pb2 t-black--light t-14">About ${count.toLocaleString('en-US')} results</h2>
          ${
            onPage.length === 0
              ? html`<div class="search-reusable-search-no-results artdeco-card">
                  <h2 class="artdeco-empty-state__headline">No results found</h2>
                  <p>Try shortening or rephrasing your search.</p>
                </div>`
              : html`<div class="pv0 ph0 mb2 artdeco-card">
                    <ul class="${HASHED.list} list-style-none" role="list">
                      ${rows}
                    </ul>
                  </div>
                  ${classicPager(input)}`
          }
        </div>
      </div>`;
    return renderPage({ title, viewer: input.viewer, body });
  }

  const rows = onPage.map((member, index) => [
    index === 2 && !input.viewer.premium ? newPremiumRow() : '',
    newRow(input, member, states[index]),
  ]);
  const body = html`<div>
    <div>
      <div data-testid="lazy-column" data-component-type="LazyColumn">
        ${
          onPage.length === 0
            ? html`<div>
                <h2>No results found</h2>
                <p>Try shortening or rephrasing your search.</p>
              </div>`
            : html`<div role="list">${rows}</div>
                ${newPager(input)}`
        }
      </div>
    </div>
  </div>`;
  return renderPage({
    title,
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.search.SearchResultsPeople',
  });
}
