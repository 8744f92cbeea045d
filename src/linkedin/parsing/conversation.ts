import { cleanText, loadHtml, nonEmpty, visibleText, type Dom, type Nodes } from './dom';
import { slugFromProfileHref } from './slug';
import type { ConversationMessage, ConversationThread } from './types';

const THREAD = {
  events: 'li.msg-s-message-list__event, .msg-s-event-listitem, [data-event-urn]',
  item: '.msg-s-event-listitem',
  fromOther: '.msg-s-event-listitem--other',
  groupMeta: '.msg-s-message-group__meta',
  senderName: '.msg-s-message-group__name, .msg-s-message-group__profile-link',
  senderLink: 'a[href*="/in/"]',
  time: '.msg-s-message-group__timestamp, time.msg-s-message-list__time-stamp',
  dayHeading: '.msg-s-message-list__time-heading',
  body: '.msg-s-event-listitem__body, .msg-s-event__content',
} as const;

const INBOX = {
  rows: 'li.msg-conversation-listitem',
  threadLink: 'a[href*="/messaging/thread/"]',
  name: '.msg-conversation-listitem__participant-names, .msg-conversation-card__participant-names',
  snippet: '.msg-conversation-card__message-snippet, .msg-conversation-listitem__message-snippet',
  time: '.msg-conversation-listitem__time-stamp, .msg-conversation-card__time-stamp, time',
  unread: '.msg-conversation-card__convo-item-container--unread, .notification-badge--show',
} as const;

export interface ConversationOptions {
  /** The account's own slug: messages whose sender link is this slug are ours. */
  selfSlug?: string;
}

/**
 * Messages of an open thread, oldest first. Grouped messages repeat no sender and no time,
 * so those are carried over from the group's first message.
 */
export function parseConversation(
  html: string,
  options: ConversationOptions = {},
): ConversationMessage[] {
  return readConversation(loadHtml(html), options);
}

export function readConversation($: Dom, options: ConversationOptions = {}): ConversationMessage[] {
  const events = $(THREAD.events);
  const outer = events.filter((_, element) => $(element).parents().filter(events).length === 0);

  const messages: ConversationMessage[] = [];
  let sender: { name: string | null; slug: string | null; fromMe: boolean } | null = null;
  let time: string | null = null;
  let day: string | null = null;

  for (const element of outer.toArray()) {
    const event = $(element);
    day = nonEmpty(cleanText(event.find(THREAD.dayHeading).first().text())) ?? day;

    const meta = event.find(THREAD.groupMeta).first();
    if (meta.length > 0) {
      sender = readSender($, event, meta, options);
      time = nonEmpty(cleanText(meta.find(THREAD.time).first().text())) ?? time;
    }

    const body = event.find(THREAD.body);
    if (body.length === 0) continue;
    const text = visibleText($, body.first());
    if (text === '') continue;

    messages.push({
      senderName: sender?.name ?? null,
      senderSlug: sender?.slug ?? null,
      text,
      time,
      day,
      fromMe: sender?.fromMe ?? !isFromOther(event),
    });
  }
  return messages;
}

function isFromOther(event: Nodes): boolean {
  return event.is(THREAD.fromOther) || event.find(THREAD.fromOther).length > 0;
}

function readSender(
  $: Dom,
  event: Nodes,
  meta: Nodes,
  options: ConversationOptions,
): { name: string | null; slug: string | null; fromMe: boolean } {
  const link = meta.find(THREAD.senderLink).first();
  const slug = slugFromProfileHref(link.attr('href') ?? '');
  const name = nonEmpty(cleanText(meta.find(THREAD.senderName).first().text()));
  const fromMe =
    options.selfSlug !== undefined && slug !== null
      ? slug === options.selfSlug
      : !isFromOther(event);
  return { name, slug, fromMe };
}

/** Conversations in the inbox list, newest first as shown. */
export function readInboxThreads($: Dom): ConversationThread[] {
  return $(INBOX.rows)
    .toArray()
    .map((element) => $(element))
    .map((row) => {
      const href = row.find(INBOX.threadLink).first().attr('href');
      if (href === undefined) return null;
      return {
        threadUrl: new URL(href, 'https://www.linkedin.com').toString(),
        name: nonEmpty(cleanText(row.find(INBOX.name).first().text())),
        snippet: nonEmpty(cleanText(row.find(INBOX.snippet).first().text())),
        time: nonEmpty(cleanText(row.find(INBOX.time).first().text())),
        unread: row.is(INBOX.unread) || row.find(INBOX.unread).length > 0,
      };
    })
    .filter((thread): thread is ConversationThread => thread !== null);
}
