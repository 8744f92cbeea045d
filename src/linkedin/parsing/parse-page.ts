import { classifyLoadedPage } from './classify';
import { readConnections } from './connections';
import { readInboxThreads, readConversation } from './conversation';
import { readDialogs } from './dialogs';
import { actionOfControl, CONTROL_SELECTOR, loadHtml, type Dom } from './dom';
import { detectLanguage } from './language';
import { detectLayout } from './layout';
import { countPeople } from './person';
import { countPostParts, readPostAuthors, readPostCommenters, readPostReactors } from './post';
import { profileTopCard, readProfile } from './profile';
import { readSearchResults } from './search-results';
import { readSentInvitations } from './sent-invitations';
import type { PageKind, ParsedPage } from './types';

const BLOCKING_PAGES: readonly PageKind[] = [
  'login',
  'authwall',
  'checkpoint',
  'restricted',
  'not_found',
];

/** Everything the engine reads from one page: its kind, layout, language, people and dialogs. */
export function parsePage(html: string, options: { url?: string } = {}): ParsedPage {
  const $ = loadHtml(html);
  const page = classifyLoadedPage(options.url, $);
  const dialogs = readDialogs($);
  const base: ParsedPage = {
    page,
    layout: BLOCKING_PAGES.includes(page) ? null : detectLayout($),
    language: detectLanguage($),
    people: [],
    limitDialog: dialogs.limitDialog,
    dialogs,
    counts: {},
  };
  return { ...base, ...readContent($, page, options.url) };
}

function readContent($: Dom, page: PageKind, url: string | undefined): Partial<ParsedPage> {
  switch (page) {
    case 'search_people':
    case 'search_all': {
      const results = readSearchResults($, url);
      const counts: Record<string, number> = { ...countPeople(results.people) };
      if (results.currentPage !== null) counts.current_page = results.currentPage;
      if (results.totalPages !== null) counts.total_pages = results.totalPages;
      if (results.promotedCards > 0) counts.premium_upsell_cards = results.promotedCards;
      return { people: results.people, counts };
    }
    case 'profile': {
      const profile = readProfile($, url);
      return {
        people: [],
        ...(profile === null ? {} : { profile }),
        counts: { sidebar_connect: connectControlsOutsideTopCard($) },
      };
    }
    case 'sent_invitations': {
      const invitations = readSentInvitations($);
      return {
        people: invitations,
        invitations,
        counts: { ...countPeople(invitations), load_more_buttons: loadMoreButtons($) },
      };
    }
    case 'connections': {
      const connections = readConnections($);
      return { people: connections, connections, counts: countPeople(connections) };
    }
    case 'messaging':
      return { messages: readConversation($), threads: readInboxThreads($) };
    case 'post':
    case 'feed': {
      const authors = readPostAuthors($);
      return {
        people: authors,
        reactors: readPostReactors($),
        commenters: readPostCommenters($),
        counts: { ...countPeople(authors), ...countPostParts($) },
      };
    }
    case 'login':
    case 'authwall':
    case 'checkpoint':
    case 'restricted':
    case 'not_found':
    case 'unknown':
      return {};
  }
}

// Side rails ("More profiles for you", "People you may know") and the sticky header repeat
// Connect buttons; counting them shows how many must be ignored.
function connectControlsOutsideTopCard($: Dom): number {
  const topCard = profileTopCard($);
  return $(CONTROL_SELECTOR)
    .toArray()
    .filter((element) => topCard.length === 0 || !topCard.is($(element).parents()))
    .filter((element) => actionOfControl($(element)) === 'connect').length;
}

// The "Load more" button at the end of the list: the last button after the list, wherever
// the interface language puts its words.
function loadMoreButtons($: Dom): number {
  const lists = $('[role=list]');
  if (lists.length === 0) return 0;
  return lists.last().nextAll('button').length;
}
