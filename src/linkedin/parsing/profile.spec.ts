import { describe, expect, it } from 'vitest';
import { parsePage } from './parse-page';
import { parseProfile } from './profile';

const sideRail = `<aside><section componentkey="rail"><h2>More profiles for you</h2>
  <div role="listitem"><a href="https://www.linkedin.com/in/rail-person/">Rail Person</a>
  <button componentkey="r_connect" aria-label="Invite Rail Person to connect">Connect</button></div></section></aside>`;

/** A new-layout (SDUI) profile page; `actions` is the top-card action row. */
function newProfile(options: {
  slug?: string;
  name?: string;
  degree: string;
  actions: string;
  menu?: string;
  lang?: string;
}): string {
  const slug = options.slug ?? 'devansh-dutta';
  const name = options.name ?? 'Devansh Dutta';
  return `<html lang="${options.lang ?? 'en'}"><body><div data-testid="primary-nav"></div>
  <main><div data-sdui-screen="com.linkedin.sdui.flagshipnav.profile.Profile">
  <section componentkey="com.linkedin.sdui.profile.card.refACoAAbdbTopcard">
    <a href="https://www.linkedin.com/in/${slug}/overlay/background-photo/"><figure><img alt="Cover photo"></figure></a>
    <div><div aria-haspopup="dialog"><div data-display-contents="true"><a href="https://www.linkedin.com/in/${slug}/"><div><h2>${name}</h2></div></a></div></div>
      <p>${options.degree}</p></div>
    <p>Founder at Example</p><p>Example Inc. · Some University</p>
    <div><p>Kraków, Poland</p><p>·</p><p><a href="https://www.linkedin.com/in/${slug}/overlay/contact-info/">Contact info</a></p></div>
    <p>500+ connections</p>
    <div>${options.actions}<button type="button" componentkey="more1" aria-label="More" aria-expanded="${options.menu === undefined ? 'false' : 'true'}"><span>More</span></button></div>
  </section>
  ${sideRail}</div></main>
  <div id="interop-outlet" data-testid="interop-shadowdom"></div>
  ${options.menu ?? ''}</body></html>`;
}

const inviteLink = (slug: string, name: string) =>
  `<a aria-disabled="false" href="/preload/custom-invite/?vanityName=${slug}" componentkey="i1" aria-label="Invite ${name} to connect"><span><div><span>Connect</span></div></span></a>`;
const composeLink =
  '<a href="/messaging/compose/?profileUrn=urn%3Ali%3Afsd_profile%3AACoAAbdb&recipient=ACoAAbdb&interop=msgOverlay"><span>Message</span></a>';

