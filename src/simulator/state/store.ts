import { randomBytes } from 'node:crypto';
import type {
  Account,
  Company,
  Faults,
  Follow,
  Invitation,
  Login,
  Member,
  Message,
  Post,
  ProfileView,
  Relationship,
  Session,
  SimEvent,
  Thread,
  Withdrawal,
} from './model';
import { SeededRandom } from './random';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;
const FIRST_IDS = { member: 1000, invitation: 1, message: 1, comment: 1, company: 1035 };

function isShownPending(invitation: Invitation): boolean {
  return invitation.state === 'pending' || invitation.state === 'ignored';
}
const MONTH_MS = 30 * 24 * 3600 * 1000;
const REINVITE_COOLDOWN_MS = 21 * 24 * 3600 * 1000;

export const DEFAULT_LIMITS = {
  weeklyInvitationLimit: 100,
  closeToLimitThreshold: 80,
  freeNotesPerMonth: 5,
};

export type InvitationOutcome =
  | { kind: 'sent'; invitation: Invitation }
  | { kind: 'weekly_limit' }
  | { kind: 'note_quota' }
  | { kind: 'email_required' }
  | { kind: 'not_allowed' }
  | { kind: 'withdraw_cooldown' }
  | { kind: 'try_later' };

/** Everything the simulator knows, with the rules LinkedIn applies to it. */
export class SimulatorStore {
  members = new Map<number, Member>();
  companies = new Map<number, Company>();
  accounts = new Map<string, Account>();
  sessions = new Map<string, Session>();
  invitations: Invitation[] = [];
  threads = new Map<string, Thread>();
  messages: Message[] = [];
  posts = new Map<string, Post>();
  events = new Map<string, SimEvent>();
  profileViews: ProfileView[] = [];
  withdrawals: Withdrawal[] = [];
  follows: Follow[] = [];
  logins: Login[] = [];
  faults: Faults = { latencyMs: 0, errors: [] };
  clockOffsetMs = 0;
  /** When the current world was built; seeded connections date from before it. */
  epoch = Date.now();
  random: SeededRandom;
  private nextIds = { ...FIRST_IDS };
  private timers = new Set<NodeJS.Timeout>();

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  /** Forgets everything and starts again from a seed. */
  reset(seed: number): void {
    this.dispose();
    this.members.clear();
    this.companies.clear();
    this.accounts.clear();
    this.sessions.clear();
    this.invitations = [];
    this.threads.clear();
    this.messages = [];
    this.posts.clear();
    this.events.clear();
    this.profileViews = [];
    this.withdrawals = [];
    this.follows = [];
    this.logins = [];
    this.faults = { latencyMs: 0, errors: [] };
    this.clockOffsetMs = 0;
    this.epoch = Date.now();
    this.random = new SeededRandom(seed);
    this.nextIds = { ...FIRST_IDS };
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Stops pending delayed actions (responses scheduled for later). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  later(delayMs: number, action: () => void): void {
    if (delayMs <= 0) return action();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  allocateMemberId(): number {
    return this.nextIds.member++;
  }

  allocateCommentId(): number {
    return this.nextIds.comment++;
  }

  addMember(member: Member): Member {
    if (this.memberBySlug(member.slug)) throw new Error(`slug taken: ${member.slug}`);
    this.members.set(member.id, member);
    return member;
  }

  addCompany(slug: string, name: string): Company {
    const company = { id: this.nextIds.company++, slug, name };
    this.companies.set(company.id, company);
    return company;
  }

  companyByName(name: string): Company | undefined {
    const wanted = name.trim().toLowerCase();
    for (const company of this.companies.values()) {
      if (company.name.toLowerCase() === wanted) return company;
    }
    return undefined;
  }

  companyBySlug(slug: string): Company | undefined {
    for (const company of this.companies.values()) if (company.slug === slug) return company;
    return undefined;
  }

  memberBySlug(slug: string): Member | undefined {
    const wanted = slug.normalize('NFC').toLowerCase();
    for (const member of this.members.values()) if (member.slug === wanted) return member;
    return undefined;
  }

  memberByPreviousSlug(slug: string): Member | undefined {
    const wanted = slug.normalize('NFC').toLowerCase();
    for (const member of this.members.values()) {
      if (member.previousSlugs.includes(wanted)) return member;
    }
    return undefined;
  }

  memberByProfileId(profileId: string): Member | undefined {
    for (const member of this.members.values()) if (member.profileId === profileId) return member;
    return undefined;
  }

  requireMember(memberId: number): Member {
    const member = this.members.get(memberId);
    if (!member) throw new Error(`no member ${memberId}`);
    return member;
  }

  accountByEmail(email: string): Account | undefined {
    const wanted = email.trim().toLowerCase();
    for (const account of this.accounts.values()) if (account.email === wanted) return account;
    return undefined;
  }

  createSession(accountId: string, liAt?: string): Session {
    const session: Session = {
      liAt: liAt ?? `AQEDA${randomBytes(48).toString('base64url')}`,
      jsessionId: `"ajax:${this.random.digits(19)}"`,
      accountId,
      alive: true,
      createdAt: this.now(),
      used: false,
    };
    this.sessions.set(session.liAt, session);
    return session;
  }

  killSessions(accountId: string): number {
    let killed = 0;
    for (const session of this.sessions.values()) {
      if (session.accountId === accountId && session.alive) {
        session.alive = false;
        killed++;
      }
    }
    return killed;
  }

  relationship(account: Account, member: Member): Relationship {
    return account.relationships.get(member.id) ?? member.defaults;
  }

  /** The invitation the sender sees as Pending: an ignored one still looks pending. */
  pendingInvitation(accountId: string, memberId: number): Invitation | undefined {
    return this.invitations.find(
      (invitation) =>
        invitation.accountId === accountId &&
        invitation.toMemberId === memberId &&
        isShownPending(invitation),
    );
  }

  /** What the sent-invitations page lists for an account, newest first. */
  shownPendingInvitations(accountId: string): Invitation[] {
    return this.invitations
      .filter((invitation) => invitation.accountId === accountId && isShownPending(invitation))
      .sort((left, right) => right.sentAt - left.sentAt || right.id - left.id);
  }

  invitationsThisWeek(accountId: string): number {
    const since = this.now() - WEEK_MS;
    return this.invitations.filter(
      (invitation) =>
        invitation.accountId === accountId &&
        invitation.origin === 'ui' &&
        invitation.sentAt >= since,
    ).length;
  }

  notesThisMonth(accountId: string): number {
    const since = this.now() - MONTH_MS;
    return this.invitations.filter(
      (invitation) =>
        invitation.accountId === accountId &&
        invitation.note !== null &&
        invitation.sentAt >= since,
    ).length;
  }

  noteQuotaLeft(account: Account): boolean {
    return account.premium || this.notesThisMonth(account.id) < account.limits.freeNotesPerMonth;
  }

  weeklyLimitReached(account: Account): boolean {
    return this.invitationsThisWeek(account.id) >= account.limits.weeklyInvitationLimit;
  }

  closeToWeeklyLimit(account: Account): boolean {
    return this.invitationsThisWeek(account.id) >= account.limits.closeToLimitThreshold;
  }

  private recentlyWithdrawn(accountId: string, memberId: number): boolean {
    const since = this.now() - REINVITE_COOLDOWN_MS;
    return this.invitations.some(
      (invitation) =>
        invitation.accountId === accountId &&
        invitation.toMemberId === memberId &&
        invitation.state === 'withdrawn' &&
        (invitation.respondedAt ?? 0) >= since,
    );
  }

  /** Applies LinkedIn's rules to an invitation a page tries to send. */
  sendInvitation(
    account: Account,
    member: Member,
    note: string | null,
    email: string | null,
  ): InvitationOutcome {
    const relationship = this.relationship(account, member);
    if (member.id === account.memberId || relationship.degree === '1st') {
      return { kind: 'not_allowed' };
    }
    if (relationship.connectVia === 'follow-only') return { kind: 'not_allowed' };
    if (this.pendingInvitation(account.id, member.id)) return { kind: 'not_allowed' };
    if (relationship.emailRequired && !email) return { kind: 'email_required' };
    if (this.weeklyLimitReached(account)) return { kind: 'weekly_limit' };
    if (note !== null && !this.noteQuotaLeft(account)) return { kind: 'note_quota' };
    if (this.recentlyWithdrawn(account.id, member.id)) return { kind: 'withdraw_cooldown' };
    if (account.failNextInvitations > 0) {
      account.failNextInvitations--;
      return { kind: 'try_later' };
    }

    const invitation = this.recordInvitation(account, member, note, email, 'ui');
    this.applyAutoRespond(account, invitation);
    return { kind: 'sent', invitation };
  }

  recordInvitation(
    account: Account,
    member: Member,
    note: string | null,
    email: string | null,
    origin: Invitation['origin'],
  ): Invitation {
    const invitation: Invitation = {
      id: this.nextIds.invitation++,
      accountId: account.id,
      fromMemberId: account.memberId,
      toMemberId: member.id,
      toSlug: member.slug,
      note,
      email,
      sentAt: this.now(),
      state: 'pending',
      respondedAt: null,
      origin,
    };
    this.invitations.push(invitation);
    return invitation;
  }

  private applyAutoRespond(account: Account, invitation: Invitation): void {
    const rule = account.autoRespond;
    if (!rule) return;
    const roll = this.random.next();
    if (roll < rule.acceptRate) this.respond(invitation, 'accept', rule.delayMs);
    else if (roll < rule.acceptRate + rule.ignoreRate) {
      this.respond(invitation, 'ignore', rule.delayMs);
    }
  }

  /** The invited member accepts or ignores, now or after a delay. */
  respond(invitation: Invitation, action: 'accept' | 'ignore', delayMs = 0): void {
    this.later(delayMs, () => {
      if (invitation.state !== 'pending') return;
      invitation.state = action === 'accept' ? 'accepted' : 'ignored';
      invitation.respondedAt = this.now();
      if (action === 'accept') this.connect(invitation.accountId, invitation.toMemberId);
    });
  }

  connect(accountId: string, memberId: number): void {
    const account = this.accounts.get(accountId);
    if (!account) return;
    const current = this.relationship(account, this.requireMember(memberId));
    account.relationships.set(memberId, { ...current, degree: '1st' });
    account.connectedAt.set(memberId, this.now());
  }

  /** When a connection was made; seeded ones get a stable date before the world was built. */
  connectedSince(account: Account, member: Member): number {
    const made = account.connectedAt.get(member.id);
    if (made !== undefined) return made;
    return this.epoch - ((member.id * 37) % 700) * DAY_MS - DAY_MS;
  }

  follow(account: Account, member: Member): void {
    if (this.follows.some((item) => item.accountId === account.id && item.memberId === member.id))
      return;
    this.follows.push({
      accountId: account.id,
      memberId: member.id,
      slug: member.slug,
      at: this.now(),
    });
  }

  isFollowing(account: Account, member: Member): boolean {
    return this.follows.some(
      (item) => item.accountId === account.id && item.memberId === member.id,
    );
  }

  withdraw(invitation: Invitation): void {
    invitation.state = 'withdrawn';
    invitation.respondedAt = this.now();
    this.withdrawals.push({
      invitationId: invitation.id,
      accountId: invitation.accountId,
      toSlug: invitation.toSlug,
      at: this.now(),
    });
  }

  /** Connections can be messaged; others only once they wrote first (no InMail here). */
  // TODO: premium InMail (subject, credits) is not simulated; everyone outside the network
  // gets the upsell, premium accounts too.
  canMessage(account: Account, member: Member): boolean {
    if (this.relationship(account, member).degree === '1st') return true;
    for (const thread of this.threads.values()) {
      if (thread.accountId !== account.id || thread.otherMemberId !== member.id) continue;
      return this.threadMessages(thread.id).some((message) => message.senderMemberId === member.id);
    }
    return false;
  }

  threadWith(accountId: string, memberId: number): Thread {
    for (const thread of this.threads.values()) {
      if (thread.accountId === accountId && thread.otherMemberId === memberId) return thread;
    }
    // 40 characters encode to base64 ending in "==", as LinkedIn's thread ids do.
    const raw = `${this.random.hex(8)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(12)}_010`;
    const thread: Thread = {
      id: `2-${Buffer.from(raw).toString('base64')}`,
      accountId,
      otherMemberId: memberId,
    };
    this.threads.set(thread.id, thread);
    return thread;
  }

  addMessage(thread: Thread, senderMemberId: number, text: string): Message {
    const message: Message = {
      id: this.nextIds.message++,
      threadId: thread.id,
      senderMemberId,
      text,
      sentAt: this.now(),
    };
    this.messages.push(message);
    return message;
  }

  threadMessages(threadId: string): Message[] {
    return this.messages.filter((message) => message.threadId === threadId);
  }

  /** Consumes one configured error for this path, if any. */
  takeFault(path: string): number | null {
    const rule = this.faults.errors.find(
      (error) => path.startsWith(error.pathPrefix) && error.remaining !== 0,
    );
    if (!rule) return null;
    if (rule.remaining > 0) rule.remaining--;
    return rule.status;
  }
}
