/** How a profile URL names its person: a public vanity slug or one of LinkedIn's member ids. */
export type ProfileUrlKind = 'vanity' | 'member_id' | 'sales_navigator';

export interface NormalizedProfileUrl {
  /** `https://www.linkedin.com/in/<slug>/`, or `https://www.linkedin.com/sales/lead/<id>`. */
  profileUrl: string;
  /** Equal keys mean the same person: `in:<encoded slug>` or `member:<id>`. */
  key: string;
  kind: ProfileUrlKind;
}

export type ProfileUrlErrorCode = 'missing_url' | 'not_a_profile_url';

export interface ProfileUrlError {
  error: ProfileUrlErrorCode;
  message: string;
}

export type ProfileUrlResult = NormalizedProfileUrl | ProfileUrlError;

const CANONICAL_ORIGIN = 'https://www.linkedin.com';

// Member ids as LinkedIn prints them: ACoAA… in public URLs, ACwAA… from Sales Navigator.
const MEMBER_ID = /^AC[ow]AA[A-Za-z0-9_-]{8,}$/;

// LinkedIn allows custom profile URLs of 3 to 100 characters. A name in Han, kana or Hangul
// holds a syllable in each character, so two make a whole name (李四, 김민): 2 is enough there.
const MIN_SLUG_LENGTH = 3;
const MIN_CJK_SLUG_LENGTH = 2;
const MAX_SLUG_LENGTH = 100;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Letters (any script), marks, digits, hyphens and underscores; no spaces, quotes or markup.
const SLUG_CHARACTERS = /^[\p{L}\p{M}\p{N}_-]+$/u;

const MAX_DECODE_ROUNDS = 3;

// A slug of these characters needs no decoding and reads the same to the URL parser.
const CANONICAL_PLAIN_PROFILE = /^https:\/\/www\.linkedin\.com\/in\/([A-Za-z0-9_-]+)\/?$/;

export function isProfileUrlError(result: ProfileUrlResult): result is ProfileUrlError {
  return 'error' in result;
}

/**
 * Turns any of the profile URL variants people paste or export into one canonical URL and a key,
 * so the same person imported twice under different spellings is recognized.
 */
export function normalizeProfileUrl(input: string): ProfileUrlResult {
  const text = input.trim();
  if (text === '') {
    return { error: 'missing_url', message: 'the profile URL is empty' };
  }

  // Most exported URLs are already canonical with a plain slug: no need to parse them.
  const plainSlug = CANONICAL_PLAIN_PROFILE.exec(text)?.[1];
  if (plainSlug !== undefined) {
    return fromPublicProfile(plainSlug);
  }

  const url = parseLinkedInUrl(text);
  if (url === undefined) {
    return notAProfile(`"${shorten(text)}" is not a LinkedIn URL`);
  }

  const segments = pathSegments(url.pathname);
  if (segments[0] === 'mwlite') {
    segments.shift();
  }

  const [section, identifier] = segments;
  if (section === 'in') {
    return fromPublicProfile(identifier);
  }
  if (section === 'sales' && (segments[1] === 'lead' || segments[1] === 'people')) {
    return fromSalesNavigator(segments[2]);
  }
  return notAProfile(`${url.pathname} is not a profile page`);
}

function fromPublicProfile(rawSlug: string | undefined): ProfileUrlResult {
  const slug = decodeSlug(rawSlug ?? '');
  if (slug === undefined || slug === '') {
    return notAProfile('the profile URL has no profile name after /in/');
  }
  if (MEMBER_ID.test(slug)) {
    return memberIdProfile(slug);
  }
  const problem = slugProblem(slug);
  if (problem !== undefined) {
    return notAProfile(`"${shorten(slug)}" is not a valid profile name: ${problem}`);
  }

  const encodedSlug = encodeURIComponent(slug.toLowerCase());
  return {
    profileUrl: `${CANONICAL_ORIGIN}/in/${encodedSlug}/`,
    key: `in:${encodedSlug}`,
    kind: 'vanity',
  };
}

function fromSalesNavigator(rawSegment: string | undefined): ProfileUrlResult {
  // The segment is `<id>,NAME_SEARCH,<token>`; the comma may arrive percent-encoded.
  const segment = decodeSlug(rawSegment ?? '') ?? '';
  const memberId = segment.split(',')[0].trim();
  if (!MEMBER_ID.test(memberId)) {
    return notAProfile('the Sales Navigator URL has no member id');
  }
  return {
    profileUrl: `${CANONICAL_ORIGIN}/sales/lead/${memberId}`,
    key: memberKey(memberId),
    kind: 'sales_navigator',
  };
}

function memberIdProfile(memberId: string): NormalizedProfileUrl {
  return {
    profileUrl: `${CANONICAL_ORIGIN}/in/${memberId}/`,
    key: memberKey(memberId),
    kind: 'member_id',
  };
}

function memberKey(memberId: string): string {
  return `member:${memberId}`;
}

/** Parses the text as an http(s) URL on linkedin.com or one of its subdomains. */
function parseLinkedInUrl(text: string): URL | undefined {
  let candidate = text;
  if (candidate.startsWith('//')) {
    candidate = `https:${candidate}`;
  } else if (!/^[a-z][a-z0-9+.-]*:/i.test(candidate)) {
    candidate = `https://${candidate}`;
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) {
    return undefined;
  }
  return url;
}

function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}

/** Decodes percent-encoding until none is left, so a slug encoded twice is not kept encoded. */
function decodeSlug(slug: string): string | undefined {
  let decoded = slug;
  for (let round = 0; round < MAX_DECODE_ROUNDS && /%[0-9a-f]{2}/i.test(decoded); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
  }
  return decoded.normalize('NFC');
}

/** Why the slug cannot be a profile name, or undefined when it can. */
function slugProblem(slug: string): string | undefined {
  const characters = [...slug];
  const minLength = CJK.test(slug) ? MIN_CJK_SLUG_LENGTH : MIN_SLUG_LENGTH;
  if (characters.length < minLength) {
    return `it is shorter than ${minLength} characters`;
  }
  if (characters.length > MAX_SLUG_LENGTH) {
    return `it is longer than ${MAX_SLUG_LENGTH} characters`;
  }
  const wrong = SLUG_CHARACTERS.test(slug)
    ? undefined
    : characters.find((character) => !SLUG_CHARACTERS.test(character));
  if (wrong !== undefined) {
    return `it holds ${describeCharacter(wrong)}; a profile name has only letters, digits, "-" and "_"`;
  }
  return undefined;
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (/\s/u.test(character)) return 'white space';
  if (/\p{C}/u.test(character)) {
    return `the invisible character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${character}"`;
}

function notAProfile(message: string): ProfileUrlError {
  return { error: 'not_a_profile_url', message };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
