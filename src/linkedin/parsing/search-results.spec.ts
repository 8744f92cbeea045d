import { describe, expect, it } from 'vitest';
import { parsePage } from './parse-page';
import { parseSearchResults } from './search-results';

/** A classic (obfuscated, 2025) result row as linkedin.md describes it. */
function classicRow(person: {
  slug: string;
  name: string;
  degree: string;
  action: string;
  mutualIds?: string[];
}): string {
  const href = `https://www.linkedin.com/in/${person.slug}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAx`;
  const mutual = (person.mutualIds ?? [])
    .map(
      (id) =>
        `<a href="https://www.linkedin.com/in/${id}?miniProfileUrn=x"><span><strong>Someone ${id.slice(-3)}</strong></span></a>`,
    )
    .join(', ');
  return `
  <div class="x9f8" data-chameleon-result-urn="urn:li:member:${person.slug.length}1" data-view-name="search-entity-result-universal-template">
    <a class="a1b2" href="${href}"><img alt="${person.name}" src="p.jpg"></a>
    <span class="c3d4"><a class="e5f6" href="${href}">
      <span dir="ltr"><span aria-hidden="true"><!---->${person.name}<!----></span><span class="visually-hidden">View ${person.name}’s profile</span></span>
    </a>
    <span class="entity-result__badge-text"><span aria-hidden="true">• ${person.degree}</span><span class="visually-hidden">${person.degree} degree connection</span></span></span>
    <div class="t-14 t-black t-normal">Head of Growth at Acme</div>
    <div class="t-14 t-normal">Berlin, Germany</div>
    <div class="entity-result__insights t-12">${mutual} are mutual connections</div>
    <div>${person.action}</div>
  </div>`;
}

function classicPage(rows: string[]): string {
  return `<html lang="en"><body class="ember-application"><nav aria-label="Primary Navigation"><a href="/feed/">Home</a><a href="/mynetwork/">My Network</a></nav>
  <main><ul role="list">${rows.map((row) => `<li>${row}</li>`).join('')}</ul>
  <button aria-label="Next" class="artdeco-pagination__button--next">Next</button></main></body></html>`;
}

/** A new-layout (SDUI) result card; `mutualFirst` puts the mutual-connections line above the name. */
function newRow(person: {
  slug: string;
  name: string;
  degreeText: string;
  actionHtml: string;
  mutualFirst?: boolean;
  mutual?: Array<{ slug: string; name: string }>;
}): string {
  const href = `https://www.linkedin.com/in/${person.slug}/`;
  const mutual = `<div componentkey="m-${person.slug}"><p>${(person.mutual ?? [])
    .map(
      (other) =>
        `<a href="https://www.linkedin.com/in/${other.slug}/"><strong>${other.name}</strong></a>`,
    )
    .join(', ')} and 3 other mutual connections</p></div>`;
  return `<div role="listitem"><div data-display-contents="true">
    ${person.mutualFirst === true ? mutual : ''}
    <a tabindex="0" href="${href}" componentkey="k-${person.slug}"></a>
    <div componentkey="k-${person.slug}">
      <a href="${href}"><figure><img alt="${person.name}"></figure></a>
      <div><p componentkey="n-${person.slug}"><a href="${href}">${person.name}<span> </span><span role="img" aria-label="Verified"><svg></svg></span></a><span><span> ${person.degreeText}</span></span></p>
        <div><p>Chief Technology Officer</p></div><div><p>Warsaw, Poland</p></div></div>
      <div componentkey="SearchResultsACoAA${person.slug}">${person.actionHtml}</div>
    </div>
    ${person.mutualFirst === true ? '' : mutual}
  </div><hr role="presentation"></div>`;
}

function newPage(items: string[], lang = 'en'): string {
  return `<html lang="${lang}"><body><div data-testid="primary-nav"></div><main id="workspace"><div role="main" data-sdui-screen="com.linkedin.sdui.flagshipnav.search.SearchResultsPeople">
  <div data-testid="lazy-column"><div role="list">${items.map((item) => `<div>${item}</div>`).join('')}</div></div></div></main>
  <div id="interop-outlet" data-testid="interop-shadowdom"></div></body></html>`;
}

const promotedCard = `<div><div componentkey="auto-component-1"><p>Easily find people who are actively hiring</p><a href="https://www.linkedin.com/premium/products/?upsellOrderOrigin=x">Try Premium for 0 USD</a></div></div>`;
const promotedListItem = `<div role="listitem"><div componentkey="promo"><p>Try Premium for free</p><a href="https://www.linkedin.com/premium/products/">Start trial</a></div></div>`;

