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

function mutualMembers(store: SimulatorStore, member: Member): Member[] {
  const all = [...store.members.values()];
  if (all.length < 3) return [];
  return [all[(member.id * 7) % all.length], all[(member.id * 13) % all.length]].filter(
    (other) => other.id !== member.id,
  );
}

function classicRow(input: SearchPageInput, member: Member, state: PersonState): Html {
  const degree = degreeText(degreeLabel(input.store, input.account, member));
  const link = `/in/${encodeURIComponent(member.slug)}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${member.profileId}`;
  const mutual = mutualMembers(input.store, member);
  return html`<li class="reusable-search__result-container">
    <div
      data-chameleon-result-urn="urn:li:member:${member.id}"
      data-view-name="search-entity-result-universal-template"
    >
      <div class="linked-area flex-1 cursor-pointer">
        <div class="display-flex">
          <div class="entity-result__universal-image">
            <a
              class="app-aware-link scale-down"
              aria-hidden="true"
              tabindex="-1"
              href="${link}"
              data-test-app-aware-link
              ><img class="presence-entity__image" alt="${member.fullName}" width="48" height="48"
            /></a>
          </div>
          <div class="entity-result__content flex-1">
            <div class="entity-result__title">
              <span class="entity-result__title-line"
                ><span class="entity-result__title-text t-16">
                  <a class="app-aware-link" href="${link}" data-test-app-aware-link
                    ><span dir="ltr"
                      ><span aria-hidden="true"><!---->${member.fullName}<!----></span
                      ><span class="visually-hidden"
                        ><!---->View ${member.fullName}’s profile<!----></span
                      ></span
                    ></a
                  >
                  <span class="entity-result__badge t-14 t-normal t-black--light"
                    ><span class="entity-result__badge-text"
                      ><span aria-hidden="true"><!---->• ${degree}<!----></span
                      ><span class="visually-hidden"
                        ><!---->${degree} degree connection<!----></span
                      ></span
                    ></span
                  >
                </span></span
              >
            </div>
            <div class="entity-result__primary-subtitle t-14 t-black t-normal">
              <!---->${member.headline}<!---->
            </div>
            <div class="entity-result__secondary-subtitle t-14 t-normal">
              <!---->${member.location}<!---->
            </div>
            ${
              mutual.length === 2
                ? html`<div class="entity-result__insights t-12">
                    <div class="reusable-search-simple-insight__text-container">
                      <span class="reusable-search-simple-insight__text--small">
                        <a
                          class="app-aware-link"
                          href="/in/${mutual[0].profileId}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${mutual[0].profileId}"
                          ><span><strong>${mutual[0].fullName}</strong></span></a
                        >,
                        <a class="app-aware-link" href="/in/${mutual[1].profileId}"
                          ><span><strong>${mutual[1].fullName}</strong></span></a
                        >, and
                        <a
                          class="app-aware-link"
                          href="/search/results/people/?facetNetwork=%5B%22F%22%5D&amp;facetConnectionOf=%5B%22${member.profileId}%22%5D&amp;origin=SHARED_CONNECTIONS_CANNED_SEARCH"
                          ><span
                            ><strong>${(member.id % 17) + 1} other mutual connections</strong></span
                          ></a
                        ></span
                      >
                    </div>
                  </div>`
                : ''
            }
          </div>
          <div class="entity-result__actions entity-result__divider">
            ${classicSearchAction(state, member)}
          </div>
        </div>
      </div>
    </div>
  </li>`;
}

