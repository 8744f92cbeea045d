import { describe, expect, it } from 'vitest';
import { classifyPage } from './classify';
import type { PageKind } from './types';

const EMPTY = '<html><body><main></main></body></html>';
const LOGGED_IN_NAV =
  '<nav aria-label="Primary Navigation"><a href="https://www.linkedin.com/feed/">Home</a><a href="https://www.linkedin.com/mynetwork/">My Network</a></nav>';

describe('classifyPage by path', () => {
  it.each<[string, PageKind]>([
    [
      'https://www.linkedin.com/login?session_redirect=https%3A%2F%2Fwww.linkedin.com%2Ffeed%2F',
      'login',
    ],
    ['https://www.linkedin.com/uas/login?session_redirect=%2Fin%2Fjohn%2F', 'login'],
    ['https://www.linkedin.com/checkpoint/challenge/x', 'checkpoint'],
    ['https://www.linkedin.com/checkpoint/challenge/AgH1x?ut=2', 'checkpoint'],
    [
      'https://www.linkedin.com/authwall?trk=gf&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fsearch%2Fresults%2Fpeople%2F',
      'authwall',
    ],
    ['https://www.linkedin.com/404', 'not_found'],
    ['https://www.linkedin.com/404/', 'not_found'],
    ['https://www.linkedin.com/in/x/', 'profile'],
    ['https://uk.linkedin.com/in/x?originalSubdomain=uk', 'profile'],
    ['https://www.linkedin.com/search/results/people/?keywords=cto&page=2', 'search_people'],
    ['https://www.linkedin.com/search/results/all/?keywords=cto', 'search_all'],
    ['https://www.linkedin.com/mynetwork/invitation-manager/sent/', 'sent_invitations'],
    ['https://www.linkedin.com/mynetwork/invite-connect/connections/', 'connections'],
    ['https://www.linkedin.com/messaging/thread/2-ABC==/', 'messaging'],
    ['https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/', 'post'],
    [
      'https://www.linkedin.com/posts/jane_text-activity-7123456789012345678-AbCd?utm_source=share',
      'post',
    ],
    ['https://www.linkedin.com/feed/', 'feed'],
  ])('reads %s as %s', (url, kind) => {
    expect(classifyPage(url, EMPTY)).toBe(kind);
  });

  it('never reads a page kind out of the query string', () => {
    const url =
      'https://www.linkedin.com/login?session_redirect=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fx%2F';
    expect(classifyPage(url, `<html><body>${LOGGED_IN_NAV}</body></html>`)).toBe('login');
    expect(classifyPage('https://www.linkedin.com/jobs/?next=/feed/', EMPTY)).toBe('unknown');
  });
});

describe('classifyPage by content', () => {
  it('sees a login form even on a harmless path', () => {
    const html =
      '<form action="/checkpoint/lg/login-submit"><input id="username" name="session_key"><input id="password" name="session_password" type="password"><button>Sign in</button></form>';
    expect(classifyPage('https://www.linkedin.com/feed/', html)).toBe('login');
    expect(classifyPage(null, html)).toBe('login');
  });

  it.each([
    [
      '<input id="input__email_verification_pin"><button id="email-pin-submit-button">Submit</button>',
    ],
    [
      '<input id="input__phone_verification_pin"><button id="two-step-submit-button">Verify</button>',
    ],
    ['<h1>Let’s do a quick security check</h1><iframe id="captcha-internal"></iframe>'],
    ['<h1>Check your LinkedIn app</h1>'],
  ])('sees a challenge: %s', (body) => {
    expect(
      classifyPage('https://www.linkedin.com/feed/', `<html><body>${body}</body></html>`),
    ).toBe('checkpoint');
  });

  it('sees a restriction notice', () => {
    const html = `<html><body>${LOGGED_IN_NAV}<h1>Your account has been temporarily restricted</h1></body></html>`;
    expect(classifyPage('https://www.linkedin.com/feed/', html)).toBe('restricted');
    const other = `<html><body><p>We’ve restricted your account because of unusual activity</p></body></html>`;
    expect(classifyPage(null, other)).toBe('restricted');
    const underCheckpoint = 'https://www.linkedin.com/checkpoint/restricted/';
    expect(classifyPage(underCheckpoint, html)).toBe('restricted');
    expect(classifyPage(underCheckpoint, '<html><body><p>Verify</p></body></html>')).toBe(
      'checkpoint',
    );
  });

  it('sees an authwall served on a profile path when nobody is signed in', () => {
    const html =
      '<html><body><main class="authwall-join-form"><a href="/login">Sign in</a><a href="/signup">Join now</a></main></body></html>';
    expect(classifyPage('https://www.linkedin.com/in/x/', html)).toBe('authwall');
  });

  it.each<[string, PageKind]>([
    ['com.linkedin.sdui.flagshipnav.search.SearchResultsPeople', 'search_people'],
    ['com.linkedin.sdui.flagshipnav.profile.Profile', 'profile'],
  ])('reads the SDUI screen %s', (screen, kind) => {
    expect(
      classifyPage(null, `<main><div role="main" data-sdui-screen="${screen}"></div></main>`),
    ).toBe(kind);
  });

  it('reads the classic search rows and the profile top card', () => {
    expect(classifyPage(null, '<div data-chameleon-result-urn="urn:li:member:1"></div>')).toBe(
      'search_people',
    );
    expect(classifyPage(null, '<section data-member-id="12"><h1>Jane</h1></section>')).toBe(
      'profile',
    );
  });

  it('tells one post from a feed', () => {
    const post = (id: number) => `<div data-urn="urn:li:activity:${id}" role="article"></div>`;
    expect(classifyPage(null, post(1))).toBe('post');
    expect(classifyPage(null, post(1) + post(2))).toBe('feed');
  });

  it('falls back to unknown', () => {
    expect(classifyPage(null, EMPTY)).toBe('unknown');
  });
});
