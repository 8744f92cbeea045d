import type { Express, Request, Response } from 'express';
import { feedPage, myNetworkPage } from '../pages/auth-pages';
import { eventPage } from '../pages/event-page';
import { profilePath } from '../pages/html';
import { composePage, inboxPage, threadPage } from '../pages/messaging-pages';
import { connectionsPage, sentInvitationsPage } from '../pages/network-pages';
import { postPage } from '../pages/post-page';
import { profilePage } from '../pages/profile-page';
import { searchPage } from '../pages/search-page';
import { requireMember } from '../session';
import { parseListFacet, searchPeople } from '../state/search';
import type { SimulatorStore } from '../state/store';
import { current, decodeSlug, queryString } from './shared';

/** The pages a logged-in member sees: feed, search, profiles, events, posts, messaging, network. */
export function registerPageRoutes(app: Express, store: SimulatorStore): void {
  const member = requireMember(store);

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
      geoUrn: parseListFacet(request.query.geoUrn),
      currentCompany: parseListFacet(request.query.currentCompany),
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
}
