import { describe, expect, it } from 'vitest';

import { isLoggedInPage, readCheckpointKind, readSelfSlug } from './session';

const page = (body: string) => `<!DOCTYPE html><html><body>${body}</body></html>`;

describe('readCheckpointKind', () => {
  it('tells an e-mail PIN, a phone PIN, an app approval and a CAPTCHA apart', () => {
    expect(
      readCheckpointKind(page('<form><input id="input__email_verification_pin"></form>')),
    ).toBe('email_pin');
    expect(readCheckpointKind(page('<button id="two-step-submit-button">Submit</button>'))).toBe(
      'phone_pin',
    );
    expect(
      readCheckpointKind(
        page(
          '<h1>Check your LinkedIn app</h1><input id="input__phone_verification_pin"><p>Or enter the code</p>',
        ),
      ),
    ).toBe('app_approval');
    expect(readCheckpointKind(page('<iframe id="captcha-internal"></iframe>'))).toBe('captcha');
    expect(readCheckpointKind(page("<h1>Let's do a quick security check</h1>"))).toBe('captcha');
    expect(readCheckpointKind(page('<h1>Verify it is you</h1>'))).toBe('unknown');
  });
});

describe('readSelfSlug', () => {
  it('reads the member’s own slug from the feed’s identity card', () => {
    const html = page(`<nav><a href="/in/someone-else/">Someone</a></nav>
      <div class="feed-identity-module"><a href="/in/zofia-%C5%9Bredni-123/">Zofia</a></div>`);

    expect(readSelfSlug(html)).toBe('zofia-średni-123');
  });

  it('reads it from the open Me menu of the global nav', () => {
    const html = page(`<header id="global-nav"><a href="/feed/">Home</a>
      <div class="global-nav__me-content"><a href="https://www.linkedin.com/in/jordan-avery-demo?trk=me">View profile</a></div></header>`);

    expect(readSelfSlug(html)).toBe('jordan-avery-demo');
  });

  it('takes no member id and no post author for the member’s own slug', () => {
    const html = page(`<div class="feed-identity-module"><a href="/in/ACoAAB12345/">Me</a></div>
      <article><a href="/in/author-of-post/">Author</a></article>`);

    expect(readSelfSlug(html)).toBeNull();
  });
});

describe('isLoggedInPage', () => {
  it('sees the global nav of a signed-in member in either layout', () => {
    expect(isLoggedInPage(page('<div data-testid="primary-nav"></div>'))).toBe(true);
    expect(
      isLoggedInPage(page('<nav><a href="/feed/">Home</a><a href="/mynetwork/">Network</a></nav>')),
    ).toBe(true);
    expect(isLoggedInPage(page('<form><input id="username"></form>'))).toBe(false);
  });
});
