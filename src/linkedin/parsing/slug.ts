const LINKEDIN_ORIGIN = 'https://www.linkedin.com';

/** Member ids (`ACoAA…`, Sales Navigator `ACwAA…`) stand in for a slug when the page has no other. */
export function isMemberIdSlug(slug: string): boolean {
  return /^AC[a-zA-Z]AA/.test(slug);
}

function isLinkedInHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'linkedin.com' || host.endsWith('.linkedin.com');
}

function decodeOnce(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // a lone "%" in a hand-typed URL: keep what we have rather than fail
    return segment;
  }
}

/**
 * The profile slug of an `/in/<slug>/` link, percent-decoded once; relative or absolute,
 * any LinkedIn host (country subdomains too); query strings and trailing segments ignored.
 * Returns null for anything that is not a member profile link.
 */
export function slugFromProfileHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;

  let url: URL;
  try {
    url = new URL(trimmed, LINKEDIN_ORIGIN);
  } catch {
    return null;
  }
  if (!isLinkedInHost(url.hostname)) return null;

  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (segments.length < 2 || segments[0] !== 'in') return null;

  const slug = decodeOnce(segments[1]).trim();
  return slug === '' ? null : slug;
}

/** The canonical profile URL of a (decoded) slug: `https://www.linkedin.com/in/<encoded>/`. */
export function profileUrlFromSlug(slug: string): string {
  return `${LINKEDIN_ORIGIN}/in/${encodeURIComponent(slug)}/`;
}

/** The `vanityName` of a `/preload/…invite/?vanityName=<slug>` link, decoded once. */
export function slugFromInviteHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), LINKEDIN_ORIGIN);
  } catch {
    return null;
  }
  if (!url.pathname.includes('invite')) return null;
  const vanityName = url.searchParams.get('vanityName');
  return vanityName === null || vanityName.trim() === '' ? null : vanityName.trim();
}
