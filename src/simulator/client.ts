/** Typed client of the simulator's admin API (`/__sim/…`), for tests and the demo. */

export type SimLayout = 'classic' | 'new';
export type SimDegree = '1st' | '2nd' | '3rd';
export type SimConnectVia = 'button' | 'more' | 'follow-first' | 'follow-only';
export type SimReactionType =
  'LIKE' | 'PRAISE' | 'EMPATHY' | 'INTEREST' | 'APPRECIATION' | 'ENTERTAINMENT';

export interface SimMember {
  id: number;
  profileId: string;
  slug: string;
  path: string;
  fullName: string;
  firstName: string;
  lastName: string;
  headline: string;
  company: string;
  /** The id the `currentCompany` facet takes, null without a company. */
  companyId: number | null;
  location: string;
  /** The ids the `geoUrn` facet matches: the city's (when the location names one) and the country's. */
  geoIds: string[];
  degree: SimDegree;
  connectVia: SimConnectVia;
  emailRequired: boolean;
}

export interface SimCompany {
  id: number;
  slug: string;
  name: string;
}

export interface SimMemberInput {
  slug: string;
  firstName: string;
  lastName: string;
  fullName?: string;
  headline?: string;
  company?: string;
  location?: string;
  premium?: boolean;
  previousSlugs?: string[];
  /** Default relationship to every account. */
  degree?: SimDegree;
  connectVia?: SimConnectVia;
  emailRequired?: boolean;
}

export interface SimLimits {
  weeklyInvitationLimit: number;
  closeToLimitThreshold: number;
  freeNotesPerMonth: number;
}

export interface SimAccountInput {
  id?: string;
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  slug: string;
  layout?: SimLayout;
  premium?: boolean;
  limits?: Partial<SimLimits>;
  /** Registers a live session under this `li_at` value. */
  liAt?: string;
}

export interface SimInvitation {
  id: number;
  accountId: string;
  fromSlug: string;
  toSlug: string;
  note: string | null;
  email: string | null;
  sentAt: string;
  /** `ignored` is what happened; the sender's pages still show it as Pending, as LinkedIn does. */
  state: 'pending' | 'accepted' | 'ignored' | 'withdrawn';
  /** When it was accepted, ignored or withdrawn. */
  respondedAt: string | null;
  /** `ui` when sent through the pages; `admin` when set up through this API. */
  origin: 'ui' | 'admin';
}

export interface SimMessage {
  id: number;
  threadId: string;
  accountId: string | null;
  withSlug: string | null;
  senderSlug: string;
  text: string;
  sentAt: string;
}

export interface SimProfileView {
  accountId: string;
  memberId: number;
  slug: string;
  path: string;
  at: string;
}

export interface SimWithdrawal {
  invitationId: number;
  accountId: string;
  toSlug: string;
  at: string;
}

export interface SimFollow {
  accountId: string;
  memberId: number;
  slug: string;
  at: string;
}

export interface SimLogin {
  accountId: string | null;
  email: string;
  method: 'password' | 'cookie';
  outcome: 'success' | 'wrong_password' | 'checkpoint';
  at: string;
}

export interface SimCommentInput {
  authorSlug?: string;
  companySlug?: string;
  text: string;
  replies?: SimCommentInput[];
}

export interface SimPostInput {
  id?: string;
  urnKind?: 'activity' | 'ugcPost' | 'share';
  authorSlug: string;
  text?: string;
  reactions?: { slug: string; type?: SimReactionType }[];
  comments?: SimCommentInput[];
}

export interface SimPostComment {
  /** The commenting member, or null when a company commented. */
  authorSlug: string | null;
  companySlug: string | null;
  text: string;
  replies: SimPostComment[];
}

export interface SimPost {
  id: string;
  url: string;
  authorSlug: string;
  reactions: { slug: string; type: SimReactionType }[];
  comments: SimPostComment[];
}

export interface SimEventView {
  id: string;
  title: string;
  url: string;
  organizerSlug: string;
  attendeeSlugs: string[];
}

export interface SimFaults {
  latencyMs?: number;
  /** Error pages for paths starting with `pathPrefix`; `count` -1 means always. */
  errors?: { pathPrefix: string; status: number; count?: number }[];
}

