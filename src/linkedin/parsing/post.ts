import type { Element } from 'domhandler';
import {
  actionOfControl,
  cleanText,
  degreeFromBadgeText,
  findDegree,
  loadHtml,
  nameFromProfileLink,
  nonEmpty,
  outermost,
  strongestAction,
  type Dom,
  type Nodes,
} from './dom';
import { buildPerson, uniqueBySlug } from './person';
import { slugFromProfileHref } from './slug';
import type { Commenter, ParsedPerson, PersonAction, ReactionType, Reactor } from './types';

const POST = {
  posts: [
    '[data-urn^="urn:li:activity:"]',
    '[data-urn^="urn:li:ugcPost:"]',
    '[data-urn^="urn:li:share:"]',
    '.feed-shared-update-v2',
  ].join(', '),
  actor: '.update-components-actor, .feed-shared-actor',
  facepile: '.social-details-reactors-facepile, [id*="reactors-facepile"]',
  commentBox: '[contenteditable=true][role=textbox]',
} as const;

const REACTIONS_DIALOG = {
  dialog: '[role=dialog]',
  marks:
    '.social-details-reactors-modal, [data-test-reactions-icon-type], .social-details-reactors-tab-body-list-item',
  items: 'li.social-details-reactors-tab-body-list-item, li',
  title: '.artdeco-entity-lockup__title',
  caption: '.artdeco-entity-lockup__caption',
  degree: '.artdeco-entity-lockup__degree',
  reactionIcon: '[data-test-reactions-icon-type]',
} as const;

const COMMENTS = {
  items:
    'article.comments-comment-entity, article.comments-comment-item, article[data-id^="urn:li:comment"]',
  actor: '.comments-comment-meta__actor, .comments-post-meta',
  name: '.comments-comment-meta__description-title, .comments-post-meta__name-text',
  headline: '.comments-comment-meta__description-subtitle, .comments-post-meta__headline',
  text: '.comments-comment-item__main-content, .comments-comment-item-content-body, .update-components-text',
} as const;

const REACTION_TYPES: readonly ReactionType[] = [
  'LIKE',
  'PRAISE',
  'EMPATHY',
  'INTEREST',
  'APPRECIATION',
  'ENTERTAINMENT',
  'MAYBE',
];

const PAGE_ENTITY_PATH = /^\/(in|company|school|showcase)\//;

function entityPath(href: string): string | null {
  try {
    const path = new URL(href, 'https://www.linkedin.com').pathname;
    return PAGE_ENTITY_PATH.test(path) ? path : null;
  } catch {
    return null;
  }
}

/** Posts on the page, outermost only (a reshared post sits inside its resharing post). */
export function findPosts($: Dom): Nodes {
  return outermost($, $(POST.posts));
}

function outsideReactionsAndComments($: Dom, element: Element): boolean {
  const node = $(element);
  return (
    node.closest(`${POST.facepile}, ${COMMENTS.items}, ${REACTIONS_DIALOG.dialog}`).length === 0
  );
}

/** The author of each post, when a person wrote it (company posts give no one). */
export function readPostAuthors($: Dom): ParsedPerson[] {
  const authors = findPosts($)
    .toArray()
    .map((element) => readPostAuthor($, $(element)))
    .filter((person): person is ParsedPerson => person !== null);
  return uniqueBySlug(authors);
}

function readPostAuthor($: Dom, post: Nodes): ParsedPerson | null {
  const actorBlock = post.find(POST.actor).first();
  const scope = actorBlock.length > 0 ? actorBlock : post;
  const entityLinks = scope
    .find('a[href]')
    .toArray()
    .filter((element) => outsideReactionsAndComments($, element))
    .filter((element) => entityPath(element.attribs.href ?? '') !== null);
  if (entityLinks.length === 0) return null;

  const slug = slugFromProfileHref(entityLinks[0].attribs.href ?? '');
  if (slug === null) return null;

  const authorLinks = entityLinks.filter(
    (element) => slugFromProfileHref(element.attribs.href ?? '') === slug,
  );
  const nameLink = authorLinks
    .map((element) => $(element))
    .find((link) => nameFromProfileLink($, link) !== null);
  if (nameLink === undefined) return null;
  const name = nameFromProfileLink($, nameLink)!;

  return buildPerson({
    slug,
    name,
    headline: null,
    degree: findDegree($, nameLink),
    action: authorAction($, post, name),
  });
}

// Only controls that name the author count (the post's menu names them too, but matches no
// action); a toggle button (aria-pressed) naming the author is a Follow button in any language.
function authorAction($: Dom, post: Nodes, name: string): PersonAction {
  const actions = post
    .find('button[aria-label], a[aria-label]')
    .toArray()
    .filter((element) => outsideReactionsAndComments($, element))
    .map((element) => $(element))
    .filter((control) => (control.attr('aria-label') ?? '').includes(name))
    .map((control) => actionOfControl(control) ?? (control.is('[aria-pressed]') ? 'follow' : null));
  return strongestAction(actions);
}

