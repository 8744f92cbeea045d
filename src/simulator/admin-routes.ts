import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { profilePath } from './pages/html';
import {
  createAccount,
  createMember,
  createPost,
  generateMembers,
  type CommentInput,
} from './state/dataset';
import type { Account, Comment, Invitation, Member, Post } from './state/model';
import type { SimulatorStore } from './state/store';

export interface AdminHooks {
  /** Replaces the whole state with a fresh dataset. */
  reset(options: { dataset?: 'demo' | 'empty'; seed?: number }): void;
}

const layoutSchema = z.enum(['classic', 'new']);
const degreeSchema = z.enum(['1st', '2nd', '3rd']);
const connectViaSchema = z.enum(['button', 'more', 'follow-first', 'follow-only']);
const reactionSchema = z.enum([
  'LIKE',
  'PRAISE',
  'EMPATHY',
  'INTEREST',
  'APPRECIATION',
  'ENTERTAINMENT',
]);

const memberSchema = z.object({
  slug: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string(),
  fullName: z.string().optional(),
  headline: z.string().optional(),
  company: z.string().optional(),
  location: z.string().optional(),
  premium: z.boolean().optional(),
  previousSlugs: z.array(z.string()).optional(),
  degree: degreeSchema.optional(),
  connectVia: connectViaSchema.optional(),
  emailRequired: z.boolean().optional(),
});

const limitsSchema = z.object({
  weeklyInvitationLimit: z.number().int().min(0).optional(),
  closeToLimitThreshold: z.number().int().min(0).optional(),
  freeNotesPerMonth: z.number().int().min(0).optional(),
});

const accountSchema = z.object({
  id: z.string().optional(),
  email: z.string().min(3),
  password: z.string().min(1),
  firstName: z.string().default('Test'),
  lastName: z.string().default('Account'),
  slug: z.string().min(1),
  layout: layoutSchema.optional(),
  premium: z.boolean().optional(),
  limits: limitsSchema.optional(),
  liAt: z.string().optional(),
});

interface CommentBody {
  authorSlug?: string;
  companySlug?: string;
  text: string;
  replies?: CommentBody[];
}
const commentSchema: z.ZodType<CommentBody> = z.lazy(() =>
  z.object({
    authorSlug: z.string().optional(),
    companySlug: z.string().optional(),
    text: z.string(),
    replies: z.array(commentSchema).optional(),
  }),
);

const postSchema = z.object({
  id: z.string().regex(/^\d+$/).optional(),
  urnKind: z.enum(['activity', 'ugcPost', 'share']).optional(),
  authorSlug: z.string(),
  text: z.string().default(''),
  reactions: z.array(z.object({ slug: z.string(), type: reactionSchema.optional() })).default([]),
  comments: z.array(commentSchema).default([]),
});

