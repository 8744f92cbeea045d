import { hasLoggedInNav } from './classify';
import { cleanText, loadHtml, type Dom } from './dom';
import { isMemberIdSlug, slugFromProfileHref } from './slug';
import type { CheckpointKind } from './types';

const CHALLENGE = {
  captcha: 'iframe#captcha-internal, iframe[src*="captcha" i], iframe[title*="captcha" i]',
  emailPin: 'input#input__email_verification_pin, button#email-pin-submit-button',
  phonePin: 'input#input__phone_verification_pin, button#two-step-submit-button',
} as const;

// An app approval page also offers a code field, so its wording decides before the field.
const APP_APPROVAL_TEXTS = [
  /check your linkedin app/i,
  /open your linkedin app/i,
  /sprawdź aplikację linkedin/i,
  /controlla l[’']app linkedin/i,
];

/** What a checkpoint page asks for; the engine never answers it, it only says which it was. */
export function readCheckpointKind(html: string): CheckpointKind {
  const $ = loadHtml(html);
  if ($(CHALLENGE.captcha).length > 0) return 'captcha';
  const text = cleanText($('body').text());
  if (APP_APPROVAL_TEXTS.some((pattern) => pattern.test(text))) return 'app_approval';
  if ($(CHALLENGE.emailPin).length > 0) return 'email_pin';
  if ($(CHALLENGE.phonePin).length > 0) return 'phone_pin';
  if (/quick security check/i.test(text)) return 'captcha';
  return 'unknown';
}

// Where a logged-in page links to the member's own profile: the feed's identity card, the
// "Me" menu of either layout. The first vanity slug found wins.
const SELF_LINKS = [
  '.feed-identity-module a[href*="/in/"]',
  '[data-view-name*="identity" i] a[href*="/in/"]',
  'a[data-control-name^="identity_"][href*="/in/"]',
  '.global-nav__me-content a[href*="/in/"]',
  '[data-testid="primary-nav"] a[href*="/in/"]',
  '#global-nav a[href*="/in/"]',
];

/** The account's own profile slug as a logged-in page shows it, or null when it does not. */
export function readSelfSlug(html: string): string | null {
  return selfSlugIn(loadHtml(html));
}

function selfSlugIn($: Dom): string | null {
  for (const selector of SELF_LINKS) {
    for (const link of $(selector).toArray()) {
      const slug = slugFromProfileHref($(link).attr('href') ?? '');
      if (slug !== null && !isMemberIdSlug(slug) && slug.toLowerCase() !== 'me') return slug;
    }
  }
  return null;
}

/** Whether the page carries the global nav only a signed-in member sees. */
export function isLoggedInPage(html: string): boolean {
  return hasLoggedInNav(loadHtml(html));
}
