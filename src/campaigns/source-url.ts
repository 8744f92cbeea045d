import { ValidationError } from '../common/errors';

export type SourceType = 'search' | 'reactions' | 'comments' | 'event';

export type SourceUrlErrorReason =
  'invalid_url' | 'host_not_allowed' | 'not_a_people_search' | 'not_a_post' | 'not_an_event';

export class SourceUrlError extends ValidationError {
  constructor(
    readonly reason: SourceUrlErrorReason,
    message: string,
  ) {
    super(message, { reason });
  }
}

export type PostUrnType = 'activity' | 'ugcPost' | 'share';

export type CampaignSource =
  | {
      type: 'search';
      /** The search without `page`, which the engine sets itself. */
      url: string;
      keywords: string | null;
      /** Every other parameter; JSON-array facets (`network=["F","S"]`) decoded to lists. */
      facets: Record<string, string | string[]>;
    }
  | {
      type: 'reactions' | 'comments';
      /** `/feed/update/<urn>/`. */
      url: string;
      urn: string;
      urnType: PostUrnType;
      postId: string;
    }
  | {
      type: 'event';
      /** The people search of the event's attendees. */
      url: string;
      eventId: string;
      eventUrl: string;
    };

export interface SourceUrlOptions {
  /**
   * Hosts a source may point at (`host` or `host:port`); a leading dot allows subdomains.
   * Defaults to LinkedIn. A URL on a non-LinkedIn host keeps its own origin (a simulator).
   */
  allowedHosts?: string[];
}

export const LINKEDIN_HOSTS = ['linkedin.com', '.linkedin.com'];

const LINKEDIN_ORIGIN = 'https://www.linkedin.com';
const EVENT_ID = /(\d{19})$/;
const POST_URN = /^urn:li:(activity|ugcPost|share):(\d{10,25})$/;
// The author's part and the text's part are joined by "_"; a post without text has only "_".
const PUBLIC_POST_ID = /[-_](activity|ugcPost|share)-(\d{10,25})(?:-|$)/;

/** Checks and normalizes the URL a campaign takes its leads from. Throws `SourceUrlError`. */
export function parseSourceUrl(
  type: SourceType,
  input: string,
  options: SourceUrlOptions = {},
): CampaignSource {
  const bareUrn = POST_URN.exec(input.trim());
  if (bareUrn !== null && (type === 'reactions' || type === 'comments')) {
    const urn = bareUrn[0];
    const urnType = bareUrn[1] as PostUrnType;
    return {
      type,
      url: `${LINKEDIN_ORIGIN}/feed/update/${urn}/`,
      urn,
      urnType,
      postId: bareUrn[2],
    };
  }

  const url = parseAllowedUrl(input, options.allowedHosts ?? LINKEDIN_HOSTS);
  const origin = isLinkedInHost(url.hostname) ? LINKEDIN_ORIGIN : url.origin;

  switch (type) {
    case 'search':
      return parseSearch(url, origin);
    case 'reactions':
    case 'comments':
      return { type, ...parsePost(url, origin) };
    case 'event':
      return parseEvent(url, origin);
  }
}