export class SimulatorApiError extends Error {
  readonly code = 'SIMULATOR_API_ERROR';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class SimulatorClient {
  constructor(readonly baseUrl: string) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__sim${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as unknown;
    if (!response.ok) {
      const message = (payload as { error?: string }).error ?? response.statusText;
      throw new SimulatorApiError(response.status, `${method} ${path}: ${message}`);
    }
    return payload as T;
  }

  private query(accountId?: string): string {
    return accountId ? `?accountId=${encodeURIComponent(accountId)}` : '';
  }

  /** Replaces the whole state with a dataset (default: the one the simulator started with). */
  reset(options: { dataset?: 'demo' | 'empty'; seed?: number } = {}): Promise<{ ok: true }> {
    return this.request('POST', '/reset', options);
  }

  state(): Promise<{
    members: number;
    accounts: { id: string; email: string; slug: string; layout: SimLayout; premium: boolean }[];
    posts: string[];
    events: string[];
  }> {
    return this.request('GET', '/state');
  }

  createMember(input: SimMemberInput): Promise<SimMember> {
    return this.request('POST', '/members', input);
  }

  /** Adds invented members from many languages, deterministic for the simulator's seed. */
  generateMembers(count: number): Promise<SimMember[]> {
    return this.request('POST', '/members/generate', { count });
  }

  members(keywords?: string): Promise<SimMember[]> {
    return this.request(
      'GET',
      `/members${keywords ? `?keywords=${encodeURIComponent(keywords)}` : ''}`,
    );
  }

  member(slug: string): Promise<SimMember> {
    return this.request('GET', `/members/${encodeURIComponent(slug)}`);
  }

  /**
   * A lead file (CSV: First Name, Last Name, LinkedIn URL, Company, Title) of members who are
   * not accounts; URLs name `origin` (LinkedIn's by default).
   */
  async membersCsv(options: { keywords?: string; limit?: number; origin?: string } = {}) {
    const query = new URLSearchParams();
    if (options.keywords) query.set('keywords', options.keywords);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.origin) query.set('origin', options.origin);
    const response = await fetch(`${this.baseUrl}/__sim/members.csv?${query.toString()}`);
    const text = await response.text();
    if (!response.ok) {
      const message = (JSON.parse(text) as { error?: string }).error ?? response.statusText;
      throw new SimulatorApiError(response.status, `GET /members.csv: ${message}`);
    }
    return text;
  }

  /** Companies, with the ids the `currentCompany` search facet takes. */
  companies(): Promise<SimCompany[]> {
    return this.request('GET', '/companies');
  }

  createAccount(
    input: SimAccountInput,
  ): Promise<{ id: string; memberId: number; liAt: string | null }> {
    return this.request('POST', '/accounts', input);
  }

  updateAccount(
    accountId: string,
    changes: { layout?: SimLayout; premium?: boolean },
  ): Promise<{ id: string; layout: SimLayout; premium: boolean }> {
    return this.request('PATCH', `/accounts/${encodeURIComponent(accountId)}`, changes);
  }

  setLayout(accountId: string, layout: SimLayout) {
    return this.updateAccount(accountId, { layout });
  }

  /** Registers a live session; returns the `li_at` and quoted `JSESSIONID` values. */
  createSession(accountId: string, liAt?: string): Promise<{ liAt: string; jsessionId: string }> {
    return this.request('POST', `/accounts/${encodeURIComponent(accountId)}/sessions`, { liAt });
  }

  /** Kills every session of the account; their cookies stay valid-looking. */
  killSessions(accountId: string): Promise<{ killed: number }> {
    return this.request('POST', `/accounts/${encodeURIComponent(accountId)}/sessions/kill`, {});
  }

  setLimits(accountId: string, limits: Partial<SimLimits>): Promise<SimLimits> {
    return this.request('PUT', `/accounts/${encodeURIComponent(accountId)}/limits`, limits);
  }

  /** Shows a checkpoint at the next page load (and at login) until resolved. */
  triggerCheckpoint(
    accountId: string,
    kind: 'email_pin' | 'app' | 'captcha',
    pin?: string,
  ): Promise<{ token: string; pin: string }> {
    return this.request('POST', `/accounts/${encodeURIComponent(accountId)}/checkpoint`, {
      kind,
      pin,
    });
  }