describe('parseSearchResults, classic layout', () => {
  const html = classicPage([
    classicRow({
      slug: 'anna-kowalska-12',
      name: 'Anna Kowalska',
      degree: '2nd',
      mutualIds: ['ACoAAaaa111', 'ACoAAbbb222'],
      action:
        '<button aria-label="Invite Anna Kowalska to connect" class="artdeco-button"><span class="artdeco-button__text">Connect</span></button>',
    }),
    classicRow({
      slug: 'john-smith',
      name: 'John Smith',
      degree: '2nd',
      action:
        '<button aria-label="Pending, click to withdraw invitation sent to John Smith" class="artdeco-button">Pending</button>',
    }),
    classicRow({
      slug: 'john-smith-123',
      name: 'John Smith',
      degree: '1st',
      action:
        '<button aria-label="Send a message to John Smith" class="artdeco-button">Message</button>',
    }),
    classicRow({
      slug: 'creator-jane',
      name: 'Jane Creator',
      degree: '3rd+',
      action: '<button aria-label="Follow Jane Creator" class="artdeco-button">Follow</button>',
    }),
  ]);

  it('reads each row once though its profile link appears twice', () => {
    const { people, layout } = parseSearchResults(html);
    expect(layout).toBe('classic');
    expect(people.map((person) => person.slug)).toEqual([
      'anna-kowalska-12',
      'john-smith',
      'john-smith-123',
      'creator-jane',
    ]);
  });

  it('takes the visible name, not the hidden "View X’s profile"', () => {
    const [anna] = parseSearchResults(html).people;
    expect(anna.name).toBe('Anna Kowalska');
    expect(anna.headline).toBe('Head of Growth at Acme');
    expect(anna.location).toBe('Berlin, Germany');
    expect(anna.profileUrl).toBe('https://www.linkedin.com/in/anna-kowalska-12/');
  });

  it('reads degree and action of each row', () => {
    const people = parseSearchResults(html).people;
    expect(people.map((person) => [person.degree, person.action])).toEqual([
      ['2nd', 'connect'],
      ['2nd', 'pending'],
      ['1st', 'message'],
      ['3rd', 'follow'],
    ]);
  });

  it('never lists the mutual connections (member-id links) as results', () => {
    const slugs = parseSearchResults(html).people.map((person) => person.slug);
    expect(slugs.some((slug) => slug.startsWith('ACoAA'))).toBe(false);
  });

  it('reads the older list-item rows of 2021-2024', () => {
    const older = `<html lang="en"><body><ul>
      <li class="reusable-search__result-container"><div class="entity-result">
        <span class="entity-result__title-text"><a href="https://www.linkedin.com/in/old-timer/"><span dir="ltr"><span aria-hidden="true">Old Timer</span><span class="visually-hidden">View Old Timer’s profile</span></span></a></span>
        <span class="entity-result__badge-text"><span aria-hidden="true">• 2nd</span></span>
        <div class="entity-result__primary-subtitle">Engineer</div><div class="entity-result__secondary-subtitle">Leeds</div>
        <button aria-label="Invite Old Timer to connect">Connect</button></div></li></ul></body></html>`;
    expect(parseSearchResults(older).people).toMatchObject([
      {
        slug: 'old-timer',
        name: 'Old Timer',
        degree: '2nd',
        action: 'connect',
        headline: 'Engineer',
        location: 'Leeds',
      },
    ]);
  });
});