function classicPremiumRow(): Html {
  return html`<li class="reusable-search__result-container">
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

function newMutualLine(store: SimulatorStore, member: Member): Html {
  const mutual = mutualMembers(store, member);
  if (mutual.length < 2) return html``;
  const others = `/search/results/people/?origin=SHARED_CONNECTIONS_CANNED_SEARCH&network=%5B%22F%22%5D&connectionOf=%5B%22${member.profileId}%22%5D`;
  return html`<div componentkey="mutual-${member.profileId.slice(5, 13)}">
    <ul role="presentation">
      <li>
        <figure aria-hidden="true"><img alt="" /></figure>
      </li>
    </ul>
    <div>
      <p>
        <a href="/in/${mutual[0].profileId}/"><strong>${mutual[0].fullName}</strong></a
        >,<span> </span
        ><a href="/in/${mutual[1].profileId}/"><strong>${mutual[1].fullName}</strong></a
        ><span> </span>and<span> </span
        ><a href="${others}"><strong>${(member.id % 17) + 1} other mutual connections</strong></a>
      </p>
    </div>
  </div>`;
}

function newRow(input: SearchPageInput, member: Member, state: PersonState): Html {
  const degree = degreeText(degreeLabel(input.store, input.account, member));
  const link = profilePath(member.slug);
  const key = member.profileId.slice(5, 20);
  // Some cards put the mutual-connections line first, so the first /in/ link is not the person.
  const mutualFirst = member.id % 3 === 0;
  const mutual = newMutualLine(input.store, member);
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
          ${mutualFirst ? '' : mutual}
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

function classicPager(input: SearchPageInput): Html {
  const pages = totalPages(input.results.length);
  const items: Html[] = [];
  for (let page = 1; page <= Math.min(pages, 10); page++) {
    items.push(
      html`<li
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
  }
  return html`<div class="artdeco-pagination artdeco-pagination--has-controls">
    ${input.page > 1 ? html`<button aria-label="Previous" class="artdeco-pagination__button artdeco-pagination__button--previous" type="button" data-sim-action="navigate" data-sim-href="${input.pageUrl(input.page - 1)}"><span>Previous</span></button>` : ''}
    <ul class="artdeco-pagination__pages artdeco-pagination__pages--number">
      ${items}
    </ul>
    ${input.page < pages ? html`<button aria-label="Next" class="artdeco-pagination__button artdeco-pagination__button--next" type="button" data-sim-action="navigate" data-sim-href="${input.pageUrl(input.page + 1)}"><span>Next</span></button>` : ''}
    <div class="artdeco-pagination__page-state">Page ${input.page} of ${pages}</div>
  </div>`;
}

function newPager(input: SearchPageInput): Html {
  const pages = totalPages(input.results.length);
  const items: Html[] = [];
  for (let page = 1; page <= Math.min(pages, 10); page++) {
    items.push(
      html`<li>
        <button
          aria-label="Page ${page}"
          aria-current="${page === input.page ? 'true' : 'false'}"
          type="button"
          data-testid="pagination-indicator-${page - 1}"
          data-sim-action="navigate"
          data-sim-href="${input.pageUrl(page)}"
        >
          <span>${page}</span>
        </button>
      </li>`,
    );
  }
  const next =
    input.page < pages
      ? html`<button
          type="button"
          aria-label="Next"
          data-testid="pagination-controls-next-button-visible"
          data-sim-action="navigate"
          data-sim-href="${input.pageUrl(input.page + 1)}"
        >
          <span><span>Next</span></span>
        </button>`
      : '';
  return html`<div>
    <ul data-testid="pagination-controls-list">
      ${items}
    </ul>
    ${next}
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
    const body = html`<div class="search-marvel-srp">
      <div class="search-results-container">
        <h2 class="pb2 t-black--light t-14">About ${count.toLocaleString('en-US')} results</h2>
        ${
          onPage.length === 0
            ? html`<div class="search-reusable-search-no-results artdeco-card">
                <h2 class="artdeco-empty-state__headline">No results found</h2>
                <p>Try shortening or rephrasing your search.</p>
              </div>`
            : html`<div class="pv0 ph0 mb2 artdeco-card">
                  <ul class="reusable-search__entity-result-list list-style-none" role="list">
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
        <div><p>About ${count.toLocaleString('en-US')} results</p></div>
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
