import type { Account, Member } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, raw, type Html } from './html';
import {
  classicConnectButton,
  classicPendingButton,
  classicSearchAction,
  degreeLabel,
  invitePath,
  newConnectLink,
  newFollowButton,
  newMessageLink,
  newPendingButton,
  personState,
  type PersonState,
} from './people';
import { renderPage, type Viewer } from './shell';

export interface ProfilePageInput {
  store: SimulatorStore;
  account: Account;
  viewer: Viewer;
  member: Member;
  /** Open the invite dialog on load (the `/preload/custom-invite/` URL). */
  autostartInvite?: boolean;
}

// LinkedIn's "More profiles for you" rail shows about half a dozen people.
const SIDEBAR_PEOPLE = 6;

function connectionsText(member: Member): string {
  return member.connections >= 500 ? '500+ connections' : `${member.connections} connections`;
}

function sidebarMembers(store: SimulatorStore, member: Member, account: Account): Member[] {
  const others = [...store.members.values()].filter(
    (other) => other.id !== member.id && other.id !== account.memberId,
  );
  const picked: Member[] = [];
  for (let index = 0; picked.length < SIDEBAR_PEOPLE && index < others.length; index++) {
    const candidate = others[(member.id * 31 + index * 17) % others.length];
    if (!picked.includes(candidate)) picked.push(candidate);
  }
  return picked;
}

function classicMenu(state: PersonState, member: Member): Html {
  const connectItem =
    state === 'follow-first' || state === 'more'
      ? html`<li>
          <div
            role="button"
            tabindex="0"
            aria-label="Invite ${member.fullName} to connect"
            class="artdeco-dropdown__item artdeco-dropdown__item--is-dropdown ember-view full-width display-flex align-items-center"
            data-sim-action="menu-connect"
            data-sim-target="${member.slug}"
          >
            <span class="display-flex t-normal flex-1" aria-hidden="true">Connect</span>
          </div>
        </li>`
      : '';
  const followItem =
    state === 'more' || state === 'connect'
      ? html`<li>
          <div
            role="button"
            tabindex="0"
            aria-label="Follow ${member.fullName}"
            class="artdeco-dropdown__item"
            data-sim-action="follow"
            data-sim-target="${member.slug}"
          >
            <span aria-hidden="true">Follow</span>
          </div>
        </li>`
      : '';
  return html`<template data-sim-menu
    ><div class="artdeco-dropdown__content artdeco-dropdown__content--is-open" role="menu">
      <div class="artdeco-dropdown__content-inner">
        <ul>
          <li>
            <div
              role="button"
              tabindex="0"
              aria-label="Send profile in a message"
              class="artdeco-dropdown__item"
            >
              <span aria-hidden="true">Send profile in a message</span>
            </div>
          </li>
          <li>
            <div role="button" tabindex="0" aria-label="Save to PDF" class="artdeco-dropdown__item">
              <span aria-hidden="true">Save to PDF</span>
            </div>
          </li>
          ${followItem}${connectItem}
          <li>
            <div
              role="button"
              tabindex="0"
              aria-label="Report or block"
              class="artdeco-dropdown__item"
            >
              <span aria-hidden="true">Report / Block</span>
            </div>
          </li>
        </ul>
      </div>
    </div></template
  >`;
}

function classicActions(state: PersonState, member: Member, following: boolean): Html {
  const message = html`<button
    aria-label="Message ${member.firstName}"
    class="artdeco-button artdeco-button--2 artdeco-button--secondary pvs-profile-actions__action"
    type="button"
    data-sim-action="message"
    data-sim-target="${member.slug}"
  >
    <span class="artdeco-button__text">Message</span>
  </button>`;
  const follow = html`<button
    aria-label="Follow ${member.fullName}"
    class="artdeco-button artdeco-button--2 artdeco-button--primary pvs-profile-actions__action"
    type="button"
    aria-pressed="${following ? 'true' : 'false'}"
    data-sim-action="follow"
    data-sim-target="${member.slug}"
  >
    <span class="artdeco-button__text">${following ? 'Following' : 'Follow'}</span>
  </button>`;
  let primary: Html[];
  switch (state) {
    case 'connect':
      primary = [classicConnectButton(member), message];
      break;
    case 'pending':
      primary = [classicPendingButton(member), message];
      break;
    case 'connected':
      primary = [message];
      break;
    case 'follow-first':
    case 'follow-only':
      primary = [follow];
      break;
    case 'more':
      primary = [message];
      break;
    case 'self':
      return html`<a
        class="artdeco-button"
        href="/in/${encodeURIComponent(member.slug)}/edit/intro/"
        >Edit profile</a
      >`;
  }
  return html`${primary}
    <div class="artdeco-dropdown artdeco-dropdown--placement-bottom">
      <button
        aria-label="More actions"
        aria-expanded="false"
        class="artdeco-dropdown__trigger artdeco-button artdeco-button--secondary artdeco-button--muted artdeco-button--2 pvs-profile-actions__action"
        type="button"
        data-sim-action="more"
      >
        <span class="artdeco-button__text">More</span></button
      >${classicMenu(state, member)}
    </div>`;
}

