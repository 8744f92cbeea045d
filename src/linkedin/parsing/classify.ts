import { cleanText, loadHtml, type Dom } from './dom';
import type { PageKind } from './types';
import { NOT_FOUND_TEXTS, RESTRICTION_TEXTS, SECURITY_CHECK_TEXTS } from './vocabulary';

const MARKS = {
  loginForm: 'input#username, input[name=session_key]',
  passwordField: 'input#password, input[name=session_password], input[type=password]',
  challenge: [
    'input#input__email_verification_pin',
    'input#input__phone_verification_pin',
    'button#email-pin-submit-button',
    'button#two-step-submit-button',
    'iframe#captcha-internal',
    'form[action*="/checkpoint/challenge"]',
  ].join(', '),
  authwall: '[class*="authwall"], [id*="authwall"], [data-tracking-control-name*="auth_wall"]',
  loggedInNav: '[data-testid="primary-nav"], #global-nav',
  searchScreen: '[data-sdui-screen]',
  classicSearchRows: '[data-chameleon-result-urn], li.reusable-search__result-container',
  profile: 'section[componentkey$="Topcard"], section[data-member-id], .pv-top-card',
  sentInvitations: 'button[data-view-name="sent-invitations-withdraw-single"]',
  connections: 'section[componentkey="ConnectionsPage_ConnectionsList"], li.mn-connection-card',
  messaging:
    '.msg-s-message-list, .msg-s-message-list-content, li.msg-conversation-listitem, .msg-conversations-container',
  posts:
    '[data-urn^="urn:li:activity:"], [data-urn^="urn:li:ugcPost:"], [data-urn^="urn:li:share:"], .feed-shared-update-v2',
} as const;

/** What the URL path alone says, or null when the path is not one the engine knows. */
export function pageKindFromPath(url: string | null | undefined): PageKind | null {
  if (url === null || url === undefined || url.trim() === '') return null;
  let path: string;
  try {
    path = new URL(url, 'https://www.linkedin.com').pathname.toLowerCase();
  } catch {
    return null;
  }
  if (!path.endsWith('/')) path += '/';

  if (
    path.startsWith('/login/') ||
    path.startsWith('/uas/login') ||
    path.startsWith('/checkpoint/lg/')
  ) {
    return 'login';
  }
  if (path.startsWith('/checkpoint/')) return 'checkpoint';
  if (path.startsWith('/authwall/')) return 'authwall';
  if (path === '/404/') return 'not_found';
  if (path.startsWith('/in/') && path.length > '/in/'.length) return 'profile';
  if (path.startsWith('/search/results/people/')) return 'search_people';
  if (path.startsWith('/search/results/')) return 'search_all';
  if (path.startsWith('/mynetwork/invitation-manager/sent/')) return 'sent_invitations';
  if (path.startsWith('/mynetwork/invite-connect/connections/')) return 'connections';
  if (path.startsWith('/messaging/')) return 'messaging';
  if (path.startsWith('/feed/update/') || path.startsWith('/posts/')) return 'post';
  if (path === '/feed/') return 'feed';
  return null;
}

const BLOCKING_KINDS: readonly PageKind[] = ['login', 'checkpoint', 'authwall', 'not_found'];

/**
 * The kind of page: by URL path first (never a substring of the whole URL), but a login form,
 * a challenge, a restriction notice or an authwall on the page wins over a harmless path,
 * so an expired session is never read as an empty list.
 */
export function classifyPage(url: string | null, html: string): PageKind {
  return classifyLoadedPage(url, loadHtml(html));
}

export function classifyLoadedPage(url: string | null | undefined, $: Dom): PageKind {
  const byPath = pageKindFromPath(url);
  // LinkedIn shows a restriction under /checkpoint/ too; its notice is the more telling one.
  if (byPath === 'checkpoint' && hasRestrictionNotice($)) return 'restricted';
  if (byPath !== null && BLOCKING_KINDS.includes(byPath)) return byPath;

  const blocking = blockingKindFromContent($);
  if (blocking !== null) return blocking;

  return byPath ?? kindFromContent($);
}

function bodyText($: Dom): string {
  const body = $('body').clone();
  body.find('script, style, code, template').remove();
  return cleanText(body.text());
}

function blockingKindFromContent($: Dom): PageKind | null {
  if ($(MARKS.challenge).length > 0) return 'checkpoint';
  if ($(MARKS.loginForm).length > 0 && $(MARKS.passwordField).length > 0) return 'login';

  if (hasRestrictionNotice($)) return 'restricted';
  const text = bodyText($);
  if (SECURITY_CHECK_TEXTS.some((pattern) => pattern.test(text))) return 'checkpoint';

  const loggedIn = hasLoggedInNav($);
  if (!loggedIn && $(MARKS.authwall).length > 0) return 'authwall';
  return null;
}

function hasRestrictionNotice($: Dom): boolean {
  const text = bodyText($);
  return RESTRICTION_TEXTS.some((pattern) => pattern.test(text));
}

/** The global nav of a signed-in member: links to the feed and to My Network. */
export function hasLoggedInNav($: Dom): boolean {
  if ($(MARKS.loggedInNav).length > 0) return true;
  const navs = $('nav, header').toArray();
  return navs.some(
    (nav) =>
      $(nav).find('a[href*="/feed"]').length > 0 && $(nav).find('a[href*="/mynetwork"]').length > 0,
  );
}

function kindFromScreen(screen: string): PageKind | null {
  if (/SearchResultsPeople/i.test(screen)) return 'search_people';
  if (/\.search\./i.test(screen)) return 'search_all';
  if (/\.profile\.Profile$/i.test(screen)) return 'profile';
  if (/invitation/i.test(screen) && /sent/i.test(screen)) return 'sent_invitations';
  if (/connections/i.test(screen)) return 'connections';
  if (/messaging/i.test(screen)) return 'messaging';
  if (/feed/i.test(screen)) return 'feed';
  return null;
}

function kindFromContent($: Dom): PageKind {
  for (const element of $(MARKS.searchScreen).toArray()) {
    const kind = kindFromScreen($(element).attr('data-sdui-screen') ?? '');
    if (kind !== null) return kind;
  }

  if ($(MARKS.classicSearchRows).length > 0) return 'search_people';
  if ($(MARKS.profile).length > 0) return 'profile';
  if ($(MARKS.sentInvitations).length > 0 || looksLikeSentInvitations($)) return 'sent_invitations';
  if ($(MARKS.connections).length > 0) return 'connections';
  if ($(MARKS.messaging).length > 0) return 'messaging';

  const posts = $(MARKS.posts).length;
  if (posts === 1) return 'post';
  if (posts > 1) return 'feed';

  if (NOT_FOUND_TEXTS.some((pattern) => pattern.test(bodyText($)))) return 'not_found';
  return 'unknown';
}

// A sent-invitations list without its URL: every row has a profile link and one withdraw
// control that names the person, and no row offers Connect or shows a degree.
function looksLikeSentInvitations($: Dom): boolean {
  const rows = $('[role=listitem]').toArray();
  if (rows.length === 0) return false;
  return rows.every((element) => {
    const row = $(element);
    if (row.find('a[href*="/in/"]').length === 0) return false;
    if (row.find('a[href*="/preload/"]').length > 0) return false;
    const labels = row
      .find('a[aria-label], button[aria-label]')
      .toArray()
      .map((control) => $(control).attr('aria-label') ?? '');
    return labels.some((label) =>
      /(withdraw|ritira|wycofaj|zurückziehen|retirer|retirar)/i.test(label),
    );
  });
}
