import {
  actionOfControl,
  cleanText,
  CONTROL_SELECTOR,
  degreeFromBadgeText,
  dominantSlug,
  findDegree,
  inviteTargetSlug,
  loadHtml,
  nonEmpty,
  profileLinks,
  strongestAction,
  type Dom,
  type Nodes,
} from './dom';
import { detectLayout } from './layout';
import { buildPerson } from './person';
import { slugFromProfileHref } from './slug';
import type { Degree, ParsedProfile, PersonAction } from './types';

const NEW = {
  topCard: 'section[componentkey$="Topcard"]',
  name: 'h2',
  contactInfoLink: 'a[href*="/overlay/contact-info"]',
  moreButtonExpanded: 'button[aria-expanded=true]',
  // the only button of the card that opens something (the name block's popup is a div)
  moreButton: 'button[aria-expanded]',
} as const;

const CLASSIC = {
  topCard: 'section[data-member-id], .pv-top-card, main section.artdeco-card:has(h1)',
  name: 'h1',
  degree: '.dist-value, .distance-badge span[aria-hidden=true]',
  headline: '.text-body-medium',
  location: '.text-body-small.inline.t-black--light, .pv-top-card--list-bullet .text-body-small',
  actions: '.pvs-profile-actions, .pv-top-card-v2-ctas',
  moreMenu: '.artdeco-dropdown__content',
  moreButton: '.artdeco-dropdown__trigger, button[aria-expanded]',
} as const;

const MENU = '[role=menu]';

/** The profile in the top card; the side rail and sticky header are other people or copies. */
export function parseProfile(html: string, url?: string): ParsedProfile | null {
  return readProfile(loadHtml(html), url);
}

export function readProfile($: Dom, url?: string): ParsedProfile | null {
  const newTopCard = $(NEW.topCard).first();
  if (newTopCard.length > 0 || detectLayout($) === 'new') {
    return newTopCard.length > 0 ? readNewProfile($, newTopCard, url) : null;
  }
  const classicTopCard = $(CLASSIC.topCard).first();
  return classicTopCard.length > 0 ? readClassicProfile($, classicTopCard, url) : null;
}

/** The top card, for counting what lies outside it. */
export function profileTopCard($: Dom): Nodes {
  const newTopCard = $(NEW.topCard).first();
  return newTopCard.length > 0 ? newTopCard : $(CLASSIC.topCard).first();
}

function readNewProfile($: Dom, topCard: Nodes, url: string | undefined): ParsedProfile | null {
  const heading = topCard.find(NEW.name).first();
  const name = cleanText(heading.text());
  if (name === '') return null;

  const slug =
    slugFromProfileHref(heading.closest('a[href]').attr('href') ?? '') ??
    firstInviteSlug($, topCard) ??
    dominantSlug(profileLinks($, topCard).map((entry) => entry.slug)) ??
    slugFromProfileHref(url ?? '');
  if (slug === null) return null;

  const degreeLine = pickDegreeLine($, topCard);
  const otherLines = topCard
    .find('p')
    .toArray()
    .map((element) => $(element))
    .filter((line) => line.closest('a').length === 0 && line.get(0) !== degreeLine?.get(0))
    .filter((line) => degreeFromBadgeText(line.text()) === undefined)
    .map((line) => cleanText(line.text()))
    .filter((text) => text.length > 1);
  const location = cleanText(
    topCard.find(NEW.contactInfoLink).first().closest('p').siblings('p').first().text(),
  );

  const cardControls = topCard
    .find(CONTROL_SELECTOR)
    .toArray()
    .map((element) => $(element))
    .filter((control) => control.closest(MENU).length === 0);
  const actions = decideActions($, cardControls, slug, name);

  return {
    ...buildPerson({
      slug,
      name,
      headline: otherLines[0] ?? null,
      location: nonEmpty(location),
      degree: degreeLine === null ? null : (degreeFromBadgeText(degreeLine.text()) ?? null),
      action: actions.action,
    }),
    connectUnderMore: actions.connectUnderMore,
    moreMenuOpen: actions.menuOpen || topCard.find(NEW.moreButtonExpanded).length > 0,
    hasMoreButton: topCard.find(NEW.moreButton).length > 0,
    memberUrn: newMemberUrn($, topCard),
  };
}

// The top card can carry two badges ("· 1st" in a display-contents wrapper and "· 2nd" as a
// plain line); the plain line is the one shown.
function pickDegreeLine($: Dom, topCard: Nodes): Nodes | null {
  const lines = topCard
    .find('p')
    .toArray()
    .map((element) => $(element))
    .filter(
      (line) =>
        degreeFromBadgeText(line.text()) !== undefined && /^[•·]/.test(cleanText(line.text())),
    );
  const plain = lines.find((line) => !line.parent().is('[data-display-contents=true]'));
  return plain ?? lines[0] ?? null;
}