function classicSidebar(input: ProfilePageInput): Html {
  const items = sidebarMembers(input.store, input.member, input.account).map((other) => {
    const action = classicSearchAction(personState(input.store, input.account, other), other);
    return html`<li class="artdeco-list__item pvs-list__item--line-separated">
      <div class="display-flex flex-column">
        <a class="optional-action-target-wrapper" href="${profilePath(other.slug)}"
          ><span aria-hidden="true">${other.fullName}</span
          ><span class="visually-hidden">${other.fullName}</span></a
        >
        <div class="t-14 t-normal"><span aria-hidden="true">${other.headline}</span></div>
        <div class="pvs-profile-actions">${action}</div>
      </div>
    </li>`;
  });
  return html`<aside class="scaffold-layout__aside" aria-label="Side Bar">
    <section class="artdeco-card pv-profile-card">
      <h2 class="t-16 t-black t-bold">More profiles for you</h2>
      <ul class="pvs-list">
        ${items}
      </ul>
    </section>
  </aside>`;
}

function classicProfile(input: ProfilePageInput, state: PersonState): Html {
  const { member } = input;
  const degree = degreeLabel(input.store, input.account, member);
  const following = input.store.isFollowing(input.account, member);
  return html`<div class="scaffold-layout__main">
      <section class="artdeco-card pv-top-card" data-member-id="${member.id}">
        <div class="pv-top-card__non-self-photo-wrapper">
          <img
            class="pv-top-card-profile-picture__image"
            alt="${member.fullName}"
            width="160"
            height="160"
          />
        </div>
        <div class="ph5">
          <div class="mt2 relative">
            <div>
              <div>
                <span
                  ><a href="${profilePath(member.slug)}overlay/about-this-profile/"
                    ><h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">
                      ${member.fullName}
                    </h1></a
                  ></span
                >
                ${state === 'self' ? '' : html`<span class="distance-badge separator"><span class="visually-hidden">${degree} degree connection</span><span class="dist-value" aria-hidden="true">${degree === '3rd' ? '3rd+' : degree}</span></span>`}
              </div>
              <div class="text-body-medium break-words">${member.headline}</div>
            </div>
            <div class="mt2">
              <span class="text-body-small inline t-black--light break-words"
                >${member.location}</span
              >
            </div>
            <ul class="pv-top-card--list">
              <li class="text-body-small">
                <span class="t-bold">${connectionsText(member)}</span>
              </li>
            </ul>
          </div>
          <div class="pvs-profile-actions">${classicActions(state, member, following)}</div>
        </div>
      </section>
      <div class="pv-profile-sticky-header-v2__container">
        <div class="pv-profile-sticky-header-v2__name">${member.fullName}</div>
        <div
          class="pv-profile-sticky-header-v2__actions-container pvs-sticky-header-profile-actions"
        >
          ${classicActions(state, member, following)}
        </div>
      </div>
      <section class="artdeco-card">
        <h2>About</h2>
        <p>${member.headline}. Based in ${member.location}.</p>
      </section>
    </div>
    ${classicSidebar(input)}`;
}

