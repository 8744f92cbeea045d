import type { Express, Request, Response } from 'express';
import {
  authwallPage,
  challengePage,
  loginPage,
  notFoundPage,
  restrictedPage,
} from '../pages/auth-pages';
import { lookupSession, setSessionCookies } from '../session';
import type { SimulatorStore } from '../state/store';
import { queryString, safeRedirect, type Challenge } from './shared';

/** Login, the authwall, checkpoints, the restriction page and the 404 page. */
export function registerLoginRoutes(
  app: Express,
  store: SimulatorStore,
  challenges: Map<string, Challenge>,
): void {
  // --- session and login ---------------------------------------------------------
  app.get('/', (request, response) => {
    const lookup = lookupSession(store, request);
    response.redirect(302, lookup.kind === 'alive' ? '/feed/' : '/login');
  });

  const showLogin = (request: Request, response: Response) => {
    const lookup = lookupSession(store, request);
    const redirect = queryString(request, 'session_redirect');
    if (lookup.kind === 'alive') {
      response.redirect(302, '/feed/');
      return;
    }
    response.type('html').send(loginPage({ sessionRedirect: redirect, error: null }));
  };
  app.get('/login', showLogin);
  app.get('/uas/login', showLogin);

  app.post('/checkpoint/lg/login-submit', (request, response) => {
    const body = request.body as Record<string, string | undefined>;
    const email = String(body.session_key ?? '');
    const password = String(body.session_password ?? '');
    const redirect = safeRedirect(String(body.session_redirect ?? ''));
    const account = store.accountByEmail(email);
    if (!account || account.password !== password) {
      store.logins.push({
        accountId: account?.id ?? null,
        email,
        method: 'password',
        outcome: 'wrong_password',
        at: store.now(),
      });
      response
        .status(200)
        .type('html')
        .send(
          loginPage({
            sessionRedirect: redirect,
            error: 'Wrong email or password. Try again or create an account.',
          }),
        );
      return;
    }
    if (account.checkpoint) {
      store.logins.push({
        accountId: account.id,
        email,
        method: 'password',
        outcome: 'checkpoint',
        at: store.now(),
      });
      challenges.set(account.checkpoint.token, {
        token: account.checkpoint.token,
        accountId: account.id,
        resolved: false,
        redirect,
      });
      response.redirect(302, `/checkpoint/challenge/${account.checkpoint.token}?ut=sim`);
      return;
    }
    store.logins.push({
      accountId: account.id,
      email,
      method: 'password',
      outcome: 'success',
      at: store.now(),
    });
    const session = store.createSession(account.id);
    session.used = true;
    setSessionCookies(response, session);
    response.redirect(302, redirect || '/feed/');
  });

  // Signing out ends the session on LinkedIn's side too; the old li_at is dead afterwards.
  app.get(['/m/logout', '/m/logout/'], (request, response) => {
    const lookup = lookupSession(store, request);
    if (lookup.kind === 'alive') lookup.current.session.alive = false;
    response.clearCookie('li_at', { path: '/' });
    response.clearCookie('JSESSIONID', { path: '/' });
    response.redirect(302, '/login');
  });

  app.get('/authwall', (request, response) => {
    response.type('html').send(authwallPage(queryString(request, 'sessionRedirect')));
  });

  app.get('/checkpoint/restricted/', (request, response) => {
    response.type('html').send(restrictedPage());
  });

  app.get('/checkpoint/challenge/:token', (request, response) => {
    const account = accountForChallenge(request.params.token);
    if (!account?.checkpoint) {
      response.redirect(302, '/feed/');
      return;
    }
    if (!challenges.has(account.checkpoint.token)) {
      challenges.set(account.checkpoint.token, {
        token: account.checkpoint.token,
        accountId: account.id,
        resolved: false,
        redirect: queryString(request, 'originalUrl'),
      });
    }
    response.type('html').send(challengePage(account.checkpoint.kind, request.params.token, null));
  });
  app.get('/checkpoint/challenge/:token/status', (request, response) => {
    const challenge = challenges.get(request.params.token);
    response.json({ resolved: challenge?.resolved ?? false });
  });
  app.get('/checkpoint/challenge/:token/captcha-frame', (_request, response) => {
    response
      .type('html')
      .send('<html><body><p>Select all images with traffic lights</p></body></html>');
  });
  app.get('/checkpoint/challenge/:token/complete', (request, response) => {
    const challenge = challenges.get(request.params.token);
    if (!challenge?.resolved) {
      response.redirect(302, `/checkpoint/challenge/${request.params.token}`);
      return;
    }
    completeChallenge(challenge, response);
  });
  app.post('/checkpoint/challenge/verify', (request, response) => {
    const body = request.body as Record<string, string | undefined>;
    const token = String(body.challengeId ?? '');
    const account = accountForChallenge(token);
    if (!account?.checkpoint) {
      response.redirect(302, '/login');
      return;
    }
    if (
      account.checkpoint.kind === 'captcha' ||
      String(body.pin ?? '') !== account.checkpoint.pin
    ) {
      response
        .type('html')
        .send(
          challengePage(
            account.checkpoint.kind,
            token,
            'The verification code you entered isn’t valid. Please check the code and try again.',
          ),
        );
      return;
    }
    const challenge = challenges.get(token) ?? {
      token,
      accountId: account.id,
      resolved: true,
      redirect: '',
    };
    challenge.resolved = true;
    completeChallenge(challenge, response);
  });

  function accountForChallenge(token: string) {
    for (const account of store.accounts.values()) {
      if (account.checkpoint?.token === token) return account;
    }
    return undefined;
  }

  function completeChallenge(challenge: Challenge, response: Response) {
    const account = store.accounts.get(challenge.accountId);
    challenges.delete(challenge.token);
    if (!account) {
      response.redirect(302, '/login');
      return;
    }
    account.checkpoint = null;
    const lookup = [...store.sessions.values()].find(
      (session) => session.accountId === account.id && session.alive,
    );
    const session = lookup ?? store.createSession(account.id);
    if (!session.used) {
      session.used = true;
      store.logins.push({
        accountId: account.id,
        email: account.email,
        method: 'password',
        outcome: 'success',
        at: store.now(),
      });
    }
    setSessionCookies(response, session);
    response.redirect(302, safeRedirect(challenge.redirect) || '/feed/');
  }

  app.get(['/404', '/404/'], (request, response) => {
    const lookup = lookupSession(store, request);
    response
      .status(404)
      .type('html')
      .send(notFoundPage(lookup.kind === 'alive' ? lookup.current.viewer : null));
  });
}