/** Counts of the post page: posts, facepile reactors, comment boxes, comments. */
export function countPostParts($: Dom): Record<string, number> {
  const posts = findPosts($);
  const facepileSlugs = new Set(
    $(POST.facepile)
      .find('a[href]')
      .toArray()
      .map((element) => slugFromProfileHref(element.attribs.href ?? ''))
      .filter((slug): slug is string => slug !== null),
  );
  return {
    posts: posts.length,
    reactors_in_facepile: facepileSlugs.size,
    comment_boxes: $(POST.commentBox).length,
    comments: $(COMMENTS.items).length,
  };
}

/** People in the open reactions dialog, with their reaction. */
export function parsePostReactors(html: string): Reactor[] {
  return readPostReactors(loadHtml(html));
}

export function readPostReactors($: Dom): Reactor[] {
  const dialogs = $(REACTIONS_DIALOG.dialog).filter(
    (_, element) =>
      $(element).is(REACTIONS_DIALOG.marks) || $(element).find(REACTIONS_DIALOG.marks).length > 0,
  );
  const items = dialogs.find(REACTIONS_DIALOG.items).filter(
    (_, element) =>
      $(element)
        .parents('li')
        .filter((__, parent) => dialogs.find(parent).length > 0).length === 0,
  );
  const reactors = items
    .toArray()
    .map((element) => readReactor($, $(element)))
    .filter((reactor): reactor is Reactor => reactor !== null);
  return uniqueBySlug(reactors);
}

function readReactor($: Dom, item: Nodes): Reactor | null {
  const link = item
    .find('a[href]')
    .toArray()
    .find((element) => slugFromProfileHref(element.attribs.href ?? '') !== null);
  if (link === undefined) return null;
  const slug = slugFromProfileHref(link.attribs.href ?? '')!;

  const title = item.find(REACTIONS_DIALOG.title).first();
  const name =
    cleanText(title.find('span[aria-hidden=true]').first().text()) ||
    cleanText(title.text()) ||
    nameFromProfileLink($, $(link));
  if (name === null || name === '') return null;

  const degreeText = item.find(REACTIONS_DIALOG.degree).first().text();
  return {
    ...buildPerson({
      slug,
      name,
      headline: nonEmpty(cleanText(item.find(REACTIONS_DIALOG.caption).first().text())),
      degree: degreeFromBadgeText(degreeText) ?? findDegree($, item),
      action: strongestAction(
        item
          .find('button')
          .toArray()
          .map((element) => actionOfControl($(element))),
      ),
    }),
    reaction: reactionOf(item),
  };
}

function reactionOf(item: Nodes): ReactionType | null {
  const declared = (
    item.find(REACTIONS_DIALOG.reactionIcon).first().attr('data-test-reactions-icon-type') ?? ''
  ).toUpperCase();
  const known = REACTION_TYPES.find((type) => declared.includes(type));
  if (known !== undefined) return known;
  // icons also name the reaction in their alt or label ("… reacted with LIKE")
  const labels = item
    .find('img[alt], [aria-label]')
    .toArray()
    .map((element) => `${element.attribs.alt ?? ''} ${element.attribs['aria-label'] ?? ''}`)
    .join(' ')
    .toUpperCase();
  return REACTION_TYPES.find((type) => new RegExp(`\\b${type}\\b`).test(labels)) ?? null;
}

/**
 * People who commented, in page order, once each; company pages and the post's author are
 * left out (the author is read from the page when not given).
 */
export function parsePostCommenters(
  html: string,
  options: { postAuthorSlug?: string } = {},
): Commenter[] {
  return readPostCommenters(loadHtml(html), options);
}

export function readPostCommenters($: Dom, options: { postAuthorSlug?: string } = {}): Commenter[] {
  const authorSlug = options.postAuthorSlug ?? readPostAuthors($)[0]?.slug ?? null;
  const commenters = $(COMMENTS.items)
    .toArray()
    .map((element) => readCommenter($, $(element)))
    .filter((commenter): commenter is Commenter => commenter !== null)
    .filter((commenter) => commenter.slug !== authorSlug);
  return uniqueBySlug(commenters);
}

function readCommenter($: Dom, comment: Nodes): Commenter | null {
  const ownParts = (selector: string): Nodes =>
    comment
      .find(selector)
      .filter((_, element) => $(element).closest(COMMENTS.items).get(0) === comment.get(0));

  const actorBlock = ownParts(COMMENTS.actor).first();
  const scope = actorBlock.length > 0 ? actorBlock : comment;
  const firstEntity = scope
    .find('a[href]')
    .toArray()
    .filter((element) => $(element).closest(COMMENTS.items).get(0) === comment.get(0))
    .find((element) => entityPath(element.attribs.href ?? '') !== null);
  if (firstEntity === undefined) return null;

  // a company or school commenting is not a person
  const slug = slugFromProfileHref(firstEntity.attribs.href ?? '');
  if (slug === null) return null;

  const nameBlock = ownParts(COMMENTS.name).first();
  const name =
    cleanText(nameBlock.find('span[aria-hidden=true]').first().text()) ||
    cleanText(nameBlock.text()) ||
    nameFromProfileLink($, $(firstEntity));
  if (name === null || name === '') return null;

  return {
    ...buildPerson({
      slug,
      name,
      headline: nonEmpty(cleanText(ownParts(COMMENTS.headline).first().text())),
      degree: findDegree($, scope),
    }),
    commentText: nonEmpty(cleanText(ownParts(COMMENTS.text).first().text())),
  };
}