function parseAllowedUrl(input: string, allowedHosts: string[]): URL {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SourceUrlError('invalid_url', `"${shorten(text)}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SourceUrlError('invalid_url', `"${shorten(text)}" is not a web address`);
  }
  if (!allowedHosts.some((allowed) => hostMatches(url, allowed))) {
    throw new SourceUrlError(
      'host_not_allowed',
      `${url.host} is not LinkedIn; paste a URL from linkedin.com`,
    );
  }
  return url;
}

function hostMatches(url: URL, allowed: string): boolean {
  const pattern = allowed.toLowerCase();
  if (pattern.startsWith('.')) {
    return url.hostname.endsWith(pattern);
  }
  return url.host === pattern || url.hostname === pattern;
}

function isLinkedInHost(hostname: string): boolean {
  return hostname === 'linkedin.com' || hostname.endsWith('.linkedin.com');
}

function parseSearch(url: URL, origin: string): CampaignSource {
  if (!/^\/search\/results\/people\/?$/.test(url.pathname)) {
    throw new SourceUrlError('not_a_people_search', `${describePage(url)} is not a people search`);
  }

  const params = new URLSearchParams(url.search);
  params.delete('page');
  const facets: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    if (name !== 'keywords') {
      facets[name] = decodeFacet(value);
    }
  }
  const query = params.toString();
  return {
    type: 'search',
    url: `${origin}/search/results/people/${query === '' ? '' : `?${query}`}`,
    keywords: params.get('keywords'),
    facets,
  };
}

/** A facet written as a JSON array (`["F","S"]`) becomes a list; anything else stays text. */
function decodeFacet(value: string): string | string[] {
  if (!value.startsWith('[')) {
    return value;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) {
      return parsed.map((item) => String(item));
    }
  } catch {
    // Not JSON after all: keep the text as LinkedIn wrote it.
  }
  return value;
}

function parsePost(
  url: URL,
  origin: string,
): { url: string; urn: string; urnType: PostUrnType; postId: string } {
  const segments = decodedSegments(url);
  const urnSegment = segments.find((segment) => POST_URN.test(segment));
  const publicMatch = segments[0] === 'posts' ? PUBLIC_POST_ID.exec(segments[1] ?? '') : null;

  let urnType: PostUrnType;
  let postId: string;
  if (urnSegment !== undefined && ['feed', 'embed'].includes(segments[0])) {
    const match = POST_URN.exec(urnSegment) as RegExpExecArray;
    urnType = match[1] as PostUrnType;
    postId = match[2];
  } else if (publicMatch !== null) {
    urnType = publicMatch[1] as PostUrnType;
    postId = publicMatch[2];
  } else {
    throw new SourceUrlError('not_a_post', notAPostMessage(url));
  }

  const urn = `urn:li:${urnType}:${postId}`;
  return { url: `${origin}/feed/update/${urn}/`, urn, urnType, postId };
}

/** Says what is missing: a post URL without a post id reads as one, any other page as itself. */
function notAPostMessage(url: URL): string {
  const example = `${LINKEDIN_ORIGIN}/feed/update/urn:li:activity:7198765432109876543/`;
  if (describePage(url) === 'a post') {
    return `the post URL has no post id: it must hold the post's number (10 to 25 digits), as in ${example}`;
  }
  return `${describePage(url)} is not a post; paste the post's URL, as in ${example}`;
}

function parseEvent(url: URL, origin: string): CampaignSource {
  const segments = decodedSegments(url);
  let eventId: string | undefined;
  if (segments[0] === 'events' && segments[1] !== undefined) {
    eventId = EVENT_ID.exec(segments[1])?.[1];
  } else if (url.pathname.startsWith('/search/results/people')) {
    const attending = decodeFacet(url.searchParams.get('eventAttending') ?? '');
    eventId = Array.isArray(attending) ? attending.find((id) => /^\d{19}$/.test(id)) : undefined;
  }
  if (eventId === undefined) {
    throw new SourceUrlError('not_an_event', notAnEventMessage(url, segments));
  }

  const search = new URLSearchParams({
    eventAttending: JSON.stringify([eventId]),
    origin: 'EVENT_PAGE_CANNED_SEARCH',
  });
  return {
    type: 'event',
    url: `${origin}/search/results/people/?${search.toString()}`,
    eventId,
    eventUrl: `${origin}/events/${eventId}/`,
  };
}

/** Says what is missing: an event page without its number, a search of no event, another page. */
function notAnEventMessage(url: URL, segments: string[]): string {
  const example = `${LINKEDIN_ORIGIN}/events/7198765432109876543/`;
  if (segments[0] === 'events') {
    return `the event URL has no event id: it must end in the event's 19-digit number, as in ${example}`;
  }
  if (url.pathname.startsWith('/search/results/people')) {
    return `a people search is an event's attendees only with eventAttending; paste the event's URL, as in ${example}`;
  }
  return `${describePage(url)} is not an event; paste the event's URL, as in ${example}`;
}

function decodedSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Names the kind of page a wrong URL points at, so the message says what was pasted. */
function describePage(url: URL): string {
  const section = url.pathname.split('/')[1] ?? '';
  const pages: Record<string, string> = {
    in: 'a profile',
    company: 'a company page',
    school: 'a school page',
    showcase: 'a showcase page',
    groups: 'a group',
    events: 'an event',
    feed: 'the feed',
    posts: 'a post',
    jobs: 'a job page',
    sales: 'a Sales Navigator page',
    search: 'a search that is not of people',
    messaging: 'a conversation',
    mynetwork: 'the My Network page',
  };
  if (section === 'feed' && url.pathname.includes('urn:li:')) {
    return 'a post';
  }
  if (section === 'search' && url.pathname.startsWith('/search/results/people')) {
    return 'a people search';
  }
  return pages[section] ?? `the page ${url.pathname}`;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
