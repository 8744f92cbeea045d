import type { Layout, Member } from '../state/model';
import { CLIENT_SCRIPT } from './client-script';
import { html, profilePath, raw, type Html } from './html';

export interface Viewer {
  layout: Layout;
  member: Member;
  premium: boolean;
}

export interface ShellOptions {
  title: string;
  viewer: Viewer | null;
  body: Html;
  /** The `data-sdui-screen` value of a new-layout page. */
  screen?: string;
}

function head(title: string): Html {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} | LinkedIn</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <style>
          body {
            font-family: -apple-system, system-ui, sans-serif;
            margin: 0;
            background: #f4f2ee;
            font-size: 14px;
          }
          main {
            max-width: 1128px;
            margin: 16px auto;
            background: #fff;
            padding: 16px;
          }
          .artdeco-modal-overlay {
            position: fixed;
            inset: 0;
            background: rgba(0, 0, 0, 0.6);
            display: flex;
            align-items: center;
            justify-content: center;
            z-index: 1000;
          }
          .artdeco-modal {
            background: #fff;
            padding: 16px;
            min-width: 420px;
            max-width: 560px;
            border-radius: 8px;
          }
          .artdeco-modal__content {
            max-height: 420px;
            overflow-y: auto;
          }
          .msg-overlay-conversation-bubble {
            position: fixed;
            right: 16px;
            bottom: 0;
            width: 340px;
            background: #fff;
            border: 1px solid #ccc;
            z-index: 900;
          }
          .msg-form__contenteditable {
            min-height: 40px;
            border: 1px solid #ccc;
            padding: 4px;
          }
          .artdeco-toasts {
            position: fixed;
            left: 16px;
            bottom: 16px;
            z-index: 2000;
          }
          [role='menu'] {
            border: 1px solid #ccc;
            background: #fff;
            padding: 4px;
          }
          ._9a0467e1 {
            display: none;
          }
          .visually-hidden {
            position: absolute;
            width: 1px;
            height: 1px;
            overflow: hidden;
            clip: rect(0 0 0 0);
          }
        </style>
      </head>
    </html>`;
}

function classicNav(viewer: Viewer): Html {
  return html`<header
    id="global-nav"
    class="global-nav global-alert-offset-top"
    aria-label="Global Navigation"
  >
    <div class="global-nav__content">
      <a class="global-nav__logo" href="/feed/" aria-label="LinkedIn"></a>
      <div id="global-nav-search" class="global-nav__search">
        <input
          class="search-global-typeahead__input"
          placeholder="Search"
          aria-label="Search"
          role="combobox"
        />
      </div>
      <nav class="global-nav__nav" aria-label="Primary Navigation">
        <ul class="global-nav__primary-items">
          <li class="global-nav__primary-item">
            <a
              class="app-aware-link global-nav__primary-link"
              href="/feed/?nis=true&amp;"
              data-test-app-aware-link
              ><span class="t-12 global-nav__primary-link-text" title="Home">Home</span></a
            >
          </li>
          <li class="global-nav__primary-item">
            <a
              class="app-aware-link global-nav__primary-link"
              href="/mynetwork/?"
              data-test-app-aware-link
              ><span class="t-12 global-nav__primary-link-text" title="My Network"
                >My Network</span
              ></a
            >
          </li>
          <li class="global-nav__primary-item">
            <a
              class="app-aware-link global-nav__primary-link"
              href="/jobs/?"
              data-test-app-aware-link
              ><span class="t-12 global-nav__primary-link-text" title="Jobs">Jobs</span></a
            >
          </li>
          <li class="global-nav__primary-item">
            <a
              class="app-aware-link global-nav__primary-link"
              href="/messaging/?"
              data-test-app-aware-link
              ><span class="t-12 global-nav__primary-link-text" title="Messaging"
                >Messaging</span
              ></a
            >
          </li>
          <li class="global-nav__primary-item">
            <a
              class="app-aware-link global-nav__primary-link"
              href="/notifications/?"
              data-test-app-aware-link
              ><span class="t-12 global-nav__primary-link-text" title="Notifications"
                >Notifications</span
              ></a
            >
          </li>
          <li class="global-nav__primary-item">
            <div
              class="global-nav__me artdeco-dropdown artdeco-dropdown--placement-bottom artdeco-dropdown--justification-left ember-view"
            >
              <button
                class="global-nav__primary-link global-nav__primary-link-me-menu-trigger artdeco-dropdown__trigger artdeco-dropdown__trigger--placement-bottom ember-view"
                aria-expanded="false"
                type="button"
                tabindex="0"
                data-sim-action="me-menu"
              >
                <img
                  class="global-nav__me-photo evi-image ember-view"
                  width="24"
                  height="24"
                  alt="${viewer.member.fullName}"
                /><span class="t-12 global-nav__primary-link-text">Me</span>
              </button>
              <div
                tabindex="-1"
                aria-hidden="true"
                class="global-nav__me-content artdeco-dropdown__content artdeco-dropdown--is-dropdown-element artdeco-dropdown__content--justification-right artdeco-dropdown__content--placement-bottom ember-view"
              >
                <!---->${classicMeMenu(viewer)}
              </div>
            </div>
          </li>
        </ul>
      </nav>
    </div>
  </header>`;
}

// The Me menu is rendered only when opened, so the own-profile link is absent until then.
function classicMeMenu(viewer: Viewer): Html {
  const link = profilePath(viewer.member.slug);
  return html`<template data-sim-me
    ><header class="global-nav__me-profile-info">
      <a class="ember-view" href="${link}"
        ><div class="artdeco-entity-lockup artdeco-entity-lockup--size-4">
          <div class="artdeco-entity-lockup__title">${viewer.member.fullName}</div>
          <div class="artdeco-entity-lockup__subtitle">${viewer.member.headline}</div>
        </div></a
      >
      <a
        class="artdeco-button artdeco-button--secondary artdeco-button--1 artdeco-button--full global-nav__me-view-profile-link"
        href="${link}"
        >View Profile</a
      >
    </header>
    <ul class="global-nav__secondary-items">
      <li>
        <h3 class="global-nav__secondary-title">Account</h3>
        <a class="global-nav__secondary-link" href="/mypreferences/d/categories/account"
          >Settings &amp; Privacy</a
        >
      </li>
      <li>
        <h3 class="global-nav__secondary-title">Manage</h3>
        <a class="global-nav__secondary-link" href="${link}recent-activity/all/"
          >Posts &amp; Activity</a
        >
      </li>
      <li><a class="global-nav__secondary-link" href="/m/logout/">Sign Out</a></li>
    </ul></template
  >`;
}

function newMeMenu(viewer: Viewer): Html {
  const link = profilePath(viewer.member.slug);
  return html`<template data-sim-me
    ><div role="menu" aria-label="Me">
      <a role="menuitem" tabindex="0" href="${link}"
        ><div>
          <figure aria-hidden="true"><img alt="" /></figure>
          <div>
            <p>${viewer.member.fullName}</p>
            <p>${viewer.member.headline}</p>
          </div>
        </div></a
      ><a role="menuitem" tabindex="-1" href="${link}" aria-label="View profile"
        ><span><span>View profile</span></span></a
      ><a role="menuitem" tabindex="-1" href="/mypreferences/d/categories/account"
        ><p>Settings &amp; Privacy</p></a
      ><a role="menuitem" tabindex="-1" href="/m/logout/"><p>Sign Out</p></a>
    </div></template
  >`;
}

function newNav(viewer: Viewer): Html {
  return html`<div data-testid="primary-nav">
    <div>
      <div role="search" data-expanded="false">
        <input
          data-testid="typeahead-input"
          autocomplete="off"
          dir="auto"
          placeholder="Search"
          componentkey="SearchResults_SearchTyahInputRef"
        />
      </div>
      <nav componentkey="primaryNavLinksComponentRef">
        <ul>
          <li>
            <a href="/feed/" aria-label="Home, 0 new notifications"
              ><span><span>Home</span></span></a
            >
          </li>
          <li>
            <a href="/mynetwork/" aria-label="My Network, 0 new notifications"
              ><span><span>My Network</span></span></a
            >
          </li>
          <li>
            <a href="/jobs/" aria-label="Jobs, 0 new notifications"
              ><span><span>Jobs</span></span></a
            >
          </li>
          <li>
            <a href="/messaging/" aria-label="Messaging, 0 new notifications"
              ><span><span>Messaging</span></span></a
            >
          </li>
          <li>
            <a href="/notifications/" aria-label="Notifications, 0 new notifications"
              ><span><span>Notifications</span></span></a
            >
          </li>
          <li>
            <button aria-expanded="false" data-sim-action="me-menu">
              <span
                ><figure aria-hidden="true"><img alt="" data-loaded="true" /></figure></span
              ><span><span>Me</span></span></button
            >${newMeMenu(viewer)}
          </li>
        </ul>
      </nav>
      ${
        viewer.premium
          ? ''
          : html`<a href="/premium/products/"
              ><div><p>Try Premium for $0</p></div></a
            >`
      }
    </div>
  </div>`;
}

function toastsContainer(): Html {
  return html`<div id="artdeco-toasts__wormhole">
    <section id="artdeco-toasts" class="artdeco-toasts" aria-label="Toast message">
      <header class="artdeco-toasts__header visually-hidden"><h2>Toast message</h2></header>
      <ul class="artdeco-toasts_toasts"></ul>
    </section>
  </div>`;
}

/** The `/voyager/api/me` answer, as the page script and the code block of classic pages hold it. */
export function voyagerMe(viewer: Viewer) {
  const member = viewer.member;
  return {
    data: {
      plainId: member.id,
      premiumSubscriber: viewer.premium,
      '*miniProfile': `urn:li:fs_miniProfile:${member.profileId}`,
      $type: 'com.linkedin.voyager.common.Me',
    },
    included: [
      {
        firstName: member.firstName,
        lastName: member.lastName,
        occupation: member.headline,
        publicIdentifier: member.slug,
        entityUrn: `urn:li:fs_miniProfile:${member.profileId}`,
        dashEntityUrn: `urn:li:fsd_profile:${member.profileId}`,
        objectUrn: `urn:li:member:${member.id}`,
        trackingId: 'c2ltdWxhdG9y',
        $type: 'com.linkedin.voyager.identity.shared.MiniProfile',
      },
    ],
  };
}

// Classic pages carry the data of their first API calls in hidden, HTML-escaped <code> blocks.
function bootstrapCode(viewer: Viewer): Html {
  const request = {
    request: '/voyager/api/me',
    status: 200,
    body: 'bpr-guid-1000002',
    method: 'GET',
  };
  return html`<code style="display: none" id="bpr-guid-1000001">${JSON.stringify(request)}</code
    ><code style="display: none" id="bpr-guid-1000002">${JSON.stringify(voyagerMe(viewer))}</code>`;
}

function context(viewer: Viewer | null): Html {
  const data = { layout: viewer?.layout ?? 'classic', premium: viewer?.premium ?? false };
  return raw(
    `<script id="sim-context" type="application/json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`,
  );
}

