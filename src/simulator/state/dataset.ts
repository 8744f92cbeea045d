import type {
  Account,
  Comment,
  ConnectVia,
  Degree,
  Layout,
  Limits,
  Member,
  Post,
  ReactionType,
  Relationship,
} from './model';
import { geoIdsOf } from './geo';
import { COMPANIES, CREDENTIAL_SUFFIXES, EMOJI, NAME_CULTURES, TITLES } from './names';
import type { SeededRandom } from './random';
import { DEFAULT_LIMITS, type SimulatorStore } from './store';

/** Fixed facts of the demo dataset, for tests and the demo. */
export const DEMO = {
  account: {
    id: 'demo',
    email: 'demo@inreach.test',
    password: 'demo-password',
    liAt: 'AQEDAUdemoSessionCookieForTheInreachSimulator0000000000000000000001',
    slug: 'jordan-avery-demo',
    name: 'Jordan Avery',
  },
  searchKeywords: 'growth',
  searchResults: 90,
  searchUrl: '/search/results/people/?keywords=growth&origin=GLOBAL_SEARCH_HEADER',
  postId: '7311111111111111111',
  postUrl: '/feed/update/urn:li:activity:7311111111111111111/',
  postReactions: 75,
  postCommenters: 70,
  eventId: '7322222222222222222',
  eventUrl: '/events/7322222222222222222/',
  eventAttendees: 80,
  eventAttendeesSearchUrl:
    '/search/results/people/?eventAttending=%5B%227322222222222222222%22%5D&origin=EVENT_PAGE_CANNED_SEARCH',
  /** Members whose slugs are prefixes of each other. */
  prefixSlugs: ['john-smith', 'john-smith-123'],
  /** A percent-encoded non-Latin slug (decoded form). */
  unicodeSlug: 'zofia-średni-123',
  renamedSlug: { old: 'maria-garcia-old', current: 'maria-garcia-lopez' },
  firstDegreeSlug: 'emily-walker-1st',
  followFirstSlug: 'creator-olivia-bennett',
  moreOnlySlug: 'david-hughes-more',
  emailRequiredSlug: 'sarah-carter-email',
  pendingSlug: 'james-johnson-pending',
} as const;

export type DatasetName = 'demo' | 'empty';

export interface MemberInput {
  slug: string;
  firstName: string;
  lastName: string;
  fullName?: string;
  headline?: string;
  company?: string;
  location?: string;
  premium?: boolean;
  previousSlugs?: string[];
  degree?: Degree;
  connectVia?: ConnectVia;
  emailRequired?: boolean;
}

export interface AccountInput {
  id?: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  slug: string;
  layout?: Layout;
  premium?: boolean;
  limits?: Partial<Limits>;
}

function profileIdFor(random: SeededRandom): string {
  return `ACoAA${random.alphanumeric(34)}`;
}

function companyIdFor(store: SimulatorStore, name: string): number | null {
  if (name.trim() === '') return null;
  const known = store.companyByName(name);
  if (known) return known.id;
  const slug = slugPart(name) || `company-${store.companies.size + 1}`;
  return store.addCompany(
    store.companyBySlug(slug) ? `${slug}-${store.companies.size}` : slug,
    name,
  ).id;
}

export function createMember(store: SimulatorStore, input: MemberInput): Member {
  const relationship: Relationship = {
    degree: input.degree ?? '2nd',
    connectVia: input.connectVia ?? 'button',
    emailRequired: input.emailRequired ?? false,
  };
  const location = input.location ?? 'Earth';
  const company = input.company ?? '';
  return store.addMember({
    id: store.allocateMemberId(),
    profileId: profileIdFor(store.random),
    slug: input.slug.normalize('NFC').toLowerCase(),
    previousSlugs: (input.previousSlugs ?? []).map((slug) => slug.toLowerCase()),
    firstName: input.firstName,
    lastName: input.lastName,
    fullName: input.fullName ?? `${input.firstName} ${input.lastName}`,
    headline: input.headline ?? 'Professional',
    company,
    companyId: companyIdFor(store, company),
    location,
    geoIds: geoIdsOf(location),
    connections: store.random.integer(50, 500),
    followers: store.random.integer(60, 30000),
    premium: input.premium ?? false,
    defaults: relationship,
  });
}