const csvQuerySchema = z.object({
  keywords: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(100_000),
  /** The host the URLs name; LinkedIn's by default, as in files people export. */
  origin: z
    .string()
    .regex(/^https?:\/\/[^/?#]+$/, 'origin must look like https://host[:port]')
    .default('https://www.linkedin.com'),
});

function matchesKeywords(member: Member, keywords: string): boolean {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const haystack = fold(`${member.fullName} ${member.headline} ${member.company} ${member.slug}`);
  return fold(keywords)
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => haystack.includes(term));
}

function ownMemberIds(store: SimulatorStore): Set<number> {
  return new Set([...store.accounts.values()].map((item) => item.memberId));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A lead file of members, with the columns people export from LinkedIn tools. */
export function membersCsv(members: Member[], origin: string): string {
  const header = ['First Name', 'Last Name', 'LinkedIn URL', 'Company', 'Title'];
  const lines = members.map((member) =>
    [
      member.firstName,
      member.lastName,
      `${origin}/in/${encodeURIComponent(member.slug)}`,
      member.company,
      member.headline.split(' at ')[0],
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** "invalid request: count: Expected number, received string; …" rather than a JSON dump. */
function zodMessage(error: z.ZodError): string {
  const problems = error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  return `invalid request: ${problems.join('; ')}`;
}

function handle(action: (request: Request) => unknown) {
  return (request: Request, response: Response) => {
    try {
      const result = action(request);
      response.json(result ?? { ok: true });
    } catch (error) {
      if (error instanceof AdminError) response.status(error.status).json({ error: error.message });
      else if (error instanceof z.ZodError) response.status(400).json({ error: zodMessage(error) });
      else response.status(400).json({ error: error instanceof Error ? error.message : 'failed' });
    }
  };
}

export function memberView(member: Member) {
  return {
    id: member.id,
    profileId: member.profileId,
    slug: member.slug,
    path: profilePath(member.slug),
    fullName: member.fullName,
    firstName: member.firstName,
    lastName: member.lastName,
    headline: member.headline,
    company: member.company,
    companyId: member.companyId,
    location: member.location,
    geoIds: member.geoIds,
    degree: member.defaults.degree,
    connectVia: member.defaults.connectVia,
    emailRequired: member.defaults.emailRequired,
  };
}

interface CommentView {
  authorSlug: string | null;
  companySlug: string | null;
  text: string;
  replies: CommentView[];
}

function postView(store: SimulatorStore, post: Post) {
  const toView = (comment: Comment): CommentView => ({
    authorSlug:
      comment.author.kind === 'member' ? store.requireMember(comment.author.memberId).slug : null,
    companySlug:
      comment.author.kind === 'company'
        ? (store.companies.get(comment.author.companyId)?.slug ?? null)
        : null,
    text: comment.text,
    replies: comment.replies.map(toView),
  });
  return {
    id: post.id,
    url: `/feed/update/urn:li:${post.urnKind}:${post.id}/`,
    authorSlug: store.requireMember(post.authorMemberId).slug,
    reactions: post.reactions.map((reaction) => ({
      slug: store.requireMember(reaction.memberId).slug,
      type: reaction.type,
    })),
    comments: post.comments.map(toView),
  };
}

function invitationView(store: SimulatorStore, invitation: Invitation) {
  return {
    id: invitation.id,
    accountId: invitation.accountId,
    fromSlug: store.requireMember(invitation.fromMemberId).slug,
    toSlug: invitation.toSlug,
    note: invitation.note,
    email: invitation.email,
    sentAt: new Date(invitation.sentAt).toISOString(),
    state: invitation.state,
    respondedAt:
      invitation.respondedAt === null ? null : new Date(invitation.respondedAt).toISOString(),
    origin: invitation.origin,
  };
}

/** JSON admin API under `/__sim/`: set the world up and read back what happened. */
export function adminRouter(
  store: SimulatorStore,
  challenges: Map<string, { resolved: boolean }>,
  hooks?: AdminHooks,
): Router {
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  const account = (request: Request): Account => {
    const found = store.accounts.get(String(request.params.accountId));
    if (!found) throw new AdminError(404, `no account ${String(request.params.accountId)}`);
    return found;
  };
  const memberBySlug = (slug: string): Member => {
    const found = store.memberBySlug(slug);
    if (!found) throw new AdminError(404, `no member ${slug}`);
    return found;
  };
  const filterAccount = <T extends { accountId: string | null }>(request: Request, items: T[]) => {
    const accountId = typeof request.query.accountId === 'string' ? request.query.accountId : null;
    return accountId ? items.filter((item) => item.accountId === accountId) : items;
  };

  router.post(
    '/reset',
    handle((request) => {
      const body = z
        .object({
          dataset: z.enum(['demo', 'empty']).optional(),
          seed: z.number().int().optional(),
        })
        .parse(request.body ?? {});
      if (!hooks) throw new AdminError(500, 'reset is not wired');
      hooks.reset(body);
      return { ok: true };
    }),
  );

  router.get(
    '/state',
    handle(() => ({
      members: store.members.size,
      accounts: [...store.accounts.values()].map((item) => ({
        id: item.id,
        email: item.email,
        slug: store.requireMember(item.memberId).slug,
        layout: item.layout,
        premium: item.premium,
      })),
      posts: [...store.posts.keys()],
      events: [...store.events.keys()],
    })),
  );

  router.post(
    '/members',
    handle((request) => memberView(createMember(store, memberSchema.parse(request.body)))),
  );
  router.post(
    '/members/generate',
    handle((request) => {
      const body = z.object({ count: z.number().int().min(1).max(5000) }).parse(request.body);
      return generateMembers(store, { count: body.count }).map(memberView);
    }),
  );
  router.get(
    '/members',
    handle((request) => {
      const keywords = typeof request.query.keywords === 'string' ? request.query.keywords : '';
      return [...store.members.values()]
        .filter((member) => (keywords ? matchesKeywords(member, keywords) : true))
        .map(memberView);
    }),
  );
  router.get('/members.csv', (request: Request, response: Response) => {
    const parsed = csvQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      response.status(400).json({ error: zodMessage(parsed.error) });
      return;
    }
    const { keywords, limit, origin } = parsed.data;
    const members = [...store.members.values()]
      .filter((member) => !ownMemberIds(store).has(member.id))
      .filter((member) => !keywords || matchesKeywords(member, keywords))
      .slice(0, limit);
    response.type('text/csv; charset=utf-8').send(membersCsv(members, origin));
  });
  router.get(
    '/companies',
    handle(() => [...store.companies.values()].map((company) => ({ ...company }))),
  );
  router.get(
    '/members/:slug',
    handle((request) => memberView(memberBySlug(decodeURIComponent(String(request.params.slug))))),
  );

  router.post(
    '/accounts',
    handle((request) => {
      const body = accountSchema.parse(request.body);
      const created = createAccount(store, body);
      const session = body.liAt ? store.createSession(created.id, body.liAt) : null;
      return { id: created.id, memberId: created.memberId, liAt: session?.liAt ?? null };
    }),
  );
  router.patch(
    '/accounts/:accountId',
    handle((request) => {
      const body = z
        .object({ layout: layoutSchema.optional(), premium: z.boolean().optional() })
        .parse(request.body);
      const target = account(request);
      if (body.layout) target.layout = body.layout;
      if (body.premium !== undefined) target.premium = body.premium;
      return { id: target.id, layout: target.layout, premium: target.premium };
    }),
  );
  router.post(
    '/accounts/:accountId/sessions',
    handle((request) => {
      const body = z.object({ liAt: z.string().optional() }).parse(request.body ?? {});
      const session = store.createSession(account(request).id, body.liAt);
      return { liAt: session.liAt, jsessionId: session.jsessionId };
    }),
  );
  router.post(
    '/accounts/:accountId/sessions/kill',
    handle((request) => ({ killed: store.killSessions(account(request).id) })),
  );
  router.put(
    '/accounts/:accountId/limits',
    handle((request) => {
      const target = account(request);
      target.limits = { ...target.limits, ...limitsSchema.parse(request.body) };
      return target.limits;
    }),
  );
  router.post(
    '/accounts/:accountId/checkpoint',
    handle((request) => {
      const body = z
        .object({
          kind: z.enum(['email_pin', 'app', 'captcha']),
          pin: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        })
        .parse(request.body);
      const target = account(request);
      target.checkpoint = {
        kind: body.kind,
        token: `AQ${store.random.alphanumeric(24).replace(/[_-]/g, 'x')}`,
        pin: body.pin ?? store.random.digits(6),
      };
      return { token: target.checkpoint.token, pin: target.checkpoint.pin };
    }),
  );
  router.post(
    '/accounts/:accountId/checkpoint/resolve',
    handle((request) => {
      const target = account(request);
      if (!target.checkpoint) return { resolved: false };
      const challenge = challenges.get(target.checkpoint.token);
      if (challenge) challenge.resolved = true;
      else target.checkpoint = null;
      return { resolved: true };
    }),
  );
  router.put(
    '/accounts/:accountId/restriction',
    handle((request) => {
      const body = z.object({ restricted: z.boolean() }).parse(request.body);
      account(request).restricted = body.restricted;
      return body;
    }),
  );
  router.put(
    '/accounts/:accountId/relationships/:slug',
    handle((request) => {
      const body = z
        .object({
          degree: degreeSchema.optional(),
          connectVia: connectViaSchema.optional(),
          emailRequired: z.boolean().optional(),
          pending: z.boolean().optional(),
        })
        .parse(request.body);
      const target = account(request);
      const member = memberBySlug(decodeURIComponent(String(request.params.slug)));
      const current = store.relationship(target, member);
      const next = {
        degree: body.degree ?? current.degree,
        connectVia: body.connectVia ?? current.connectVia,
        emailRequired: body.emailRequired ?? current.emailRequired,
      };
      target.relationships.set(member.id, next);
      const pending = store.pendingInvitation(target.id, member.id);
      if (body.pending === true && !pending) {
        store.recordInvitation(target, member, null, null, 'admin');
      }
      if (body.pending === false && pending) pending.state = 'withdrawn';
      return { ...next, pending: Boolean(store.pendingInvitation(target.id, member.id)) };
    }),
  );
  router.put(
    '/accounts/:accountId/auto-respond',
    handle((request) => {
      const body = z
        .object({
          acceptRate: z.number().min(0).max(1),
          ignoreRate: z.number().min(0).max(1).default(0),
          delayMs: z.number().int().min(0).default(0),
        })
        .nullable()
        .parse((request.body as { rule?: unknown } | undefined)?.rule ?? null);
      account(request).autoRespond = body;
      return { autoRespond: body };
    }),
  );
  router.put(
    '/accounts/:accountId/invitation-failures',
    handle((request) => {
      const body = z.object({ count: z.number().int().min(0) }).parse(request.body);
      account(request).failNextInvitations = body.count;
      return body;
    }),
  );

  router.post(
    '/invitations/respond',
    handle((request) => {
      const body = z
        .object({
          accountId: z.string(),
          slug: z.string().optional(),
          action: z.enum(['accept', 'ignore']),
          delayMs: z.number().int().min(0).default(0),
          /** Share of the matching invitations that respond, drawn from the seeded random. */
          rate: z.number().min(0).max(1).default(1),
        })
        .parse(request.body);
      if (!store.accounts.has(body.accountId)) {
        throw new AdminError(404, `no account ${body.accountId}`);
      }
      const targets = store.invitations.filter(
        (invitation) =>
          invitation.accountId === body.accountId &&
          invitation.state === 'pending' &&
          (body.slug === undefined ||
            invitation.toSlug === body.slug.normalize('NFC').toLowerCase()),
      );
      const chosen = targets.filter(() => body.rate >= 1 || store.random.chance(body.rate));
      for (const invitation of chosen) store.respond(invitation, body.action, body.delayMs);
      return { count: chosen.length };
    }),
  );
  router.get(
    '/invitations',
    handle((request) =>
      filterAccount(request, store.invitations).map((item) => invitationView(store, item)),
    ),
  );

  router.post(
    '/messages/reply',
    handle((request) => {
      const body = z
        .object({ accountId: z.string(), fromSlug: z.string(), text: z.string().min(1) })
        .parse(request.body);
      const target = store.accounts.get(body.accountId);
      if (!target) throw new AdminError(404, `no account ${body.accountId}`);
      const sender = memberBySlug(body.fromSlug);
      const thread = store.threadWith(target.id, sender.id);
      const message = store.addMessage(thread, sender.id, body.text);
      return {
        threadId: thread.id,
        threadPath: `/messaging/thread/${thread.id}/`,
        messageId: message.id,
      };
    }),
  );
  router.get(
    '/messages',
    handle((request) => {
      const accountId =
        typeof request.query.accountId === 'string' ? request.query.accountId : null;
      return store.messages
        .filter(
          (message) => !accountId || store.threads.get(message.threadId)?.accountId === accountId,
        )
        .map((message) => {
          const thread = store.threads.get(message.threadId);
          return {
            id: message.id,
            threadId: message.threadId,
            accountId: thread?.accountId ?? null,
            withSlug: thread ? store.requireMember(thread.otherMemberId).slug : null,
            senderSlug: store.requireMember(message.senderMemberId).slug,
            text: message.text,
            sentAt: new Date(message.sentAt).toISOString(),
          };
        });
    }),
  );

  router.post(
    '/posts',
    handle((request) => {
      const body = postSchema.parse(request.body);
      const author = memberBySlug(body.authorSlug);
      const toComment = (comment: CommentBody): CommentInput => {
        if (comment.companySlug) {
          const company =
            [...store.companies.values()].find((item) => item.slug === comment.companySlug) ??
            store.addCompany(comment.companySlug, comment.companySlug);
          return {
            companyId: company.id,
            text: comment.text,
            replies: (comment.replies ?? []).map(toComment),
          };
        }
        const commenter = comment.authorSlug ? memberBySlug(comment.authorSlug) : author;
        return {
          memberId: commenter.id,
          text: comment.text,
          replies: (comment.replies ?? []).map(toComment),
        };
      };
      const post = createPost(store, {
        id: body.id,
        urnKind: body.urnKind,
        authorMemberId: author.id,
        text: body.text,
        reactions: body.reactions.map((reaction) => ({
          memberId: memberBySlug(reaction.slug).id,
          type: reaction.type,
        })),
        comments: body.comments.map(toComment),
      });
      return {
        id: post.id,
        url: `/feed/update/urn:li:${post.urnKind}:${post.id}/`,
        publicUrl: `/posts/${author.slug}_post-activity-${post.id}-abcd`,
      };
    }),
  );
  router.get(
    '/posts/:postId',
    handle((request) => {
      const post = store.posts.get(String(request.params.postId));
      if (!post) throw new AdminError(404, `no post ${String(request.params.postId)}`);
      return postView(store, post);
    }),
  );
  router.get(
    '/events/:eventId',
    handle((request) => {
      const event = store.events.get(String(request.params.eventId));
      if (!event) throw new AdminError(404, `no event ${String(request.params.eventId)}`);
      return {
        id: event.id,
        title: event.title,
        url: `/events/${event.id}/`,
        organizerSlug: store.requireMember(event.organizerMemberId).slug,
        attendeeSlugs: event.attendeeMemberIds.map((id) => store.requireMember(id).slug),
      };
    }),
  );
  router.post(
    '/events',
    handle((request) => {
      const body = z
        .object({
          id: z
            .string()
            .regex(/^\d{19}$/)
            .optional(),
          title: z.string().min(1),
          organizerSlug: z.string(),
          attendeeSlugs: z.array(z.string()).default([]),
        })
        .parse(request.body);
      const id = body.id ?? `7${store.random.digits(18)}`;
      store.events.set(id, {
        id,
        title: body.title,
        organizerMemberId: memberBySlug(body.organizerSlug).id,
        attendeeMemberIds: body.attendeeSlugs.map((slug) => memberBySlug(slug).id),
        startsAt: store.now() + 7 * 24 * 3600 * 1000,
      });
      return {
        id,
        url: `/events/${id}/`,
        attendeesSearchUrl: `/search/results/people/?eventAttending=${encodeURIComponent(JSON.stringify([id]))}&origin=EVENT_PAGE_CANNED_SEARCH`,
      };
    }),
  );

  router.put(
    '/faults',
    handle((request) => {
      const body = z
        .object({
          latencyMs: z.number().int().min(0).default(0),
          errors: z
            .array(
              z.object({
                pathPrefix: z.string(),
                status: z.number().int().min(400).max(599),
                count: z.number().int().default(-1),
              }),
            )
            .default([]),
        })
        .parse(request.body);
      store.faults = {
        latencyMs: body.latencyMs,
        errors: body.errors.map((error) => ({
          pathPrefix: error.pathPrefix,
          status: error.status,
          remaining: error.count,
        })),
      };
      return { ok: true };
    }),
  );
  router.post(
    '/clock/advance',
    handle((request) => {
      const body = z.object({ ms: z.number().int() }).parse(request.body);
      store.clockOffsetMs += body.ms;
      return { now: new Date(store.now()).toISOString() };
    }),
  );

  router.get(
    '/profile-views',
    handle((request) =>
      filterAccount(request, store.profileViews).map((view) => ({
        ...view,
        at: new Date(view.at).toISOString(),
      })),
    ),
  );
  router.get(
    '/withdrawals',
    handle((request) =>
      filterAccount(request, store.withdrawals).map((item) => ({
        ...item,
        at: new Date(item.at).toISOString(),
      })),
    ),
  );
  router.get(
    '/follows',
    handle((request) =>
      filterAccount(request, store.follows).map((item) => ({
        ...item,
        at: new Date(item.at).toISOString(),
      })),
    ),
  );
  router.get(
    '/logins',
    handle((request) =>
      filterAccount(request, store.logins).map((item) => ({
        ...item,
        at: new Date(item.at).toISOString(),
      })),
    ),
  );

  // A body that is not JSON gets a JSON answer naming the problem, not Express's HTML page.
  router.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    response
      .status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500)
      .json({ error: error instanceof Error ? error.message : 'failed' });
  });

  return router;
}
