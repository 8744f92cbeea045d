import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountRow } from '../../src/accounts/accounts.service';
import { LinkedInUnavailableError, ProfileNotFoundError } from '../../src/linkedin/errors';
import { eventAttendeesSearchUrl } from '../../src/linkedin/pages/search-page';
import { DEMO } from '../../src/simulator';
import { startLinkedInHarness, type LinkedInHarness } from '../support/linkedin';

describe.each(['classic', 'new'] as const)('reading LinkedIn pages (%s layout)', (layout) => {
  let harness: LinkedInHarness;
  let account: AccountRow;

  beforeAll(async () => {
    harness = await startLinkedInHarness();
    await harness.simulator.client.setLayout(DEMO.account.id, layout);
    account = await harness.createAccount();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('reads a people-search page: ten people as LinkedIn lists them', async () => {
    const result = await harness.withSession(account, (session) =>
      session.search.readPage(DEMO.searchUrl, 2),
    );

    expect(result.pageNumber).toBe(2);
    expect(result.hasMore).toBe(true);
    expect(result.people).toHaveLength(10);
    for (const person of result.people) {
      const member = await harness.simulator.client.member(person.slug);
      expect(person).toMatchObject({ name: member.fullName, headline: member.headline });
      expect(person.degree).toBe(member.degree);
    }
    // reading results is not visiting profiles
    expect(await harness.simulator.client.profileViews(DEMO.account.id)).toEqual([]);
  });

  it('reads to the end of a search: the short last page says there is no more', async () => {
    const pages = await harness.withSession(account, async (session) => {
      const read = [];
      for (let pageNumber = 1; ; pageNumber++) {
        const page = await session.search.readPage(DEMO.searchUrl, pageNumber);
        read.push(page);
        if (!page.hasMore) return read;
      }
    });

    const slugs = pages.flatMap((page) => page.people.map((person) => person.slug));
    expect(slugs).toHaveLength(DEMO.searchResults);
    expect(new Set(slugs).size).toBe(DEMO.searchResults);
  });

  it('reads the attendees of an event through its people search', async () => {
    const slugs = await harness.withSession(account, async (session) => {
      const found: string[] = [];
      for (let pageNumber = 1; ; pageNumber++) {
        const page = await session.search.readPage(
          eventAttendeesSearchUrl(DEMO.eventId),
          pageNumber,
        );
        found.push(...page.people.map((person) => person.slug));
        if (!page.hasMore) return found;
      }
    });

    expect(new Set(slugs).size).toBe(DEMO.eventAttendees);
  });

  it('takes an error page for LinkedIn being unavailable, never for an empty search or a missing person', async () => {
    await harness.simulator.client.setFaults({
      errors: [
        { pathPrefix: '/search/', status: 503, count: 1 },
        { pathPrefix: '/in/', status: 500, count: 1 },
      ],
    });
    try {
      const search = await harness
        .withSession(account, (session) => session.search.readPage(DEMO.searchUrl, 1))
        .catch((error: unknown) => error);
      const profile = await harness
        .withSession(account, (session) => session.profiles.open('john-smith'))
        .catch((error: unknown) => error);

      expect(search).toBeInstanceOf(LinkedInUnavailableError);
      expect(search).toMatchObject({ code: 'linkedin_unavailable', details: { status: 503 } });
      expect(profile).toBeInstanceOf(LinkedInUnavailableError);
    } finally {
      await harness.simulator.client.setFaults({});
    }
  });

  it('reads every person who reacted to a post, with the reaction', async () => {
    const reactors = await harness.withSession(account, (session) =>
      session.posts.readReactors(DEMO.postUrl),
    );

    expect(reactors).toHaveLength(DEMO.postReactions);
    expect(new Set(reactors.map((reactor) => reactor.slug)).size).toBe(DEMO.postReactions);
    expect(reactors.every((reactor) => reactor.reaction !== null)).toBe(true);
    // the dialog links people by member id (ACoAA…), as LinkedIn does
    const members = await harness.simulator.client.members();
    const byId = new Map(members.map((member) => [member.profileId, member]));
    for (const reactor of reactors) {
      const member = byId.get(reactor.slug) ?? members.find((one) => one.slug === reactor.slug);
      expect(reactor.name).toBe(member?.fullName);
    }
  });

  it('reads a limited number of reactors when asked for fewer', async () => {
    const reactors = await harness.withSession(account, (session) =>
      session.posts.readReactors(DEMO.postUrl, { max: 12 }),
    );

    expect(reactors).toHaveLength(12);
  });

  it('reads the commenters: people only, without the author and the company', async () => {
    const { commenters, author } = await harness.withSession(account, async (session) => {
      const found = await session.posts.readCommenters(DEMO.postUrl);
      const page = await session.page.read();
      return { commenters: found, author: page.people[0]?.slug };
    });

    const slugs = commenters.map((commenter) => commenter.slug);
    expect(author).toBeDefined();
    expect(slugs).not.toContain(author);
    // the demo post's commenters, plus one person who only replied to a comment
    expect(slugs).toHaveLength(DEMO.postCommenters + 1);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs.some((slug) => slug.includes('northwind'))).toBe(false);
    for (const slug of slugs.slice(0, 5)) {
      await expect(harness.simulator.client.member(slug)).resolves.toBeDefined();
    }
  });

  it('reads a profile: name, headline, degree and state', async () => {
    const profile = await harness.withSession(account, (session) =>
      session.profiles.open(DEMO.firstDegreeSlug),
    );

    expect(profile).toMatchObject({
      slug: DEMO.firstDegreeSlug,
      name: 'Emily Walker',
      degree: '1st',
      action: 'message',
      renamedTo: null,
    });
    const views = await harness.simulator.client.profileViews(DEMO.account.id);
    expect(views.map((view) => view.slug)).toContain(DEMO.firstDegreeSlug);
  });

  it('tells prefix slugs apart: john-smith is not john-smith-123', async () => {
    const [short, long] = await harness.withSession(account, async (session) => [
      await session.profiles.open('john-smith'),
      await session.profiles.open('john-smith-123'),
    ]);

    expect(short).toMatchObject({ slug: 'john-smith', headline: 'Sales Director' });
    expect(long).toMatchObject({ slug: 'john-smith-123', headline: 'Nurse at NHS' });
  });

  it('follows a renamed profile to its new slug and says so', async () => {
    const profile = await harness.withSession(account, (session) =>
      session.profiles.open(DEMO.renamedSlug.old),
    );

    expect(profile).toMatchObject({
      slug: DEMO.renamedSlug.current,
      renamedTo: DEMO.renamedSlug.current,
      name: 'María García López',
    });
  });

  it('opens the percent-encoded Polish slug and reads it decoded', async () => {
    const profile = await harness.withSession(account, (session) =>
      session.profiles.open(DEMO.unicodeSlug),
    );

    expect(profile).toMatchObject({ slug: DEMO.unicodeSlug, name: 'Zofia Średni' });
    const views = await harness.simulator.client.profileViews(DEMO.account.id);
    const view = views.find((one) => one.slug === DEMO.unicodeSlug);
    expect(view?.path).toContain('zofia-%C5%9Bredni-123');
  });

  it('reports a profile that does not exist as not found', async () => {
    const failure = await harness
      .withSession(account, (session) => session.profiles.open('nobody-by-this-name-000'))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProfileNotFoundError);
  });

  it('reads the sent invitations', async () => {
    const invitations = await harness.withSession(account, (session) =>
      session.sentInvitations.read(),
    );

    const pending = await harness.simulator.client.invitations(DEMO.account.id);
    const expected = pending.filter((invitation) => invitation.state === 'pending');
    expect(invitations.map((invitation) => invitation.slug).sort()).toEqual(
      expected.map((invitation) => invitation.toSlug).sort(),
    );
    expect(invitations.map((invitation) => invitation.slug)).toContain(DEMO.pendingSlug);
  });

  it('reads the connections list', async () => {
    const connections = await harness.withSession(account, (session) => session.connections.read());

    const slugs = connections.map((connection) => connection.slug);
    expect(slugs).toContain(DEMO.firstDegreeSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs.slice(0, 3)) {
      expect((await harness.simulator.client.member(slug)).degree).toBe('1st');
    }
  });
});