export function createAccount(store: SimulatorStore, input: AccountInput): Account {
  const member =
    store.memberBySlug(input.slug) ??
    createMember(store, {
      slug: input.slug,
      firstName: input.firstName,
      lastName: input.lastName,
      headline: 'Founder at Inreach Demo Co.',
      company: 'Inreach Demo Co.',
      premium: input.premium,
    });
  const account: Account = {
    id: input.id ?? `acct-${store.accounts.size + 1}`,
    memberId: member.id,
    email: input.email.trim().toLowerCase(),
    password: input.password,
    layout: input.layout ?? 'classic',
    premium: input.premium ?? false,
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    relationships: new Map(),
    restricted: false,
    checkpoint: null,
    autoRespond: null,
    failNextInvitations: 0,
    connectedAt: new Map(),
  };
  if (store.accounts.has(account.id)) throw new Error(`account exists: ${account.id}`);
  store.accounts.set(account.id, account);
  return account;
}

function slugPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

interface GenerateOptions {
  count: number;
  /** Titles to draw from (the demo forces a keyword into some of them). */
  titles?: string[];
}

/** Adds `count` invented members from many languages, deterministic for the store's seed. */
export function generateMembers(store: SimulatorStore, options: GenerateOptions): Member[] {
  const random = store.random;
  const created: Member[] = [];
  while (created.length < options.count) {
    const culture = random.pick(NAME_CULTURES);
    const [firstNative, firstLatin] = random.pick(culture.firstNames);
    const [lastNative, lastLatin] = random.pick(culture.lastNames);
    const nativeSlug = random.chance(culture.nativeSlugShare);
    const slugBase = nativeSlug
      ? slugPart(`${firstNative} ${lastNative}`)
      : slugPart(`${firstLatin} ${lastLatin}`);
    const slug = random.chance(0.8)
      ? `${slugBase}-${random.hex(random.pick([3, 8, 9]))}`
      : slugBase;
    if (store.memberBySlug(slug)) continue;

    const baseName = culture.familyFirst
      ? `${lastNative}${firstNative.length > 2 ? ' ' : ''}${firstNative}`
      : `${firstNative} ${lastNative}`;
    const title = random.pick(options.titles ?? TITLES);
    const company = random.pick(COMPANIES);
    created.push(
      createMember(store, {
        slug,
        firstName: firstNative,
        lastName: lastNative,
        fullName: decorateName(random, baseName),
        headline: `${title} at ${company}`,
        company,
        location: random.pick(culture.locations),
        premium: random.chance(0.15),
        degree: random.chance(0.7) ? '2nd' : random.chance(0.8) ? '3rd' : '1st',
        connectVia: random.chance(0.85) ? 'button' : random.chance(0.5) ? 'follow-first' : 'more',
        emailRequired: random.chance(0.03),
      }),
    );
  }
  return created;
}

function decorateName(random: SeededRandom, name: string): string {
  const roll = random.next();
  if (roll < 0.06) return `Dr. ${name}`;
  if (roll < 0.12) return `${name}${random.pick(CREDENTIAL_SUFFIXES)}`;
  if (roll < 0.18) return `${name} ${random.pick(EMOJI)}`;
  return name;
}

const REACTION_TYPES: ReactionType[] = [
  'LIKE',
  'PRAISE',
  'EMPATHY',
  'INTEREST',
  'APPRECIATION',
  'ENTERTAINMENT',
];

export interface PostInput {
  id?: string;
  urnKind?: Post['urnKind'];
  authorMemberId: number;
  text: string;
  reactions?: { memberId: number; type?: ReactionType }[];
  comments?: CommentInput[];
}

export interface CommentInput {
  memberId?: number;
  companyId?: number;
  text: string;
  replies?: CommentInput[];
}

export function createPost(store: SimulatorStore, input: PostInput): Post {
  const toComment = (comment: CommentInput): Comment => ({
    id: store.allocateCommentId(),
    author:
      comment.companyId !== undefined
        ? { kind: 'company', companyId: comment.companyId }
        : { kind: 'member', memberId: comment.memberId ?? input.authorMemberId },
    text: comment.text,
    replies: (comment.replies ?? []).map(toComment),
    createdAt: store.now(),
  });
  const post: Post = {
    id: input.id ?? `7${store.random.digits(18)}`,
    urnKind: input.urnKind ?? 'activity',
    authorMemberId: input.authorMemberId,
    text: input.text,
    reactions: (input.reactions ?? []).map((reaction, index) => ({
      memberId: reaction.memberId,
      type: reaction.type ?? REACTION_TYPES[index % REACTION_TYPES.length],
    })),
    comments: (input.comments ?? []).map(toComment),
    createdAt: store.now(),
  };
  store.posts.set(post.id, post);
  return post;
}

