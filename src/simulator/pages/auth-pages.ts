import type { CheckpointKind } from '../state/model';
import { html, raw } from './html';
import { renderPage, type Viewer } from './shell';

export function loginPage(options: { sessionRedirect: string; error: string | null }): string {
  const body = html`<div class="login__form_action_container">
    <h1 class="header__content__heading">Sign in</h1>
    <p class="header__content__subheading">Stay updated on your professional world</p>
    <form class="login__form" method="post" action="/checkpoint/lg/login-submit" novalidate>
      <input type="hidden" name="loginCsrfParam" value="sim-login-csrf" />
      <input type="hidden" name="session_redirect" value="${options.sessionRedirect}" />
      <div class="form__input--floating">
        <input
          id="username"
          name="session_key"
          type="email"
          autocomplete="username"
          aria-label="Email or phone"
          required
        /><label for="username" class="form__label--floating">Email or phone</label>
      </div>
      <div class="form__input--floating">
        <input
          id="password"
          name="session_password"
          type="password"
          autocomplete="current-password"
          aria-label="Password"
          required
        /><label for="password" class="form__label--floating">Password</label>
        ${options.error ? html`<div class="form__label--error" id="error-for-password" role="alert" aria-live="assertive">${options.error}</div>` : ''}
      </div>
      <a class="link" href="/checkpoint/rp/request-password-reset">Forgot password?</a>
      <div class="login__form_action_container">
        <button
          class="btn__primary--large from__button--floating"
          data-litms-control-urn="login-submit"
          aria-label="Sign in"
          type="submit"
        >
          Sign in
        </button>
      </div>
    </form>
    <p>New to LinkedIn? <a href="/signup/cold-join">Join now</a></p>
  </div>`;
  return renderPage({ title: 'LinkedIn Login, Sign in', viewer: null, body });
}

export function authwallPage(sessionRedirect: string): string {
  const loginHref = `/login?session_redirect=${encodeURIComponent(sessionRedirect)}`;
  const body = html`<section class="authwall-join-form">
    <h1 class="authwall-join-form__title">Join LinkedIn</h1>
    <p>Sign in to see who you already know on LinkedIn.</p>
    <a class="authwall-join-form__form-toggle--bottom form-toggle" href="${loginHref}">Sign in</a>
    <a class="join-form__form-body-submit-button" href="/signup/cold-join">Agree &amp; Join</a>
  </section>`;
  return renderPage({ title: 'Sign Up', viewer: null, body });
}

export function notFoundPage(viewer: Viewer | null): string {
  const body = html`<section class="not-found">
    <h1>Page not found</h1>
    <p>
      Uh oh, we can’t seem to find the page you’re looking for. Try going back to the previous page
      or see our Help Center for more information.
    </p>
    <a href="/feed/">Go to your feed</a>
  </section>`;
  return renderPage({ title: 'Page Not Found', viewer, body });
}

export function errorPage(status: number): string {
  const message =
    status === 429
      ? 'You’ve made too many requests. Please wait a moment and try again.'
      : 'Something went wrong. Please refresh the page or try again later.';
  return renderPage({
    title: 'Error',
    viewer: null,
    body: html`<section class="error-page">
      <h1>Oops!</h1>
      <p>${message}</p>
      <p class="error-code">Error ${status}</p>
    </section>`,
  });
}

export function restrictedPage(): string {
  const body = html`<section class="restriction">
    <h1>Your account has been temporarily restricted</h1>
    <p>
      We've restricted your account because of unusual activity. To protect our members, we restrict
      accounts that show activity that may violate our User Agreement.
    </p>
    <a href="/help/linkedin/answer/a1340522">Learn more</a><button type="button">Next</button>
  </section>`;
  return renderPage({ title: 'Account restricted', viewer: null, body });
}

/** A security challenge; the engine never solves these, the admin API resolves them. */
export function challengePage(kind: CheckpointKind, token: string, error: string | null): string {
  const poll = raw(
    `<script>setInterval(function(){fetch('/checkpoint/challenge/${token}/status').then(function(r){return r.json()}).then(function(s){if(s.resolved)location.href='/checkpoint/challenge/${token}/complete'})},700)</script>`,
  );
  const errorLine = error
    ? html`<div class="form__label--error" role="alert">${error}</div>`
    : html``;
  switch (kind) {
    case 'email_pin':
      return renderPage({
        title: 'Security Verification',
        viewer: null,
        body: html`<section class="app__content">
            <h1>Let’s do a quick verification</h1>
            <p>
              The login attempt seems suspicious. To finish signing in please enter the verification
              code we sent to your email address.
            </p>
            <form method="post" action="/checkpoint/challenge/verify">
              <input type="hidden" name="challengeId" value="${token}" />
              <input
                id="input__email_verification_pin"
                name="pin"
                type="text"
                inputmode="numeric"
                maxlength="6"
                aria-label="Enter code"
              />
              ${errorLine}<button id="email-pin-submit-button" type="submit">Submit</button>
            </form>
            <a href="/checkpoint/challenge/${token}/resend">Resend code</a>
          </section>
          ${poll}`,
      });
    case 'app':
      return renderPage({
        title: 'Security Verification',
        viewer: null,
        body: html`<section class="app__content">
            <h1>Check your LinkedIn app</h1>
            <p>
              We sent a notification to your signed in devices. Open your LinkedIn app and tap Yes
              to confirm your sign-in attempt.
            </p>
            <form method="post" action="/checkpoint/challenge/verify">
              <input type="hidden" name="challengeId" value="${token}" />
              <p>Or enter the code from your authenticator app</p>
              <input
                id="input__phone_verification_pin"
                name="pin"
                type="text"
                inputmode="numeric"
                maxlength="6"
              />
              ${errorLine}<button id="two-step-submit-button" type="submit">Submit</button>
            </form>
          </section>
          ${poll}`,
      });
    case 'captcha':
      return renderPage({
        title: 'Security Verification',
        viewer: null,
        body: html`<section class="app__content">
            <h1>Let's do a quick security check</h1>
            <p>Please solve this puzzle so we know you’re a real person.</p>
            <iframe
              id="captcha-internal"
              title="Captcha"
              src="/checkpoint/challenge/${token}/captcha-frame"
              width="400"
              height="300"
            ></iframe>
          </section>
          ${poll}`,
      });
  }
}

export function feedPage(viewer: Viewer): string {
  const member = viewer.member;
  const body = html`<div class="scaffold-layout__sidebar">
      <div class="feed-identity-module">
        <a href="/in/${encodeURIComponent(member.slug)}/">${member.fullName}</a>
        <p>${member.headline}</p>
      </div>
    </div>
    <div class="scaffold-finite-scroll__content">
      <div class="share-box-feed-entry__wrapper">
        <button class="share-box-feed-entry__trigger" type="button">Start a post</button>
      </div>
      <p class="feed-empty">Welcome back, ${member.firstName}. Your feed is quiet today.</p>
    </div>`;
  return renderPage({
    title: 'Feed',
    viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.feed.MainFeed',
  });
}

export function myNetworkPage(viewer: Viewer): string {
  const body = html`<section>
    <h1>Manage my network</h1>
    <ul>
      <li><a href="/mynetwork/invite-connect/connections/">Connections</a></li>
      <li><a href="/mynetwork/invitation-manager/sent/">Sent invitations</a></li>
    </ul>
  </section>`;
  return renderPage({
    title: 'My Network',
    viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.mynetwork.MyNetwork',
  });
}