function newMenu(state: PersonState, member: Member): Html {
  const connectItem =
    state === 'follow-first' || state === 'more'
      ? html`<a role="menuitem" tabindex="0" href="${invitePath('profile', member)}"
          ><div aria-label="Invite ${member.fullName} to connect"><p>Connect</p></div></a
        >`
      : '';
  return html`<template data-sim-menu
    ><div role="menu" aria-orientation="vertical">
      <a
        role="menuitem"
        tabindex="-1"
        href="/in/${encodeURIComponent(member.slug)}/overlay/send-profile/"
        ><div><p>Send profile in a message</p></div></a
      >${connectItem}<a
        role="menuitem"
        tabindex="-1"
        href="/in/${encodeURIComponent(member.slug)}/overlay/save-pdf/"
        ><div><p>Save to PDF</p></div></a
      ><a
        role="menuitem"
        tabindex="-1"
        href="/in/${encodeURIComponent(member.slug)}/overlay/about-this-profile/"
        ><div><p>About this profile</p></div></a
      >
    </div></template
  >`;
}

function newActionRow(
  state: PersonState,
  member: Member,
  moreLabelled: boolean,
  following: boolean,
): Html {
  const more = html`<div data-display-contents="true">
    <button
      type="button"
      componentkey="more-${member.profileId.slice(5, 13)}"
      ${moreLabelled ? raw(' aria-label="More"') : ''}
      aria-expanded="false"
      data-sim-action="more"
    >
      <span><span>${moreLabelled ? '' : 'More'}</span></span></button
    >${newMenu(state, member)}
  </div>`;
  const message = html`<div data-display-contents="true">${newMessageLink(member, null)}</div>`;
  let primary: Html[];
  switch (state) {
    case 'connect':
      primary = [
        html`<div data-display-contents="true">${newConnectLink('profile', member)}</div>`,
        message,
      ];
      break;
    case 'pending':
      primary = [
        html`<div data-display-contents="true">${newPendingButton(member)}</div>`,
        message,
      ];
      break;
    case 'connected':
    case 'more':
      primary = [message];
      break;
    case 'follow-first':
    case 'follow-only':
      primary = [
        html`<div data-display-contents="true">${newFollowButton(member, following)}</div>`,
      ];
      break;
    case 'self':
      return html`<div>
        <a href="/in/${encodeURIComponent(member.slug)}/edit/intro/">Edit profile</a>
      </div>`;
  }
  return html`<div>
    <div><div>${primary}${more}</div></div>
  </div>`;
}

/** A rail person's action: Connect and Follow are buttons here, not the profile's invite link. */
function newRailAction(state: PersonState, other: Member): Html {
  switch (state) {
    case 'connect':
    case 'more':
      return html`<button
        type="button"
        componentkey="${railKey(other, 'connect')}"
        aria-label="Invite ${other.fullName} to connect"
        data-sim-action="connect"
        data-sim-target="${other.slug}"
      >
        <span
          ><svg aria-hidden="true"></svg>
          <div><span>Connect</span></div></span
        >
      </button>`;
    case 'pending':
      return newPendingButton(other);
    case 'follow-first':
    case 'follow-only':
      return newFollowButton(other);
    case 'connected':
      return newMessageLink(other, `Message ${other.fullName}`);
    case 'self':
      return html``;
  }
}

function railKey(member: Member, suffix: string): string {
  return `rail-${member.profileId.slice(5, 17)}_${suffix}`;
}

function newSidebar(input: ProfilePageInput): Html {
  const items = sidebarMembers(input.store, input.member, input.account).map((other) => {
    const state = personState(input.store, input.account, other);
    const degree = degreeLabel(input.store, input.account, other);
    return html`<div>
        <div>
          <div data-display-contents="true">
            <a tabindex="0" href="${profilePath(other.slug)}"
              ><figure aria-hidden="true"><img alt="" /></figure
            ></a>
            <div>
              <div>
                <p><a href="${profilePath(other.slug)}">${other.fullName}</a></p>
              </div>
              <p>· ${degree === '3rd' ? '3rd' : degree}</p>
            </div>
            <div><p>${other.headline}</p></div>
          </div>
        </div>
        <div>
          <div data-display-contents="true">${newRailAction(state, other)}</div>
        </div>
      </div>
      <hr role="presentation" />`;
  });
  return html`<aside componentkey="profileAsideBrowsemap${input.member.slug}">
    <section componentkey="com.linkedin.sdui.profile.card.BrowseMap">
      <div><h3>More profiles for you</h3></div>
      <div>${items}</div>
      <div>
        <a
          aria-disabled="false"
          href="${profilePath(input.member.slug)}overlay/browsemap-recommendations/"
          aria-label="Show all more profiles for you"
          ><span><span>Show all</span></span></a
        >
      </div>
    </section>
  </aside>`;
}

