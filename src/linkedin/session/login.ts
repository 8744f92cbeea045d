import type { BrowserContext } from 'playwright-core';

type CookieToSet = Parameters<BrowserContext['addCookies']>[0][number];

import type { AccountCredentials } from '../../accounts/accounts.service';
import {
  CheckpointError,
  LoginFailedError,
  RestrictedError,
  SessionExpiredError,
  UnexpectedPageError,
} from '../errors';
import type { LinkedInPage } from '../pages/linkedin-page';
import {
  isLoggedInPage,
  parsePage,
  readCheckpointKind,
  readSelfSlug,
  type ParsedPage,
} from '../parsing';
import { cleanText, loadHtml } from '../parsing/dom';

const LOGIN_FORM = {
  email: 'input#username, input[name=session_key]',
  password: 'input#password, input[name=session_password]',
  submit: 'form:has(input[name=session_key]) button[type=submit]',
  error: '[role=alert], .form__label--error, #error-for-password, #error-for-username',
} as const;

export interface LoginInput {
  linkedIn: LinkedInPage;
  context: BrowserContext;
  credentials: AccountCredentials;
  /** The context started from a saved storage state (its cookies may still be alive). */
  hasStoredState: boolean;
  baseUrl: string;
}

export interface LoginResult {
  /** How the session became healthy: a saved session, the li_at cookie, or the login form. */
  method: 'stored_session' | 'cookie' | 'password';
  /** The account's own profile slug as the logged-in page shows it. */
  selfSlug: string | null;
}

interface LoadedPage {
  html: string;
  parsed: ParsedPage;
}

/**
 * Makes the context's session healthy, judged by loading the feed (never by a cookie's date):
 * a saved session first, then the account's li_at cookie or its login form typed at a human
 * pace. A checkpoint, restriction, refused login or dead cookie raises its typed error; none
 * is ever answered or worked around.
 */
export async function logIn(input: LoginInput): Promise<LoginResult> {
  const { linkedIn, context, credentials } = input;

  if (credentials.method === 'cookie') {
    const stored = await liAtOf(context, linkedIn);
    if (!input.hasStoredState || stored === null) {
      await context.addCookies([liAtCookie(credentials.liAt, input.baseUrl)]);
    }
    let feed = await openFeed(linkedIn);
    if (isLoggedOut(feed) && stored !== null && stored !== credentials.liAt) {
      // the saved session died, but the account's own cookie is another one: try it
      await context.clearCookies();
      await context.addCookies([liAtCookie(credentials.liAt, input.baseUrl)]);
      feed = await openFeed(linkedIn);
    }
    const method = input.hasStoredState && stored !== null ? 'stored_session' : 'cookie';
    return { method, selfSlug: await healthyFeed(linkedIn, feed) };
  }

  if (input.hasStoredState) {
    const feed = await openFeed(linkedIn);
    if (!isLoggedOut(feed)) {
      return { method: 'stored_session', selfSlug: await healthyFeed(linkedIn, feed) };
    }
    await context.clearCookies();
  }

  const landed = await submitLoginForm(linkedIn, credentials.email, credentials.password);
  if (landed.parsed.page === 'login') throw new LoginFailedError(loginErrorText(landed.html));
  raiseBlocking(landed);
  const feed = landed.parsed.page === 'feed' ? landed : await openFeed(linkedIn);
  return { method: 'password', selfSlug: await healthyFeed(linkedIn, feed) };
}

async function submitLoginForm(
  linkedIn: LinkedInPage,
  email: string,
  password: string,
): Promise<LoadedPage> {
  await linkedIn.navigate('/login');
  const form = await load(linkedIn);
  raiseBlocking(form);
  if (form.parsed.page !== 'login') {
    throw new UnexpectedPageError('login', linkedIn.page.url(), form.parsed.page);
  }

  const { page, pacer } = linkedIn;
  const emailField = page.locator(LOGIN_FORM.email).first();
  await linkedIn.click(emailField);
  await pacer.type(emailField, email);
  const passwordField = page.locator(LOGIN_FORM.password).first();
  await linkedIn.click(passwordField);
  await pacer.type(passwordField, password);
  await linkedIn.clickAndWaitForPage(page.locator(LOGIN_FORM.submit).first());
  return load(linkedIn);
}

async function openFeed(linkedIn: LinkedInPage): Promise<LoadedPage> {
  await linkedIn.navigate('/feed/');
  return load(linkedIn);
}

async function load(linkedIn: LinkedInPage): Promise<LoadedPage> {
  const html = await linkedIn.html();
  return { html, parsed: parsePage(html, { url: linkedIn.page.url() }) };
}

function isLoggedOut(loaded: LoadedPage): boolean {
  return loaded.parsed.page === 'login' || loaded.parsed.page === 'authwall';
}

function raiseBlocking(loaded: LoadedPage): void {
  if (loaded.parsed.page === 'checkpoint')
    throw new CheckpointError(readCheckpointKind(loaded.html));
  if (loaded.parsed.page === 'restricted') throw new RestrictedError();
}

// The feed must load as a signed-in member's page; then it tells the account's own slug.
async function healthyFeed(linkedIn: LinkedInPage, feed: LoadedPage): Promise<string | null> {
  if (isLoggedOut(feed)) throw new SessionExpiredError();
  raiseBlocking(feed);
  if (feed.parsed.page !== 'feed' || !isLoggedInPage(feed.html)) {
    throw new UnexpectedPageError('feed', linkedIn.page.url(), feed.parsed.page);
  }
  return readSelfSlug(feed.html) ?? (await selfSlugFromMe(linkedIn));
}

// LinkedIn sends /in/me/ to the member's own profile; used when the feed shows no identity card.
// TODO: untested against a live page: the simulator's feed always has the identity card and
// it serves no /in/me/ redirect.
async function selfSlugFromMe(linkedIn: LinkedInPage): Promise<string | null> {
  await linkedIn.navigate('/in/me/');
  const loaded = await load(linkedIn);
  raiseBlocking(loaded);
  if (loaded.parsed.page !== 'profile') return null;
  const slug = linkedIn.slugInUrl();
  return slug !== null && slug.toLowerCase() !== 'me' ? slug : null;
}

function loginErrorText(html: string): string {
  const $ = loadHtml(html);
  const text = cleanText($(LOGIN_FORM.error).first().text());
  return text === '' ? 'the login page came back without saying why' : text;
}

async function liAtOf(context: BrowserContext, linkedIn: LinkedInPage): Promise<string | null> {
  const cookies = await context.cookies(linkedIn.url('/'));
  return cookies.find((cookie) => cookie.name === 'li_at')?.value ?? null;
}

/** The li_at cookie: on `.linkedin.com` for the real site, on the configured host otherwise. */
export function liAtCookie(value: string, baseUrl: string): CookieToSet {
  const url = new URL(baseUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'linkedin.com' || host.endsWith('.linkedin.com')) {
    return {
      name: 'li_at',
      value,
      domain: '.linkedin.com',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'None',
    };
  }
  return { name: 'li_at', value, url: url.origin, httpOnly: true };
}
