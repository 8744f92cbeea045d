import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRouter, type AdminHooks } from './admin-routes';
import {
  authwallPage,
  challengePage,
  errorPage,
  feedPage,
  loginPage,
  myNetworkPage,
  notFoundPage,
  restrictedPage,
} from './pages/auth-pages';
import { eventPage } from './pages/event-page';
import { profilePath } from './pages/html';
import { composePage, inboxPage, threadPage, messageView } from './pages/messaging-pages';
import { connectionsPage, sentInvitationRows, sentInvitationsPage } from './pages/network-pages';
import {
  classicConnectButton,
  classicPendingButton,
  newConnectLink,
  newPendingButton,
  personState,
} from './pages/people';
import { commentItems, postPage, reactorItems } from './pages/post-page';
import { profilePage } from './pages/profile-page';
import { searchPage } from './pages/search-page';
import {
  lookupSession,
  requireApiMember,
  requireMember,
  setSessionCookies,
  type RequestViewer,
} from './session';
import type { Member } from './state/model';
import { parseListFacet, searchPeople } from './state/search';
import type { SimulatorStore } from './state/store';

interface Challenge {
  token: string;
  accountId: string;
  resolved: boolean;
  redirect: string;
}

function current(request: Request): RequestViewer {
  if (!request.current) throw new Error('route used without requireMember');
  return request.current;
}

function queryString(request: Request, name: string): string {
  const value = request.query[name];
  return typeof value === 'string' ? value : '';
}