function firstInviteSlug($: Dom, scope: Nodes): string | null {
  return (
    scope
      .find('a[href*="invite"]')
      .toArray()
      .map((element) => inviteTargetSlug($(element)))
      .find((slug) => slug !== null) ?? null
  );
}

function newMemberUrn($: Dom, topCard: Nodes): string | null {
  const messageHref = topCard.find('a[href*="/messaging/"]').first().attr('href');
  if (messageHref !== undefined) {
    try {
      const profileUrn = new URL(messageHref, 'https://www.linkedin.com').searchParams.get(
        'profileUrn',
      );
      if (profileUrn !== null) return profileUrn;
    } catch {
      // fall through to the component key
    }
  }
  const key = /(ACoAA[\w-]+?)Topcard$/.exec(topCard.attr('componentkey') ?? '');
  return key === null ? null : `urn:li:fsd_profile:${key[1]}`;
}

/**
 * The action the card offers; Connect reached only through the open More menu counts as
 * connect with `connectUnderMore`. A closed menu hides it, so it cannot be seen then.
 */
function decideActions(
  $: Dom,
  cardControls: Nodes[],
  slug: string,
  name: string,
): { action: PersonAction; connectUnderMore: boolean; menuOpen: boolean } {
  const cardAction = strongestAction(cardControls.map((control) => actionOfControl(control)));

  const menus = $(MENU)
    .toArray()
    .map((element) => $(element));
  const menuControls = menus
    .flatMap((menu) =>
      menu
        .find(CONTROL_SELECTOR)
        .toArray()
        .map((element) => $(element)),
    )
    .filter((control) => controlTargets(control, slug, name));
  const menuAction = strongestAction(menuControls.map((control) => actionOfControl(control)));
  const menuOpen = menuControls.length > 0;

  if (cardAction === 'pending' || cardAction === 'connect') {
    return { action: cardAction, connectUnderMore: false, menuOpen };
  }
  if (menuAction === 'pending' || menuAction === 'connect') {
    return { action: menuAction, connectUnderMore: menuAction === 'connect', menuOpen };
  }
  return { action: cardAction, connectUnderMore: false, menuOpen };
}

/** A menu control is about this person when it links to their invite or names them. */
function controlTargets(control: Nodes, slug: string, name: string): boolean {
  const target = inviteTargetSlug(control);
  if (target !== null) return target === slug;
  const labels = [
    control.attr('aria-label'),
    ...control
      .find('[aria-label]')
      .toArray()
      .map((el) => el.attribs['aria-label']),
  ];
  return labels.some((label) => label !== undefined && label.includes(name));
}

function readClassicProfile($: Dom, topCard: Nodes, url: string | undefined): ParsedProfile | null {
  const name = cleanText(topCard.find(CLASSIC.name).first().text());
  if (name === '') return null;

  const slug =
    slugFromProfileHref($('link[rel=canonical]').attr('href') ?? '') ??
    slugFromProfileHref($('meta[property="og:url"]').attr('content') ?? '') ??
    dominantSlug(profileLinks($, topCard).map((entry) => entry.slug)) ??
    slugFromProfileHref(url ?? '');
  if (slug === null) return null;

  const badge = topCard.find(CLASSIC.degree).first();
  const degree: Degree =
    (badge.length > 0 ? degreeFromBadgeText(badge.text()) : undefined) ?? findDegree($, topCard);

  const actionArea = topCard.find(CLASSIC.actions).first();
  const scope = actionArea.length > 0 ? actionArea : topCard;
  const cardControls = scope
    .find(CONTROL_SELECTOR)
    .toArray()
    .map((element) => $(element))
    .filter((control) => control.closest(`${MENU}, ${CLASSIC.moreMenu}`).length === 0);
  const menuControls = scope
    .find(`${CLASSIC.moreMenu} ${CONTROL_SELECTOR}, ${MENU} ${CONTROL_SELECTOR}`)
    .toArray()
    .map((element) => $(element));

  const cardAction = strongestAction(cardControls.map((control) => actionOfControl(control)));
  const menuAction = strongestAction(menuControls.map((control) => actionOfControl(control)));
  const underMore =
    cardAction !== 'pending' && cardAction !== 'connect' && menuAction === 'connect';

  const memberId = topCard.attr('data-member-id');
  return {
    ...buildPerson({
      slug,
      name,
      headline: nonEmpty(cleanText(topCard.find(CLASSIC.headline).first().text())),
      location: nonEmpty(cleanText(topCard.find(CLASSIC.location).first().text())),
      degree,
      action: underMore ? 'connect' : cardAction,
    }),
    connectUnderMore: underMore,
    moreMenuOpen: scope.find('[aria-expanded=true]').length > 0,
    hasMoreButton: scope.find(CLASSIC.moreButton).length > 0,
    memberUrn: memberId === undefined ? null : `urn:li:member:${memberId}`,
  };
}
