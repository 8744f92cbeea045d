import type { Element } from 'domhandler';
import {
  cleanText,
  loadHtml,
  nameFromProfileLink,
  nonEmpty,
  profileLinks,
  type Dom,
  type Nodes,
} from './dom';
import { buildPerson, uniqueBySlug } from './person';
import type { Connection } from './types';

const CLASSIC = {
  cards: 'li.mn-connection-card',
  link: 'a.mn-connection-card__link[href*="/in/"], a[href*="/in/"]',
  name: '.mn-connection-card__name',
  occupation: '.mn-connection-card__occupation',
  connectedAt: 'time',
} as const;

const NEW = {
  list: 'section[componentkey="ConnectionsPage_ConnectionsList"]',
  rows: '[role=listitem]',
} as const;

/** Connections on My Network › Connections, in either layout; all are 1st degree. */
export function parseConnections(html: string): Connection[] {
  return readConnections(loadHtml(html));
}

export function readConnections($: Dom): Connection[] {
  const classicCards = $(CLASSIC.cards);
  if (classicCards.length > 0) {
    return uniqueBySlug(
      classicCards
        .toArray()
        .map((element) => readClassicCard($, $(element)))
        .filter((connection): connection is Connection => connection !== null),
    );
  }
  return uniqueBySlug(readNewList($, $(NEW.list).first()));
}

function readClassicCard($: Dom, card: Nodes): Connection | null {
  const entry = profileLinks($, card)[0];
  if (entry === undefined) return null;
  const name =
    cleanText(card.find(CLASSIC.name).first().text()) || nameFromProfileLink($, entry.link);
  if (name === null || name === '') return null;
  return {
    ...buildPerson({
      slug: entry.slug,
      name,
      headline: nonEmpty(cleanText(card.find(CLASSIC.occupation).first().text())),
      degree: '1st',
      action: 'message',
    }),
    connectedText: nonEmpty(cleanText(card.find(CLASSIC.connectedAt).first().text())),
  };
}

// Each contact has two links to the same profile (photo, then name); rows are list items
// when the list has them, otherwise consecutive links are grouped by slug.
function readNewList($: Dom, list: Nodes): Connection[] {
  if (list.length === 0) return [];
  const rows = list.find(NEW.rows);
  if (rows.length > 0) {
    return rows
      .toArray()
      .map((element) => readNewContact($, $(element)))
      .filter((connection): connection is Connection => connection !== null);
  }

  const contacts: Connection[] = [];
  for (const { link, slug } of profileLinks($, list)) {
    const name = nameFromProfileLink($, link);
    if (name === null || contacts.some((contact) => contact.slug === slug)) continue;
    contacts.push(contactFromNameLink($, link, slug, name));
  }
  return contacts;
}

function readNewContact($: Dom, row: Nodes): Connection | null {
  const named = profileLinks($, row).find(({ link }) => nameFromProfileLink($, link) !== null);
  if (named === undefined) return null;
  return contactFromNameLink($, named.link, named.slug, nameFromProfileLink($, named.link)!);
}

/** Headline and "connected" lines are the `p`s after the name, inside the contact's block. */
function contactFromNameLink($: Dom, link: Nodes, slug: string, name: string): Connection {
  const nameLine = link.closest('p').length > 0 ? link.closest('p') : link;
  const block = nameLine.parent();
  const lines = block.find('p').toArray();
  const after = lines
    .slice(lines.indexOf(nameLine.get(0) as Element) + 1)
    .map((element) => cleanText($(element).text()))
    .filter((text) => text !== '');
  return {
    ...buildPerson({ slug, name, headline: after[0] ?? null, degree: '1st', action: 'message' }),
    connectedText: after[1] ?? null,
  };
}