  resolveCheckpoint(accountId: string): Promise<{ resolved: boolean }> {
    return this.request(
      'POST',
      `/accounts/${encodeURIComponent(accountId)}/checkpoint/resolve`,
      {},
    );
  }

  setRestricted(accountId: string, restricted: boolean): Promise<{ restricted: boolean }> {
    return this.request('PUT', `/accounts/${encodeURIComponent(accountId)}/restriction`, {
      restricted,
    });
  }

  /** Sets how a member relates to an account (degree, where Connect sits, email, pending). */
  setRelationship(
    accountId: string,
    slug: string,
    relationship: {
      degree?: SimDegree;
      connectVia?: SimConnectVia;
      emailRequired?: boolean;
      pending?: boolean;
    },
  ): Promise<{
    degree: SimDegree;
    connectVia: SimConnectVia;
    emailRequired: boolean;
    pending: boolean;
  }> {
    return this.request(
      'PUT',
      `/accounts/${encodeURIComponent(accountId)}/relationships/${encodeURIComponent(slug)}`,
      relationship,
    );
  }

  /** Members accept or ignore new invitations by rate, after a delay; null turns it off. */
  setAutoRespond(
    accountId: string,
    rule: { acceptRate: number; ignoreRate?: number; delayMs?: number } | null,
  ) {
    return this.request('PUT', `/accounts/${encodeURIComponent(accountId)}/auto-respond`, { rule });
  }

  /** The next `count` invitations fail with "Invitation not sent. Try again later.". */
  failNextInvitations(accountId: string, count: number) {
    return this.request('PUT', `/accounts/${encodeURIComponent(accountId)}/invitation-failures`, {
      count,
    });
  }

  /**
   * Pending invitations (all, or to one slug) are accepted or ignored, now or after a delay;
   * with `rate`, only that share of them (drawn from the seeded random).
   */
  respondToInvitations(input: {
    accountId: string;
    slug?: string;
    action: 'accept' | 'ignore';
    delayMs?: number;
    rate?: number;
  }): Promise<{ count: number }> {
    return this.request('POST', '/invitations/respond', input);
  }

  invitations(accountId?: string): Promise<SimInvitation[]> {
    return this.request('GET', `/invitations${this.query(accountId)}`);
  }

  /** A member writes to the account (a reply when a thread exists). */
  replyAsMember(input: {
    accountId: string;
    fromSlug: string;
    text: string;
  }): Promise<{ threadId: string; threadPath: string; messageId: number }> {
    return this.request('POST', '/messages/reply', input);
  }

  messages(accountId?: string): Promise<SimMessage[]> {
    return this.request('GET', `/messages${this.query(accountId)}`);
  }

  createPost(input: SimPostInput): Promise<{ id: string; url: string; publicUrl: string }> {
    return this.request('POST', '/posts', input);
  }

  /** A post as seeded: who reacted (in dialog order) and who commented. */
  post(postId: string): Promise<SimPost> {
    return this.request('GET', `/posts/${encodeURIComponent(postId)}`);
  }

  event(eventId: string): Promise<SimEventView> {
    return this.request('GET', `/events/${encodeURIComponent(eventId)}`);
  }

  createEvent(input: {
    id?: string;
    title: string;
    organizerSlug: string;
    attendeeSlugs: string[];
  }): Promise<{ id: string; url: string; attendeesSearchUrl: string }> {
    return this.request('POST', '/events', input);
  }

  setFaults(faults: SimFaults): Promise<{ ok: true }> {
    return this.request('PUT', '/faults', faults);
  }

  /** Moves the simulator's clock forward (weekly and monthly windows follow it). */
  advanceClock(ms: number): Promise<{ now: string }> {
    return this.request('POST', '/clock/advance', { ms });
  }

  profileViews(accountId?: string): Promise<SimProfileView[]> {
    return this.request('GET', `/profile-views${this.query(accountId)}`);
  }

  withdrawals(accountId?: string): Promise<SimWithdrawal[]> {
    return this.request('GET', `/withdrawals${this.query(accountId)}`);
  }

  /** Follow clicks that reached the simulator. */
  follows(accountId?: string): Promise<SimFollow[]> {
    return this.request('GET', `/follows${this.query(accountId)}`);
  }

  logins(accountId?: string): Promise<SimLogin[]> {
    return this.request('GET', `/logins${this.query(accountId)}`);
  }
}