describe('parseSearchResults, new layout', () => {
  const connectLink = (slug: string, label: string, text: string) =>
    `<a aria-disabled="false" href="/preload/search-custom-invite/?vanityName=${slug}" componentkey="c-${slug}" aria-label="${label}"><span><svg></svg><div><span>${text}</span></div></span></a>`;

  const english = newPage([
    newRow({
      slug: 'zofia-%C5%9Bredni-123',
      name: 'Zofia Średni',
      degreeText: '• 2nd',
      mutualFirst: true,
      mutual: [
        { slug: 'mutual-one', name: 'Mutual One' },
        { slug: 'mutual-two', name: 'Mutual Two' },
      ],
      actionHtml: connectLink('zofia-%C5%9Bredni-123', 'Invite Zofia Średni to connect', 'Connect'),
    }),
    promotedListItem,
    newRow({
      slug: 'piotr-pending',
      name: 'Piotr Pending',
      degreeText: '• 2nd',
      actionHtml:
        '<button componentkey="x_pending" aria-label="Pending, click to withdraw invitation sent to Piotr Pending"><span>Pending</span></button>',
    }),
    promotedCard,
    newRow({
      slug: 'friend-one',
      name: 'Friend One',
      degreeText: '• 1st',
      actionHtml:
        '<a href="/messaging/compose/?profileUrn=urn%3Ali%3Afsd_profile%3AACoAA1&recipient=ACoAA1&interop=msgOverlay"><span>Message</span></a>',
    }),
    newRow({
      slug: 'big-creator',
      name: 'Big Creator',
      degreeText: '• 3rd+',
      actionHtml:
        '<button type="button" aria-label="Follow Big Creator"><span>Follow</span></button>',
    }),
  ]);

  it('finds the person by the name line, not by the first profile link', () => {
    const { people } = parseSearchResults(english);
    expect(people.map((person) => person.slug)).toEqual([
      'zofia-średni-123',
      'piotr-pending',
      'friend-one',
      'big-creator',
    ]);
    expect(people[0]).toMatchObject({
      name: 'Zofia Średni',
      headline: 'Chief Technology Officer',
      location: 'Warsaw, Poland',
      degree: '2nd',
      action: 'connect',
      profileUrl: 'https://www.linkedin.com/in/zofia-%C5%9Bredni-123/',
    });
  });

  it('reads pending, message and follow from componentkey, URL and label', () => {
    const actions = parseSearchResults(english).people.map((person) => [
      person.degree,
      person.action,
    ]);
    expect(actions).toEqual([
      ['2nd', 'connect'],
      ['2nd', 'pending'],
      ['1st', 'message'],
      ['3rd', 'follow'],
    ]);
  });

  it('skips promoted rows and counts the upsell cards', () => {
    const parsed = parsePage(english);
    expect(parsed.page).toBe('search_people');
    expect(parsed.layout).toBe('new');
    expect(parsed.people).toHaveLength(4);
    expect(parsed.counts.premium_upsell_cards).toBe(1);
  });

  it('yields the same people from a Polish interface', () => {
    const polish = newPage(
      [
        newRow({
          slug: 's%C5%82awomir-mazur-d520c6127',
          name: 'Sławomir Mazur',
          degreeText: '• 2',
          mutualFirst: true,
          mutual: [{ slug: 'hubert-tokarski-pro', name: 'Hubert Tokarski' }],
          actionHtml: connectLink(
            's%C5%82awomir-mazur-d520c6127',
            'Zaproś użytkownika Sławomir Mazur do nawiązania kontaktu',
            'Połącz',
          ),
        }),
        newRow({
          slug: 'nina-lis',
          name: 'Nina Lis',
          degreeText: '• 3+',
          actionHtml:
            '<button type="button" aria-label="Obserwuj: Nina Lis"><span>Obserwuj</span></button>',
        }),
      ],
      '',
    ).replace('<html lang="">', '<html>');
    const parsed = parsePage(polish);
    expect(parsed.language).toBe('pl');
    expect(parsed.people).toMatchObject([
      {
        slug: 'sławomir-mazur-d520c6127',
        name: 'Sławomir Mazur',
        degree: '2nd',
        action: 'connect',
      },
      { slug: 'nina-lis', name: 'Nina Lis', degree: '3rd', action: 'follow' },
    ]);
  });

  it('yields the same people from an Italian interface', () => {
    const italian = newPage(
      [
        newRow({
          slug: 'giulia-neri',
          name: 'Giulia Neri',
          degreeText: '• 2°',
          actionHtml: connectLink('giulia-neri', 'Invita Giulia Neri a collegarsi', 'Collegati'),
        }),
        newRow({
          slug: 'marco-blu',
          name: 'Marco Blu',
          degreeText: '• 3° e oltre',
          actionHtml:
            '<button type="button" aria-label="Segui Marco Blu"><span>Segui</span></button>',
        }),
      ],
      'it',
    );
    expect(parsePage(italian).people).toMatchObject([
      { slug: 'giulia-neri', name: 'Giulia Neri', degree: '2nd', action: 'connect' },
      { slug: 'marco-blu', name: 'Marco Blu', degree: '3rd', action: 'follow' },
    ]);
  });

  it('reads the current page from the pager', () => {
    const withPager = english.replace(
      '</main>',
      '<ul data-testid="pagination-controls-list"><li><button data-testid="pagination-indicator-0" aria-current="false">1</button></li><li><button data-testid="pagination-indicator-1" aria-current="true">2</button></li></ul></main>',
    );
    expect(parseSearchResults(withPager).currentPage).toBe(2);
  });

  it('finds no one on an empty results page', () => {
    expect(parseSearchResults(newPage([])).people).toEqual([]);
  });
});
