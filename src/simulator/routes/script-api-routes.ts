import type { Express, Request } from 'express';
import { profilePath } from '../pages/html';
import { messageView } from '../pages/messaging-pages';
import { sentInvitationRows } from '../pages/network-pages';
import {
  classicConnectButton,
  classicPendingButton,
  newConnectLink,
  newPendingButton,
  personState,
} from '../pages/people';
import { commentItems, reactorItems } from '../pages/post-page';
import { voyagerMe } from '../pages/shell';
import { requireApiMember } from '../session';
import type { Member } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { current, decodeSlug, queryString } from './shared';

const MESSAGE_MAX_LENGTH = 8000;

/** JSON endpoints the page scripts call (with the csrf-token header), like LinkedIn's voyager API. */
export function registerScriptApiRoutes(app: Express, store: SimulatorStore): void {
  const api = requireApiMember(store);

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
          ? classicConnectButton(target, (request.body as { from?: unknown }).from !== 'search')
              .text
          : newConnectLink(
              (request.body as { from?: unknown }).from === 'search' ? 'search' : 'profile',
              target,
            ).text;
    response.json({ withdrawn: true, connectHtml });
  });

  // What LinkedIn's own pages ask first: who is logged in (publicIdentifier is the slug).
  app.get('/voyager/api/me', api, (request, response) => {
    response.json(voyagerMe(current(request).viewer));
  });

  app.post('/voyager/api/feed/follows', api, (request, response) => {
    const target = findTarget(request);
    if (!target) {
      response.status(404).json({ error: 'not_found' });
      return;
    }
    store.follow(current(request).account, target);
    response.json({ following: true });
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
      canMessage: store.canMessage(account, target),
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
    if (!target || text.trim() === '' || text.length > MESSAGE_MAX_LENGTH) {
      response.status(400).json({ error: 'invalid' });
      return;
    }
    if (!store.canMessage(account, target)) {
      response.status(403).json({ error: 'not_connected' });
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
}