function newTopCardMutual(member: Member): Html {
  const search = `/search/results/people/?origin=MEMBER_PROFILE_CANNED_SEARCH&network=%5B%22F%22%5D&connectionOf=%5B%22${member.profileId}%22%5D`;
  return html`<a tabindex="0" href="${search}"
    ><div>
      <ul role="presentation">
        <li>
          <figure aria-hidden="true"><img alt="" /></figure>
        </li>
      </ul>
      <div>
        <p>
          <a href="${search}" target="_blank"
            ><strong>${(member.id % 23) + 2} mutual connections</strong></a
          >
        </p>
      </div>
    </div></a
  >`;
}

// The Activity card has its own Follow button for the same person, outside the top card.
function newActivity(input: ProfilePageInput): Html {
  const { member } = input;
  const following = input.store.isFollowing(input.account, member);
  return html`<section componentkey="com.linkedin.sdui.profile.card.ref${member.slug}Activity">
    <div>
      <h2>Activity</h2>
      <div><p>${member.followers.toLocaleString('en-US')} followers</p></div>
    </div>
    <div data-display-contents="true">${newFollowButton(member, following)}</div>
    <div>
      <p>${member.firstName} has no recent posts</p>
      <p>Recent posts ${member.firstName} shares will be displayed here.</p>
    </div>
  </section>`;
}

function newProfile(input: ProfilePageInput, state: PersonState): Html {
  const { member } = input;
  const degree = degreeLabel(input.store, input.account, member);
  const following = input.store.isFollowing(input.account, member);
  const degreeText = degree === '3rd' ? '3rd+' : degree;
  return html`<div>
      <section componentkey="com.linkedin.sdui.profile.card.ref${member.profileId}Topcard">
        <div>
          <a
            tabindex="0"
            href="${profilePath(member.slug)}"
            componentkey="photo-${member.profileId.slice(5, 13)}"
            ><div aria-label="Profile photo">
              <figure aria-hidden="true"><img alt="" /></figure></div
          ></a>
          <div>
            <div aria-expanded="false" aria-haspopup="dialog">
              <div data-display-contents="true">
                <a tabindex="0" href="${profilePath(member.slug)}"
                  ><div>
                    <div><h2>${member.fullName}</h2></div>
                  </div></a
                >
              </div>
            </div>
            ${
              state === 'self'
                ? ''
                : html`<div class="_9a0467e1" data-display-contents="true"><p>· 1st</p></div>
                    <p>· ${degreeText}</p>`
            }
          </div>
          <p>${member.headline}</p>
          <p>${member.company || member.headline}</p>
          <div>
            <p>${member.location}</p>
            <p>·</p>
            <p><a href="${profilePath(member.slug)}overlay/contact-info/">Contact info</a></p>
          </div>
          <p>${connectionsText(member)}</p>
          ${state === 'self' || state === 'connected' ? '' : newTopCardMutual(member)}
          <div data-display-contents="true">
            ${newActionRow(state, member, false, following)}${newActionRow(
              state,
              member,
              true,
              following,
            )}
          </div>
        </div>
      </section>
      <section componentkey="com.linkedin.sdui.profile.card.ref${member.profileId}About">
        <h2>About</h2>
        <p>${member.headline}. Based in ${member.location}.</p>
      </section>
      ${state === 'self' ? '' : newActivity(input)}
    </div>
    ${newSidebar(input)}`;
}

export function profilePage(input: ProfilePageInput): string {
  const state = personState(input.store, input.account, input.member);
  const autostart =
    input.autostartInvite && (state === 'connect' || state === 'more' || state === 'follow-first')
      ? raw(
          `<script id="sim-autostart" type="application/json">${JSON.stringify({ invite: input.member.slug }).replace(/</g, '\\u003c')}</script>`,
        )
      : '';
  const body =
    input.viewer.layout === 'classic' ? classicProfile(input, state) : newProfile(input, state);
  return renderPage({
    title: input.member.fullName,
    viewer: input.viewer,
    body: html`${body}${autostart}`,
    screen: 'com.linkedin.sdui.flagshipnav.profile.Profile',
  });
}
