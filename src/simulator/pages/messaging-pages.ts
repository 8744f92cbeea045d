import type { Account, Message, Thread } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, raw } from './html';
import { renderPage, type Viewer } from './shell';

interface PageInput {
  store: SimulatorStore;
  account: Account;
  viewer: Viewer;
}

/** A message as the page scripts and thread pages show it. */
export function messageView(store: SimulatorStore, account: Account, message: Message) {
  const sender = store.requireMember(message.senderMemberId);
  return {
    id: message.id,
    senderName: sender.fullName,
    senderSlug: sender.slug,
    mine: sender.id === account.memberId,
    text: message.text,
    sentAt: new Date(message.sentAt).toISOString(),
    time: new Date(message.sentAt).toISOString().slice(11, 16),
  };
}

function threadsOf(store: SimulatorStore, account: Account): Thread[] {
  const lastAt = (thread: Thread) =>
    Math.max(0, ...store.threadMessages(thread.id).map((message) => message.sentAt));
  return [...store.threads.values()]
    .filter(
      (thread) => thread.accountId === account.id && store.threadMessages(thread.id).length > 0,
    )
    .sort((left, right) => lastAt(right) - lastAt(left));
}

// TODO: no capture of the new-layout inbox exists; both layouts get the classic markup.
export function inboxPage(input: PageInput): string {
  const rows = threadsOf(input.store, input.account).map((thread) => {
    const other = input.store.requireMember(thread.otherMemberId);
    const messages = input.store.threadMessages(thread.id);
    const last = messages[messages.length - 1];
    const lastSender = input.store.requireMember(last.senderMemberId);
    const prefix = lastSender.id === input.account.memberId ? 'You' : lastSender.firstName;
    return html`<li class="msg-conversation-listitem msg-conversations-container__convo-item">
      <a class="msg-conversation-listitem__link" href="/messaging/thread/${thread.id}/"
        ><div class="msg-conversation-card__content--selectable">
          <h3 class="msg-conversation-listitem__participant-names">
            <span class="truncate">${other.fullName}</span>
          </h3>
          <time
            class="msg-conversation-listitem__time-stamp t-14"
            datetime="${new Date(last.sentAt).toISOString()}"
            >${new Date(last.sentAt).toISOString().slice(11, 16)}</time
          >
          <p class="msg-conversation-card__message-snippet">${prefix}: ${last.text.slice(0, 80)}</p>
        </div></a
      >
    </li>`;
  });
  const body = html`<section class="msg-conversations-container">
    <h1 class="t-16">Messaging</h1>
    <ul class="list-style-none msg-conversations-container__conversations-list">
      ${rows}
    </ul>
    ${rows.length === 0 ? html`<p class="msg-conversations-container__empty">No messages yet</p>` : ''}
  </section>`;
  return renderPage({
    title: 'Messaging',
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.messaging.Messaging',
  });
}

export function threadPage(input: PageInput & { thread: Thread }): string {
  const other = input.store.requireMember(input.thread.otherMemberId);
  const items = input.store.threadMessages(input.thread.id).map((message) => {
    const view = messageView(input.store, input.account, message);
    return html`<li class="msg-s-message-list__event" data-message-id="${view.id}">
      <div class="msg-s-event-listitem${view.mine ? '' : ' msg-s-event-listitem--other'}">
        <div class="msg-s-message-group__meta">
          <a class="msg-s-message-group__profile-link" href="${profilePath(view.senderSlug)}"
            ><span class="msg-s-message-group__name t-14 t-bold">${view.senderName}</span></a
          >
          <time class="msg-s-message-group__timestamp t-12" datetime="${view.sentAt}"
            >${view.time}</time
          >
        </div>
        <div class="msg-s-event-listitem__message-bubble">
          <p class="msg-s-event-listitem__body t-14">${view.text}</p>
        </div>
      </div>
    </li>`;
  });
  const body = html`<section class="msg-thread" data-thread-id="${input.thread.id}">
    <header class="msg-thread__header">
      <h2 class="msg-entity-lockup__entity-title">
        <a href="${profilePath(other.slug)}">${other.fullName}</a>
      </h2>
    </header>
    <div class="msg-s-message-list">
      <ul class="msg-s-message-list-content list-style-none">
        ${items}
      </ul>
    </div>
    <p><a href="/messaging/thread/new/?recipient=${other.profileId}">Reply</a></p>
  </section>`;
  return renderPage({
    title: `${other.fullName} | Messaging`,
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.messaging.Messaging',
  });
}

/** `/messaging/compose/?recipient=…`: the inbox with the composer overlay opened. */
export function composePage(input: PageInput & { recipient: string }): string {
  const recipient = input.recipient.replace(/^urn:li:fsd_profile:/, '');
  const inbox = inboxPage(input);
  const autostart = raw(
    `<script id="sim-autostart" type="application/json">${JSON.stringify({ compose: `recipient=${encodeURIComponent(recipient)}` })}</script>`,
  );
  // Insert the autostart marker before the page script so that it runs on load.
  return inbox.replace('<script id="sim-context"', `${autostart.text}<script id="sim-context"`);
}