/** A whole page in the layout of the viewer (logged-out pages use the classic frame). */
export function renderPage(options: ShellOptions): string {
  const { viewer } = options;
  const script = raw(`<script>${CLIENT_SCRIPT}</script>`);
  if (!viewer || viewer.layout === 'classic') {
    return html`${head(options.title)}<body class="render-mode-BIGPIPE nav-v2 ember-application">
${viewer ? classicNav(viewer) : ''}
<div class="application-outlet"><main id="main" class="scaffold-layout__main" aria-label="Main Feed">${options.body}</main></div>
${toastsContainer()}<div id="artdeco-modal-outlet"></div><div id="msg-overlay" class="msg-overlay-container"></div>${viewer ? bootstrapCode(viewer) : ''}${context(viewer)}${script}</body></html>`
      .text;
  }
  return html`${head(options.title)}<body>
<div id="root">${newNav(viewer)}
<main id="workspace" tabindex="0"><div role="main" data-sdui-screen="${options.screen ?? 'com.linkedin.sdui.flagshipnav.feed.MainFeed'}">${options.body}</div></main>
<div data-testid="toasts-title" class="visually-hidden">Notifications</div>
</div>
<div id="interop-outlet" data-testid="interop-shadowdom" class="theme--light" style="width:100vw;position:absolute;top:0;left:0;z-index:500;font-size:1.6rem"></div>
${context(viewer)}${script}</body></html>`.text;
}
