import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import { isTag, isText, type AnyNode, type Element, type Text } from 'domhandler';
import { isMemberIdSlug, slugFromInviteHref, slugFromProfileHref } from './slug';
import type { Degree, PersonAction } from './types';
import { ACTION_LABEL_PATTERNS, ACTION_TEXTS } from './vocabulary';

export type Dom = CheerioAPI;
export type Nodes = Cheerio<Element>;

/**
 * Parses a whole page. Plain `<template>`s are inert (a closed menu waiting to be cloned), so
 * they are dropped; declarative shadow roots (`<template shadowrootmode>`) stay searchable.
 */
export function loadHtml(html: string): Dom {
  const $ = cheerio.load(html);
  $('template:not([shadowrootmode]):not([shadowroot])').remove();
  return $;
}

/** Collapses white space (including no-break and zero-width spaces) and trims. */
export function cleanText(text: string | undefined | null): string {
  if (text === undefined || text === null) return '';
  return text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function nonEmpty(text: string): string | null {
  return text === '' ? null : text;
}

/** Text of the element without its visually hidden copies and icon labels. */
export function visibleText($: Dom, element: Nodes): string {
  const copy = element.clone();
  copy.find('.visually-hidden, .a11y-text, [role=img], svg, script, style, template').remove();
  return cleanText(copy.text());
}

/** Only the text nodes that are direct children of the element. */
export function ownText(element: Nodes): string {
  return cleanText(
    element
      .contents()
      .toArray()
      .filter((node: AnyNode): node is Text => isText(node))
      .map((node) => node.data)
      .join(' '),
  );
}

/**
 * The person's name as a profile link shows it: the `aria-hidden` copy in the classic layout
 * (the link also holds a hidden "View X’s profile"), the link's own text in the new layout
 * (a verified badge may sit inside the link).
 */
export function nameFromProfileLink($: Dom, link: Nodes): string | null {
  const classicName = cleanText(link.find('span[dir=ltr] > span[aria-hidden=true]').first().text());
  if (classicName !== '') return classicName;

  const hiddenCopy = cleanText(link.find('span[aria-hidden=true]').first().text());
  if (hiddenCopy !== '') return hiddenCopy;

  const own = ownText(link);
  if (own !== '') return own;

  return nonEmpty(visibleText($, link));
}

/** All `/in/` links inside the scope, in page order, with their parsed slugs. */
export function profileLinks($: Dom, scope: Nodes): Array<{ link: Nodes; slug: string }> {
  return scope
    .find('a[href]')
    .toArray()
    .map((element) => {
      const link = $(element);
      return { link, slug: slugFromProfileHref(link.attr('href') ?? '') };
    })
    .filter((entry): entry is { link: Nodes; slug: string } => entry.slug !== null);
}

const DEGREE_BY_DIGIT: Record<string, Degree> = { '1': '1st', '2': '2nd', '3': '3rd' };

/**
 * Reads a degree badge such as "• 2nd", "· 3rd+", "• 2" (pl), "3° e oltre" (it), "2e", "1er".
 * Returns undefined when the text is not a degree badge.
 */
export function degreeFromBadgeText(text: string): Degree | undefined {
  const badge = cleanText(text).replace(/^[•·]\s*/, '');
  const match = /^([123])(?:st|nd|rd|th|°|º|ª|\.|er|re|e|ᵉ)?\+?(?=\s|$)/i.exec(badge);
  if (match === null) return undefined;
  return DEGREE_BY_DIGIT[match[1]];
}

/** The first degree badge ("• 2nd") inside the scope, looking only at short bullet texts. */
export function findDegree($: Dom, scope: Nodes): Degree {
  const candidates = scope.find('span, p, div').toArray();
  for (const element of candidates) {
    const text = cleanText($(element).text());
    if (text.length > 40 || !/^[•·]/.test(text)) continue;
    const degree = degreeFromBadgeText(text);
    if (degree !== undefined) return degree;
  }
  return null;
}

function pathOf(href: string): string {
  try {
    return new URL(href, 'https://www.linkedin.com').pathname;
  } catch {
    return '';
  }
}

/** What a control does, from its URL, componentkey, aria-label shape and (last) its text. */
export function actionOfControl(control: Nodes): PersonAction | null {
  const href = control.attr('href');
  if (href !== undefined) {
    const path = pathOf(href);
    if (/^\/preload\/(search-)?custom-invite\//.test(path)) return 'connect';
    if (path.startsWith('/messaging/')) return 'message';
  }

  const componentKey = control.attr('componentkey') ?? '';
  const keyMatch = /_(connect|pending|follow|message)$/i.exec(componentKey);
  if (keyMatch !== null) return keyMatch[1].toLowerCase() as PersonAction;

  if (/withdraw/i.test(control.attr('data-view-name') ?? '')) return 'pending';

  const label = cleanText(control.attr('aria-label'));
  if (label !== '') {
    const byLabel = ACTION_LABEL_PATTERNS.find(({ pattern }) => pattern.test(label));
    if (byLabel !== undefined) return byLabel.action;
  }

  const text = cleanText(control.text()).toLowerCase();
  const byText = ACTION_TEXTS.find(({ texts }) => texts.includes(text));
  return byText?.action ?? null;
}

/** The slug an invite control targets (`/preload/…invite/?vanityName=`), if it says. */
export function inviteTargetSlug(control: Nodes): string | null {
  const href = control.attr('href');
  return href === undefined ? null : slugFromInviteHref(href);
}

const ACTION_PRIORITY: readonly PersonAction[] = ['pending', 'connect', 'message', 'follow'];

/** One action for a person offered several controls: pending beats connect beats message beats follow. */
export function strongestAction(actions: ReadonlyArray<PersonAction | null>): PersonAction {
  return ACTION_PRIORITY.find((action) => actions.includes(action)) ?? 'none';
}

export const CONTROL_SELECTOR = 'a[href], button, [role=button], [role=menuitem]';

/** Actions of the controls inside the scope, leaving out plain profile links. */
export function actionsIn($: Dom, scope: Nodes): PersonAction[] {
  return scope
    .find(CONTROL_SELECTOR)
    .toArray()
    .map((element) => $(element))
    .filter((control) => slugFromProfileHref(control.attr('href') ?? '') === null)
    .map((control) => actionOfControl(control))
    .filter((action): action is PersonAction => action !== null);
}

/** The slug seen most often among the links, first seen wins a tie; public slugs beat member ids. */
export function dominantSlug(slugs: readonly string[]): string | null {
  const publicSlugs = slugs.filter((slug) => !isMemberIdSlug(slug));
  const counts = new Map<string, number>();
  for (const slug of publicSlugs.length > 0 ? publicSlugs : slugs) {
    counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [slug, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = slug;
  }
  return best;
}

/** Drops matches nested inside another match (a list item and the card inside it). */
export function outermost($: Dom, nodes: Cheerio<AnyNode>): Nodes {
  const elements = nodes.toArray().filter(isTag);
  const members = new Set<AnyNode>(elements);
  return $(
    elements.filter(
      (element) =>
        !$(element)
          .parents()
          .toArray()
          .some((parent) => members.has(parent)),
    ),
  );
}
