/** Data the simulated LinkedIn holds; everything lives in memory. */

export type Layout = 'classic' | 'new';

export type Degree = '1st' | '2nd' | '3rd';

/** Where the Connect action sits for a person who is not yet connected. */
/** Where Connect sits: the card, under More, under More behind Follow, or nowhere (Follow only). */
export type ConnectVia = 'button' | 'more' | 'follow-first' | 'follow-only';

export type ReactionType =
  'LIKE' | 'PRAISE' | 'EMPATHY' | 'INTEREST' | 'APPRECIATION' | 'ENTERTAINMENT';

export type CheckpointKind = 'email_pin' | 'app' | 'captcha';

export interface Member {
  /** The numeric member id of `urn:li:member:<id>`. */
  id: number;
  /** The `ACoAA…` profile id used in `/in/ACoAA…` links and messaging URNs. */
  profileId: string;
  /** Unicode slug (not percent-encoded). */
  slug: string;
  previousSlugs: string[];
  firstName: string;
  lastName: string;
  /** Display name, may carry "Dr." or ", PhD" or emoji. */
  fullName: string;
  headline: string;
  company: string;
  /** The company id of the `currentCompany` facet, null without a company. */
  companyId: number | null;
  location: string;
  /** The ids the `geoUrn` facet matches for this member's location (city, country). */
  geoIds: string[];
  connections: number;
  followers: number;
  premium: boolean;
  /** Relationship to any account that has no override. */
  defaults: Relationship;
}

export interface Relationship {
  degree: Degree;
  connectVia: ConnectVia;
  emailRequired: boolean;
}

export interface Limits {
  weeklyInvitationLimit: number;
  closeToLimitThreshold: number;
  freeNotesPerMonth: number;
}

export interface AutoRespond {
  acceptRate: number;
  ignoreRate: number;
  delayMs: number;
}

export interface Account {
  id: string;
  memberId: number;
  email: string;
  password: string;
  layout: Layout;
  premium: boolean;
  limits: Limits;
  relationships: Map<number, Relationship>;
  restricted: boolean;
  /** A checkpoint shown on the next page load (and at login while set). */
  checkpoint: { kind: CheckpointKind; token: string; pin: string } | null;
  autoRespond: AutoRespond | null;
  failNextInvitations: number;
  /** When each connection made in the simulator was made (accepted invitations). */
  connectedAt: Map<number, number>;
}

export interface Session {
  liAt: string;
  jsessionId: string;
  accountId: string;
  alive: boolean;
  createdAt: number;
  /** Set once a page was loaded with it (or it came from a password login). */
  used: boolean;
}

/** An ignored invitation still shows as Pending to its sender, as on LinkedIn. */
export type InvitationState = 'pending' | 'accepted' | 'ignored' | 'withdrawn';

export interface Invitation {
  id: number;
  accountId: string;
  fromMemberId: number;
  toMemberId: number;
  toSlug: string;
  note: string | null;
  email: string | null;
  sentAt: number;
  state: InvitationState;
  respondedAt: number | null;
  /** `ui` when sent through the pages, `admin` when set up through the admin API. */
  origin: 'ui' | 'admin';
}

export interface Message {
  id: number;
  threadId: string;
  senderMemberId: number;
  text: string;
  sentAt: number;
}

export interface Thread {
  id: string;
  accountId: string;
  otherMemberId: number;
}

export interface Company {
  id: number;
  slug: string;
  name: string;
}

export interface Reaction {
  memberId: number;
  type: ReactionType;
}

export interface Comment {
  id: number;
  author: { kind: 'member'; memberId: number } | { kind: 'company'; companyId: number };
  text: string;
  replies: Comment[];
  createdAt: number;
}

export interface Post {
  /** Activity id (19 digits). */
  id: string;
  urnKind: 'activity' | 'ugcPost' | 'share';
  authorMemberId: number;
  text: string;
  reactions: Reaction[];
  comments: Comment[];
  createdAt: number;
}

export interface SimEvent {
  id: string;
  title: string;
  organizerMemberId: number;
  attendeeMemberIds: number[];
  startsAt: number;
}

export interface ProfileView {
  accountId: string;
  memberId: number;
  slug: string;
  path: string;
  at: number;
}

export interface Withdrawal {
  invitationId: number;
  accountId: string;
  toSlug: string;
  at: number;
}

export interface Follow {
  accountId: string;
  memberId: number;
  slug: string;
  at: number;
}

export interface Login {
  accountId: string | null;
  email: string;
  method: 'password' | 'cookie';
  outcome: 'success' | 'wrong_password' | 'checkpoint';
  at: number;
}

export interface Faults {
  latencyMs: number;
  errors: { pathPrefix: string; status: number; remaining: number }[];
}