/** Builds the demo world: a logged-in account, a searchable crowd, a busy post and event. */
export function loadDemoDataset(store: SimulatorStore): void {
  const account = createAccount(store, {
    id: DEMO.account.id,
    email: DEMO.account.email,
    password: DEMO.account.password,
    firstName: 'Jordan',
    lastName: 'Avery',
    slug: DEMO.account.slug,
  });
  store.createSession(account.id, DEMO.account.liAt);

  const special: MemberInput[] = [
    { slug: 'john-smith', firstName: 'John', lastName: 'Smith', headline: 'Sales Director' },
    { slug: 'john-smith-123', firstName: 'John', lastName: 'Smith', headline: 'Nurse at NHS' },
    {
      slug: DEMO.unicodeSlug,
      firstName: 'Zofia',
      lastName: 'Średni',
      headline: 'Kierowniczka projektów',
      location: 'Kraków, Małopolskie, Poland',
    },
    {
      slug: DEMO.renamedSlug.current,
      previousSlugs: [DEMO.renamedSlug.old],
      firstName: 'María',
      lastName: 'García López',
      headline: 'CFO at Globex',
    },
    { slug: DEMO.firstDegreeSlug, firstName: 'Emily', lastName: 'Walker', degree: '1st' },
    {
      slug: DEMO.followFirstSlug,
      firstName: 'Olivia',
      lastName: 'Bennett',
      fullName: 'Olivia Bennett 🚀',
      headline: 'Creator | Keynote speaker',
      connectVia: 'follow-first',
    },
    { slug: DEMO.moreOnlySlug, firstName: 'David', lastName: 'Hughes', connectVia: 'more' },
    {
      slug: DEMO.emailRequiredSlug,
      firstName: 'Sarah',
      lastName: 'Carter',
      fullName: 'Dr. Sarah Carter, PhD',
      emailRequired: true,
    },
    { slug: DEMO.pendingSlug, firstName: 'James', lastName: 'Johnson', degree: '3rd' },
  ];
  for (const input of special) createMember(store, input);
  const pendingMember = store.memberBySlug(DEMO.pendingSlug);
  if (pendingMember) store.recordInvitation(account, pendingMember, null, null, 'admin');

  const growthTitles = ['Head of Growth', 'Growth Marketing Manager', 'Growth Lead'];
  const growthPeople = generateMembers(store, { count: DEMO.searchResults, titles: growthTitles });
  const crowd = generateMembers(store, { count: 260 });
  const people = [...crowd, ...growthPeople];

  const author = crowd[0];
  const commenters = people.slice(1, 1 + DEMO.postCommenters);
  const company =
    store.companyByName('Northwind Labs') ?? store.addCompany('northwind-labs', 'Northwind Labs');
  const comments: CommentInput[] = commenters.map((member, index) => ({
    memberId: member.id,
    text: `Great point about outreach #${index + 1}`,
    replies:
      index % 9 === 0
        ? [
            { memberId: author.id, text: 'Thanks for reading!' },
            { memberId: people[200].id, text: '+1' },
          ]
        : [],
  }));
  comments.splice(3, 0, { memberId: author.id, text: 'Adding the slides in the first comment.' });
  comments.splice(7, 0, { companyId: company.id, text: 'Proud of our team for this!' });
  createPost(store, {
    id: DEMO.postId,
    authorMemberId: author.id,
    text: 'What we learned sending 10,000 connection requests by hand. A thread.',
    reactions: people
      .slice(100, 100 + DEMO.postReactions)
      .map((member) => ({ memberId: member.id })),
    comments,
  });

  store.events.set(DEMO.eventId, {
    id: DEMO.eventId,
    title: 'Outbound Summit 2026',
    organizerMemberId: author.id,
    attendeeMemberIds: people.slice(150, 150 + DEMO.eventAttendees).map((member) => member.id),
    startsAt: store.now() + 14 * 24 * 3600 * 1000,
  });
}