function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw).normalize('NFC').toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** Builds the Express app that plays LinkedIn. */
export function createSimulatorApp(store: SimulatorStore, hooks?: AdminHooks): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const challenges = new Map<string, Challenge>();

  app.use('/__sim', express.json({ limit: '2mb' }), adminRouter(store, challenges, hooks));

  // Latency and error pages configured through the admin API.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const status = store.takeFault(request.path);
    const delay = store.faults.latencyMs;
    const proceed = () => {
      if (status !== null) response.status(status).type('html').send(errorPage(status));
      else next();
    };
    if (delay > 0) setTimeout(proceed, delay);
    else proceed();
  });
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  const member = requireMember(store);
  const api = requireApiMember(store);

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

  // --- logged-in pages -------------------------------------------------------------
  app.get(['/feed', '/feed/'], member, (request, response) => {
    response.type('html').send(feedPage(current(request).viewer));
  });
  app.get(['/mynetwork', '/mynetwork/'], member, (request, response) => {
    response.type('html').send(myNetworkPage(current(request).viewer));
  });

  app.get('/search/results/people/', member, (request, response) => {
    const { account, viewer } = current(request);
    const keywords = queryString(request, 'keywords');
    const page = Math.max(1, Number.parseInt(queryString(request, 'page') || '1', 10) || 1);
    const results = searchPeople(store, account, {
      keywords,
      network: parseListFacet(request.query.network),
      eventAttending: parseListFacet(request.query.eventAttending),
    });
    const pageUrl = (target: number) => {
      const params = new URLSearchParams(request.query as Record<string, string>);
      params.set('page', String(target));
      return `/search/results/people/?${params.toString()}`;
    };
    response
      .type('html')
      .send(searchPage({ store, account, viewer, results, page, keywords, pageUrl }));
  });

  const showProfile = (request: Request, response: Response, slugParam: string) => {
    const { account, viewer } = current(request);
    const rawSlug = decodeSlug(slugParam);
    const found =
      store.memberBySlug(rawSlug) ??
      (rawSlug.startsWith('acoaa') ? store.memberByProfileId(slugParam) : undefined);
    if (found && found.slug !== rawSlug) {
      // Member-id URLs land on the vanity URL, as LinkedIn redirects them.
      response.redirect(302, profilePath(found.slug));
      return;
    }
    if (!found) {
      const renamed = store.memberByPreviousSlug(rawSlug);
      if (renamed) {
        response.redirect(301, profilePath(renamed.slug));
        return;
      }
      response.redirect(302, '/404/');
      return;
    }
    store.profileViews.push({
      accountId: account.id,
      memberId: found.id,
      slug: found.slug,
      path: request.originalUrl,
      at: store.now(),
    });
    response.type('html').send(profilePage({ store, account, viewer, member: found }));
  };
  app.get('/in/:slug', member, (request, response) => {
    const slug = String(request.params.slug);
    showProfile(request, response, slug);
  });
  app.get('/in/:slug/', member, (request, response) => {
    showProfile(request, response, String(request.params.slug));
  });

  const showInviteShortcut = (request: Request, response: Response) => {
    const { account, viewer } = current(request);
    const target = store.memberBySlug(decodeSlug(queryString(request, 'vanityName')));
    if (!target) {
      response.redirect(302, '/404/');
      return;
    }
    response
      .type('html')
      .send(profilePage({ store, account, viewer, member: target, autostartInvite: true }));
  };
  app.get('/preload/custom-invite/', member, showInviteShortcut);
  app.get('/preload/search-custom-invite/', member, showInviteShortcut);

  app.get('/events/:idOrSlug', member, (request, response) => showEvent(request, response));
  app.get('/events/:idOrSlug/', member, (request, response) => showEvent(request, response));
  function showEvent(request: Request, response: Response) {
    const match = /(\d{19})$/.exec(String(request.params.idOrSlug));
    const event = match ? store.events.get(match[1]) : undefined;
    if (!event) {
      response.redirect(302, '/404/');
      return;
    }
    response.type('html').send(eventPage({ store, viewer: current(request).viewer, event }));
  }

  const showPost = (request: Request, response: Response, postId: string | undefined) => {
    const post = postId ? store.posts.get(postId) : undefined;
    if (!post) {
      response.redirect(302, '/404/');
      return;
    }
    const { account, viewer } = current(request);
    response.type('html').send(postPage({ store, account, viewer, post }));
  };
  app.get('/feed/update/:urn', member, (request, response) => {
    showPost(
      request,
      response,
      /^urn:li:(?:activity|ugcPost|share):(\d+)$/.exec(String(request.params.urn))?.[1],
    );
  });
  app.get('/feed/update/:urn/', member, (request, response) => {
    showPost(
      request,
      response,
      /^urn:li:(?:activity|ugcPost|share):(\d+)$/.exec(String(request.params.urn))?.[1],
    );
  });
  app.get(['/posts/:slug', '/posts/:slug/'], member, (request, response) => {
    showPost(
      request,
      response,
      /-(?:activity|ugcPost|share)-(\d+)-[A-Za-z0-9]{4}$/.exec(String(request.params.slug))?.[1],
    );
  });

  app.get(['/messaging', '/messaging/'], member, (request, response) => {
    const { account, viewer } = current(request);
    response.type('html').send(inboxPage({ store, account, viewer }));
  });
  app.get(
    ['/messaging/thread/:threadId', '/messaging/thread/:threadId/'],
    member,
    (request, response) => {
      const { account, viewer } = current(request);
      const threadId = String(request.params.threadId);
      if (threadId === 'new') {
        response
          .type('html')
          .send(
            composePage({ store, account, viewer, recipient: queryString(request, 'recipient') }),
          );
        return;
      }
      const thread = store.threads.get(threadId);
      if (!thread || thread.accountId !== account.id) {
        response.redirect(302, '/messaging/');
        return;
      }
      response.type('html').send(threadPage({ store, account, viewer, thread }));
    },
  );
  app.get('/messaging/compose/', member, (request, response) => {
    const { account, viewer } = current(request);
    response
      .type('html')
      .send(composePage({ store, account, viewer, recipient: queryString(request, 'recipient') }));
  });

  app.get('/mynetwork/invitation-manager/sent/', member, (request, response) => {
    const { account, viewer } = current(request);
    response.type('html').send(sentInvitationsPage({ store, account, viewer }));
  });
  app.get('/mynetwork/invite-connect/connections/', member, (request, response) => {
    const { account, viewer } = current(request);
    response.type('html').send(connectionsPage({ store, account, viewer }));
  });

  // --- JSON endpoints used by the page scripts ------------------------------------
  const findTarget = (request: Request): Member | undefined => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const slug =
      typeof body.vanityName === 'string' ? body.vanityName : queryString(request, 'vanityName');
    return store.memberBySlug(decodeSlug(slug));
  };

  app.get('/voyager/api/sim/invitationContext', api, (request, response) => {
    const { account } = current(request);
    const target = findTarget(request);
    if (!target) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    response.json({
      slug: target.slug,
      name: target.fullName,
      emailRequired: store.relationship(account, target).emailRequired,
      noteQuotaLeft: store.noteQuotaLeft(account),
      noteMaxLength: account.premium ? 300 : 200,
      closeToLimit: store.closeToWeeklyLimit(account),
    });
  });

  app.post('/voyager/api/growth/normInvitations', api, (request, response) => {
    const { account, viewer } = current(request);
    const target = findTarget(request);
    if (!target) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    const body = request.body as { message?: unknown; email?: unknown };
    const maxLength = account.premium ? 300 : 200;
    const note =
      typeof body.message === 'string' && body.message !== ''
        ? body.message.slice(0, maxLength)
        : null;
    const email = typeof body.email === 'string' && body.email !== '' ? body.email : null;
    const outcome = store.sendInvitation(account, target, note, email);
    if (outcome.kind !== 'sent') {
      response.status(outcome.kind === 'weekly_limit' ? 429 : 400).json({ outcome: outcome.kind });
      return;
    }
    const pendingHtml =
      viewer.layout === 'classic'
        ? classicPendingButton(target).text
        : newPendingButton(target).text;
    response.json({ outcome: 'sent', invitationId: outcome.invitation.id, pendingHtml });
  });

  app.post('/voyager/api/growth/withdraw', api, (request, response) => {
    const { account, viewer } = current(request);
    const target = findTarget(request);
    const invitation = target ? store.pendingInvitation(account.id, target.id) : undefined;
    if (!target || !invitation) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    store.withdraw(invitation);
    const state = personState(store, account, target);
    const connectHtml =
      state !== 'connect'
        ? null
        : viewer.layout === 'classic'
          ? classicConnectButton(target).text
          : newConnectLink('profile', target).text;
    response.json({ withdrawn: true, connectHtml });
  });

  app.get('/voyager/api/sim/composeContext', api, (request, response) => {
    const { account } = current(request);
    const recipient = queryString(request, 'recipient');
    const target = recipient
      ? store.memberByProfileId(recipient.replace(/^urn:li:fsd_profile:/, ''))
      : findTarget(request);
    if (!target) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    const thread = [...store.threads.values()].find(
      (candidate) => candidate.accountId === account.id && candidate.otherMemberId === target.id,
    );
    response.json({
      name: target.fullName,
      profileId: target.profileId,
      profilePath: profilePath(target.slug),
      threadId: thread?.id ?? null,
      messages: thread
        ? store.threadMessages(thread.id).map((message) => messageView(store, account, message))
        : [],
    });
  });

  app.post('/voyager/api/messaging/send', api, (request, response) => {
    const { account } = current(request);
    const body = request.body as { recipient?: unknown; text?: unknown };
    const target =
      typeof body.recipient === 'string' ? store.memberByProfileId(body.recipient) : undefined;
    const text = typeof body.text === 'string' ? body.text : '';
    if (!target || text.trim() === '' || text.length > 8000) {
      response.status(400).json({ error: 'invalid' });
      return;
    }
    const thread = store.threadWith(account.id, target.id);
    const message = store.addMessage(thread, account.memberId, text);
    response.json({ threadId: thread.id, message: messageView(store, account, message) });
  });

  app.get('/voyager/api/sim/reactions', api, (request, response) => {
    const post = store.posts.get(queryString(request, 'postId'));
    if (!post) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    const { account } = current(request);
    const start = Number.parseInt(queryString(request, 'start') || '0', 10) || 0;
    response.json(reactorItems(store, account, post, start));
  });

  app.get('/voyager/api/sim/comments', api, (request, response) => {
    const post = store.posts.get(queryString(request, 'postId'));
    if (!post) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    const start = Number.parseInt(queryString(request, 'start') || '0', 10) || 0;
    response.json(commentItems(store, post, start));
  });

  app.get('/voyager/api/sim/sentInvitations', api, (request, response) => {
    const { account, viewer } = current(request);
    const start = Number.parseInt(queryString(request, 'start') || '0', 10) || 0;
    response.json(sentInvitationRows(store, account, viewer, start));
  });

  app.use((request, response) => {
    const lookup = lookupSession(store, request);
    if (
      lookup.kind !== 'alive' &&
      request.method === 'GET' &&
      !request.path.startsWith('/voyager/')
    ) {
      response.redirect(302, `/login?session_redirect=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    response
      .status(404)
      .type('html')
      .send(notFoundPage(lookup.kind === 'alive' ? lookup.current.viewer : null));
  });

  return app;
}

/** Only same-site paths are followed after login. */
function safeRedirect(target: string): string {
  if (!target) return '';
  try {
    const url = new URL(target, 'http://simulator.invalid');
    return `${url.pathname}${url.search}`;
  } catch {
    return '';
  }
}