describe('parseProfile, new layout', () => {
  it('reads a 2nd-degree profile with Connect in the card and ignores the side rail', () => {
    const html = newProfile({
      degree: '· 2nd',
      actions: inviteLink('devansh-dutta', 'Devansh Dutta') + composeLink,
    });
    const parsed = parsePage(html);
    expect(parsed.page).toBe('profile');
    expect(parsed.people).toEqual([]);
    expect(parsed.profile).toMatchObject({
      slug: 'devansh-dutta',
      name: 'Devansh Dutta',
      degree: '2nd',
      action: 'connect',
      connectUnderMore: false,
      moreMenuOpen: false,
      headline: 'Founder at Example',
      location: 'Kraków, Poland',
      memberUrn: 'urn:li:fsd_profile:ACoAAbdb',
    });
    expect(parsed.counts.sidebar_connect).toBe(1);
  });

  it('reads a follow-only profile whose Connect hides under a closed More', () => {
    const profile = parseProfile(
      newProfile({
        degree: '· 2nd',
        actions:
          '<button type="button" aria-label="Follow Devansh Dutta"><span>Follow</span></button>',
      }),
    );
    expect(profile).toMatchObject({
      action: 'follow',
      connectUnderMore: false,
      moreMenuOpen: false,
      hasMoreButton: true,
    });
  });

  it('finds Connect inside the open More menu', () => {
    const menu = `<div role="menu"><a role="menuitem" href="/preload/custom-invite/?vanityName=devansh-dutta"><div aria-label="Invite Devansh Dutta to connect">Connect</div></a>
      <a role="menuitem" href="/in/devansh-dutta/overlay/about-this-profile/">About this profile</a></div>`;
    const profile = parseProfile(
      newProfile({
        degree: '· 2nd',
        actions:
          '<button type="button" aria-label="Follow Devansh Dutta"><span>Follow</span></button>',
        menu,
      }),
    );
    expect(profile).toMatchObject({
      action: 'connect',
      connectUnderMore: true,
      moreMenuOpen: true,
    });
  });

  it('does not read a closed menu kept in an inert template as open', () => {
    const template = `<template data-menu><div role="menu"><a role="menuitem" href="/preload/custom-invite/?vanityName=devansh-dutta"><div aria-label="Invite Devansh Dutta to connect">Connect</div></a></div></template>`;
    const profile = parseProfile(
      newProfile({
        degree: '· 2nd',
        actions: `<button type="button" aria-label="Follow Devansh Dutta"><span>Follow</span></button>${template}`,
      }),
    );
    expect(profile).toMatchObject({
      action: 'follow',
      connectUnderMore: false,
      moreMenuOpen: false,
    });
  });

  it('reads a pending invitation', () => {
    const profile = parseProfile(
      newProfile({
        degree: '· 2nd',
        actions:
          '<button componentkey="p_pending" aria-label="Pending, click to withdraw invitation sent to Devansh Dutta"><span>Pending</span></button>',
      }),
    );
    expect(profile?.action).toBe('pending');
  });

  it('reads a 1st-degree connection as message', () => {
    const profile = parseProfile(newProfile({ degree: '· 1st', actions: composeLink }));
    expect(profile).toMatchObject({ degree: '1st', action: 'message' });
  });

  it('prefers the plain degree line over a hidden second badge', () => {
    const html = newProfile({ degree: '· 3rd', actions: composeLink }).replace(
      '<p>· 3rd</p>',
      '<div data-display-contents="true"><p>· 1st</p></div><p>· 3rd</p>',
    );
    expect(parseProfile(html)?.degree).toBe('3rd');
  });

  it('keeps a percent-encoded slug decoded and its URL encoded once', () => {
    const profile = parseProfile(
      newProfile({
        slug: 'zofia-%C5%9Bredni-123',
        name: 'Zofia Średni',
        degree: '· 2nd',
        actions: composeLink,
      }),
    );
    expect(profile).toMatchObject({
      slug: 'zofia-średni-123',
      profileUrl: 'https://www.linkedin.com/in/zofia-%C5%9Bredni-123/',
    });
  });

  it('reads an Italian profile the same way', () => {
    const html = newProfile({
      lang: 'it',
      degree: '· 2°',
      actions:
        '<a href="/preload/custom-invite/?vanityName=devansh-dutta" aria-label="Invita Devansh Dutta a collegarsi"><span>Collegati</span></a>',
    });
    expect(parsePage(html).profile).toMatchObject({
      slug: 'devansh-dutta',
      degree: '2nd',
      action: 'connect',
    });
  });
});

describe('parseProfile, classic layout', () => {
  function classicProfile(actions: string, dropdown = ''): string {
    return `<html lang="en"><head><link rel="canonical" href="https://www.linkedin.com/in/jane-doe-42/"></head>
    <body class="ember-application"><main>
    <section data-member-id="123456" class="artdeco-card pv-top-card">
      <h1 class="text-heading-xlarge">Jane Doe</h1>
      <span class="dist-value">2nd</span>
      <div class="text-body-medium break-words">VP Sales at Initech</div>
      <span class="text-body-small inline t-black--light break-words">London, England</span>
      <div class="pvs-profile-actions">${actions}
        <div class="artdeco-dropdown"><button aria-label="More actions" class="artdeco-dropdown__trigger">More</button>
        <div class="artdeco-dropdown__content">${dropdown}</div></div></div>
    </section>
    <aside><button aria-label="Invite Other Person to connect">Connect</button></aside></main></body></html>`;
  }

  it('reads Connect in the card', () => {
    const profile = parseProfile(
      classicProfile(
        '<button aria-label="Invite Jane Doe to connect" class="artdeco-button">Connect</button><button aria-label="Message Jane">Message</button>',
      ),
    );
    expect(profile).toMatchObject({
      slug: 'jane-doe-42',
      name: 'Jane Doe',
      degree: '2nd',
      action: 'connect',
      connectUnderMore: false,
      headline: 'VP Sales at Initech',
      location: 'London, England',
      memberUrn: 'urn:li:member:123456',
    });
  });

  it('reads Connect that is only in the More menu', () => {
    const profile = parseProfile(
      classicProfile(
        '<button aria-label="Follow Jane Doe">Follow</button>',
        '<div role="button" aria-label="Invite Jane Doe to connect"><span>Connect</span></div>',
      ),
    );
    expect(profile).toMatchObject({
      action: 'connect',
      connectUnderMore: true,
      hasMoreButton: true,
    });
  });

  it('reads the Pending state', () => {
    const profile = parseProfile(
      classicProfile(
        '<button aria-label="Pending, click to withdraw invitation sent to Jane Doe">Pending</button>',
      ),
    );
    expect(profile?.action).toBe('pending');
  });
});
