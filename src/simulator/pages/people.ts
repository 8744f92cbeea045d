import type { Account, Member } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, type Html } from './html';

/** What the viewer can do with a person, as LinkedIn shows it. */
export type PersonState =
  'self' | 'connected' | 'pending' | 'connect' | 'follow-first' | 'follow-only' | 'more';

export function personState(store: SimulatorStore, account: Account, member: Member): PersonState {
  if (member.id === account.memberId) return 'self';
  const relationship = store.relationship(account, member);
  if (relationship.degree === '1st') return 'connected';
  if (store.pendingInvitation(account.id, member.id)) return 'pending';
  if (relationship.connectVia === 'follow-first') return 'follow-first';
  if (relationship.connectVia === 'follow-only') return 'follow-only';
  if (relationship.connectVia === 'more') return 'more';
  return 'connect';
}

export function degreeLabel(store: SimulatorStore, account: Account, member: Member): string {
  return store.relationship(account, member).degree;
}

export function composeHref(member: Member): string {
  const urn = encodeURIComponent(`urn:li:fsd_profile:${member.profileId}`);
  return `/messaging/compose/?profileUrn=${urn}&recipient=${member.profileId}&screenContext=NON_SELF_PROFILE_VIEW&interop=msgOverlay`;
}

export function invitePath(kind: 'search' | 'profile', member: Member): string {
  const base = kind === 'search' ? '/preload/search-custom-invite/' : '/preload/custom-invite/';
  return `${base}?vanityName=${encodeURIComponent(member.slug)}`;
}

let emberCounter = 100;
function emberId(): string {
  emberCounter = emberCounter > 99_000 ? 100 : emberCounter + 1;
  return `ember${emberCounter}`;
}

function classicButton(
  label: string,
  text: string,
  action: string,
  member: Member,
  primary = false,
): Html {
  const style = primary ? 'artdeco-button--primary' : 'artdeco-button--secondary';
  return html`<button
    aria-label="${label}"
    id="${emberId()}"
    class="artdeco-button artdeco-button--2 ${style} ember-view"
    type="button"
    data-sim-action="${action}"
    data-sim-target="${member.slug}"
  >
    <span class="artdeco-button__text">${text}</span>
  </button>`;
}

export function classicPendingButton(member: Member): Html {
  return classicButton(
    `Pending, click to withdraw invitation sent to ${member.fullName}`,
    'Pending',
    'pending',
    member,
  );
}

/** Connect is primary in a profile's top card and secondary in search rows and side rails. */
export function classicConnectButton(member: Member, primary = true): Html {
  return classicButton(
    `Invite ${member.fullName} to connect`,
    'Connect',
    'connect',
    member,
    primary,
  );
}

/** The single action of a classic search row. */
export function classicSearchAction(state: PersonState, member: Member): Html {
  switch (state) {
    case 'connect':
      return classicConnectButton(member, false);
    case 'pending':
      return classicPendingButton(member);
    case 'connected':
      return classicButton(`Send a message to ${member.fullName}`, 'Message', 'message', member);
    case 'follow-first':
    case 'follow-only':
      return classicButton(`Follow ${member.fullName}`, 'Follow', 'follow', member);
    case 'more':
      return classicButton(`Message ${member.fullName}`, 'Message', 'message', member);
    case 'self':
      return html``;
  }
}

function componentKey(member: Member, suffix: string): string {
  return `auto-component-${member.profileId.slice(5, 17)}_${suffix}`;
}

export function newPendingButton(member: Member): Html {
  return html`<button
    type="button"
    componentkey="${componentKey(member, 'pending')}"
    aria-label="Pending, click to withdraw invitation sent to ${member.fullName}"
    data-sim-action="pending"
    data-sim-target="${member.slug}"
  >
    <span
      ><div><span>Pending</span></div></span
    >
  </button>`;
}

export function newConnectLink(kind: 'search' | 'profile', member: Member): Html {
  return html`<a
    aria-disabled="false"
    href="${invitePath(kind, member)}"
    componentkey="${componentKey(member, 'connect')}"
    aria-label="Invite ${member.fullName} to connect"
    data-sim-target="${member.slug}"
    ><span
      ><svg aria-hidden="true" width="16" height="16"></svg>
      <div><span>Connect</span></div></span
    ></a
  >`;
}

export function newMessageLink(member: Member, label: string | null): Html {
  return html`<a
    aria-disabled="false"
    href="${composeHref(member)}"
    componentkey="${componentKey(member, 'message')}"
    ${label ? html` aria-label="${label}"` : ''}
    ><span><span>Message</span></span></a
  >`;
}

/** Follow toggles: once pressed it reads "Following" and keeps its label. */
export function newFollowButton(member: Member, following = false): Html {
  return html`<button
    type="button"
    componentkey="${componentKey(member, 'follow')}"
    aria-label="Follow ${member.fullName}"
    aria-pressed="${following ? 'true' : 'false'}"
    data-sim-action="follow"
    data-sim-target="${member.slug}"
  >
    <span
      ><div><span>${following ? 'Following' : 'Follow'}</span></div></span
    >
  </button>`;
}

/** The single action of a new-layout search row. */
export function newSearchAction(state: PersonState, member: Member): Html {
  switch (state) {
    case 'connect':
      return newConnectLink('search', member);
    case 'pending':
      return newPendingButton(member);
    case 'connected':
      return newMessageLink(member, `Send a message to ${member.fullName}`);
    case 'follow-first':
    case 'follow-only':
      return newFollowButton(member);
    case 'more':
      return newMessageLink(member, `Message ${member.fullName}`);
    case 'self':
      return html``;
  }
}

export function personLinkPath(member: Member): string {
  return profilePath(member.slug);
}
