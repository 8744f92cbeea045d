import type { NextFunction, Request, Response } from 'express';
import type { Account, Session } from './state/model';
import type { SimulatorStore } from './state/store';
import type { Viewer } from './pages/shell';

export interface RequestViewer {
  account: Account;
  session: Session;
  viewer: Viewer;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    let value = part.slice(index + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value
    }
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Sets `li_at` and `JSESSIONID` for the simulator's own host (no Domain attribute). */
export function setSessionCookies(response: Response, session: Session): void {
  const year = 365 * 24 * 3600 * 1000;
  response.cookie('li_at', session.liAt, {
    httpOnly: true,
    sameSite: 'lax',
    secure: false,
    maxAge: year,
    path: '/',
    encode: String,
  });
  // LinkedIn stores the JSESSIONID value with its double quotes.
  response.cookie('JSESSIONID', session.jsessionId, {
    sameSite: 'lax',
    secure: false,
    maxAge: year,
    path: '/',
    encode: String,
  });
}

export type SessionLookup =
  | { kind: 'none' }
  | { kind: 'dead'; session: Session | null }
  | { kind: 'alive'; current: RequestViewer };

export function lookupSession(store: SimulatorStore, request: Request): SessionLookup {
  const liAt = parseCookies(request.headers.cookie).get('li_at');
  if (!liAt) return { kind: 'none' };
  const session = store.sessions.get(liAt);
  if (!session || !session.alive) return { kind: 'dead', session: session ?? null };
  const account = store.accounts.get(session.accountId);
  if (!account) return { kind: 'dead', session };
  const member = store.requireMember(account.memberId);
  return {
    kind: 'alive',
    current: {
      account,
      session,
      viewer: { layout: account.layout, member, premium: account.premium },
    },
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    current?: RequestViewer;
  }
}

/** Public-profile style paths go to the authwall when logged out; the rest to the login page. */
function loggedOutTarget(request: Request): string {
  const fullUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}${request.originalUrl}`;
  const path = request.path;
  if (/^\/(in|posts|events|feed\/update|company|search)\//.test(path)) {
    return `/authwall?trk=bf&trkInfo=AQ&sessionRedirect=${encodeURIComponent(fullUrl)}`;
  }
  return `/login?session_redirect=${encodeURIComponent(fullUrl)}&fromSignIn=true&trk=guest_homepage`;
}

/** Requires a live session; otherwise redirects like LinkedIn does (the cookie stays as it is). */
export function requireMember(store: SimulatorStore) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const lookup = lookupSession(store, request);
    if (lookup.kind !== 'alive') {
      response.redirect(302, loggedOutTarget(request));
      return;
    }
    const { account } = lookup.current;
    if (account.restricted) {
      response.redirect(302, '/checkpoint/restricted/');
      return;
    }
    if (account.checkpoint) {
      response.redirect(
        302,
        `/checkpoint/challenge/${account.checkpoint.token}?ut=sim&originalUrl=${encodeURIComponent(request.originalUrl)}`,
      );
      return;
    }
    const { session } = lookup.current;
    if (!session.used) {
      // The first page load with a cookie the simulator never handed out is a cookie login.
      session.used = true;
      store.logins.push({
        accountId: account.id,
        email: account.email,
        method: 'cookie',
        outcome: 'success',
        at: store.now(),
      });
    }
    // Like LinkedIn, a page load hands out JSESSIONID when the browser only has li_at.
    if (
      parseCookies(request.headers.cookie).get('JSESSIONID') !== lookup.current.session.jsessionId
    ) {
      setSessionCookies(response, lookup.current.session);
    }
    request.current = lookup.current;
    next();
  };
}

/** For the page scripts' JSON endpoints: a live session and the csrf-token header. */
export function requireApiMember(store: SimulatorStore) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const lookup = lookupSession(store, request);
    if (lookup.kind !== 'alive') {
      response.status(401).json({ error: 'unauthorized' });
      return;
    }
    const expected = lookup.current.session.jsessionId.replace(/"/g, '');
    if (request.get('csrf-token') !== expected) {
      response.status(403).json({ error: 'csrf' });
      return;
    }
    if (lookup.current.account.restricted || lookup.current.account.checkpoint) {
      response.status(403).json({ error: 'blocked' });
      return;
    }
    request.current = lookup.current;
    next();
  };
}
