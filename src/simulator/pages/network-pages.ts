import type { Account } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, raw } from './html';
import { renderPage, type Viewer } from './shell';

const SENT_PER_PAGE = 10;

interface PageInput {
  store: SimulatorStore;
  account: Account;
  viewer: Viewer;
}

function ageText(sentAt: number, now: number): string {
  const days = Math.floor((now - sentAt) / (24 * 3600 * 1000));
  if (days < 1) return 'Sent today';
  if (days < 7) return `Sent ${days} day${days === 1 ? '' : 's'} ago`;
  const weeks = Math.floor(days / 7);
  return `Sent ${weeks} week${weeks === 1 ? '' : 's'} ago`;
}

function connectedAgo(since: number, now: number): string {
  const minutes = Math.max(1, Math.floor((now - since) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  const weeks = Math.floor(days / 7);
  if (days < 30) return `${weeks} week${weeks === 1 ? '' : 's'} ago`;
  const months = Math.floor(days / 30);
  if (days < 365) return `${months} month${months === 1 ? '' : 's'} ago`;
  const years = Math.floor(days / 365);
  return `${years} year${years === 1 ? '' : 's'} ago`;
}

function connectedOn(since: number): string {
  return new Date(since).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** One page of sent-invitation rows as HTML (for the first render and "Load more"). */
export function sentInvitationRows(
  store: SimulatorStore,
  account: Account,
  _viewer: Viewer,
  start: number,
) {
  const all = store.shownPendingInvitations(account.id);
  const rows = all.slice(start, start + SENT_PER_PAGE).map((invitation) => {
    const member = store.requireMember(invitation.toMemberId);
    const link = profilePath(member.slug);
    return html`<div>
      <div role="listitem" componentkey="auto-component-sent-${invitation.id}">
        <div>
          <a href="${link}" tabindex="0"
            ><div>
              <figure><img alt="${member.fullName}’s profile photo" /></figure></div
          ></a>
          <div>
            <div>
              <p>${member.fullName}</p>
              <div>
                <p><span>${member.headline}</span></p>
              </div>
              <div>
                <p><span>${ageText(invitation.sentAt, store.now())}</span></p>
              </div>
            </div>
          </div>
          <div>
            <button
              type="button"
              data-view-name="sent-invitations-withdraw-single"
              aria-label="Withdraw invitation sent to ${member.fullName}"
              data-sim-action="withdraw-row"
              data-sim-target="${member.slug}"
              data-sim-name="${member.fullName}"
            >
              <span><span>Withdraw</span></span>
            </button>
          </div>
        </div>
      </div>
    </div>`;
  });
  const nextStart = start + SENT_PER_PAGE < all.length ? start + SENT_PER_PAGE : null;
  return { html: html`${rows}`.text, nextStart, total: all.length };
}

export function sentInvitationsPage(input: PageInput): string {
  const first = sentInvitationRows(input.store, input.account, input.viewer, 0);
  const body = html`<section>
    <header>
      <h1>Manage invitations</h1>
      <nav>
        <a href="/mynetwork/invitation-manager/">Received</a>
        <a href="/mynetwork/invitation-manager/sent/" aria-current="page">Sent</a>
      </nav>
      <h2 data-sim-people-count="${first.total}">People (${first.total})</h2>
    </header>
    <div role="list" data-sim-sent-list>${raw(first.html)}</div>
    ${first.nextStart !== null ? html`<button type="button" data-sim-action="load-more-sent" data-sim-start="${first.nextStart}"><span>Load more</span></button>` : ''}
    ${first.total === 0 ? html`<p>No pending invitations</p>` : ''}
  </section>`;
  return renderPage({
    title: 'Sent invitations',
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.mynetwork.InvitationManagerSent',
  });
}

export function connectionsPage(input: PageInput): string {
  const { store, account } = input;
  // "Recently added" first, as LinkedIn sorts the list by default.
  const connections = [...store.members.values()]
    .filter(
      (member) =>
        member.id !== account.memberId && store.relationship(account, member).degree === '1st',
    )
    .map((member) => ({ member, since: store.connectedSince(account, member) }))
    .sort((left, right) => right.since - left.since || left.member.id - right.member.id);
  const count = connections.length;
  if (input.viewer.layout === 'classic') {
    const cards = connections.map(({ member, since }) => {
      const link = profilePath(member.slug);
      return html`<li class="mn-connection-card artdeco-list__item">
        <a class="mn-connection-card__picture" href="${link}"><img alt="${member.fullName}" /></a>
        <a class="mn-connection-card__link ember-view" href="${link}"
          ><span class="visually-hidden">Member’s name</span
          ><span class="mn-connection-card__name t-16 t-black t-bold">${member.fullName}</span
          ><span class="visually-hidden">Member’s occupation</span
          ><span class="mn-connection-card__occupation t-14 t-black--light t-normal"
            >${member.headline}</span
          ></a
        >
        <time class="time-badge t-12 t-black--light t-normal"
          >Connected ${connectedAgo(since, store.now())}</time
        >
        <div class="mn-connection-card__action-container">
          <button
            class="artdeco-button artdeco-button--2 artdeco-button--secondary"
            aria-label="Send a message to ${member.fullName}"
            type="button"
            data-sim-action="message"
            data-sim-target="${member.slug}"
          >
            <span class="artdeco-button__text">Message</span>
          </button>
        </div>
      </li>`;
    });
    const body = html`<section class="mn-connections">
      <header class="mn-connections__header">
        <h1 class="t-18">${count} Connection${count === 1 ? '' : 's'}</h1>
      </header>
      <ul class="mn-connections__list">
        ${cards}
      </ul>
    </section>`;
    return renderPage({ title: 'Connections', viewer: input.viewer, body });
  }
  const items = connections.map(({ member, since }) => {
    const link = profilePath(member.slug);
    return html`<div role="listitem">
      <a href="${link}"
        ><figure><img alt="" /></figure
      ></a>
      <div>
        <p><a href="${link}">${member.fullName}</a></p>
        <p>${member.headline}</p>
        <p>Connected on ${connectedOn(since)}</p>
      </div>
    </div>`;
  });
  const body = html`<section componentkey="ConnectionsPage_ConnectionsList">
    <p>${count} connection${count === 1 ? '' : 's'}</p>
    <div role="list">${items}</div>
  </section>`;
  return renderPage({
    title: 'Connections',
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.mynetwork.Connections',
  });
}
