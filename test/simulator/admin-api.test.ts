import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { SimulatorApiError } from '../../src/simulator/client';

describe('simulator admin API', () => {
  let simulator: SimulatorHandle;
  let twin: SimulatorHandle;

  beforeAll(async () => {
    [simulator, twin] = await Promise.all([
      startSimulator({ seed: 7 }),
      startSimulator({ seed: 7 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([simulator?.close(), twin?.close()]);
  });

  it('builds the same demo world from the same seed, with names from many scripts', async () => {
    const [members, twinMembers] = await Promise.all([
      simulator.client.members(),
      twin.client.members(),
    ]);
    expect(members.map((member) => member.slug)).toEqual(twinMembers.map((member) => member.slug));

    const names = members.map((member) => member.fullName);
    expect(names.some((name) => /[\u0400-\u04FF]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u0600-\u06FF]/.test(name))).toBe(true);
    expect(names.some((name) => name.startsWith('Dr. '))).toBe(true);
    expect(names.some((name) => /, (PhD|MBA|CFA|PMP)$/.test(name))).toBe(true);
    expect(names.some((name) => /\p{Extended_Pictographic}/u.test(name))).toBe(true);
    expect(members.some((member) => encodeURIComponent(member.slug) !== member.slug)).toBe(true);
    expect(members.map((member) => member.slug)).toEqual(
      expect.arrayContaining([...DEMO.prefixSlugs, DEMO.unicodeSlug]),
    );
  });

  it('gives a different crowd for another seed and an empty world on request', async () => {
    await twin.client.reset({ seed: 8 });
    const [members, other] = await Promise.all([simulator.client.members(), twin.client.members()]);
    expect(other.map((member) => member.slug)).not.toEqual(members.map((member) => member.slug));

    await twin.client.reset({ dataset: 'empty' });
    const state = await twin.client.state();
    expect(state).toMatchObject({ members: 0, accounts: [], posts: [], events: [] });
    await twin.client.reset({ dataset: 'demo', seed: 7 });
    expect((await twin.client.state()).members).toBe(members.length);
  });

  it('accepts or ignores pending invitations now or after a delay', async () => {
    const account = await simulator.client.createAccount({
      email: 'responder@example.test',
      password: 'x',
      slug: 'responder-account',
    });
    await simulator.client.setRelationship(account.id, 'john-smith', { pending: true });
    await simulator.client.setRelationship(account.id, 'john-smith-123', { pending: true });

    await simulator.client.respondToInvitations({
      accountId: account.id,
      slug: 'john-smith',
      action: 'accept',
      delayMs: 150,
    });
    await simulator.client.respondToInvitations({
      accountId: account.id,
      slug: 'john-smith-123',
      action: 'ignore',
    });
    const before = await simulator.client.invitations(account.id);
    expect(before.map((invitation) => [invitation.toSlug, invitation.state])).toEqual([
      ['john-smith', 'pending'],
      ['john-smith-123', 'ignored'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await simulator.client.invitations(account.id);
    expect(after[0].state).toBe('accepted');
    await expect(simulator.client.member('john-smith')).resolves.toMatchObject({ degree: '2nd' });
  });

  it('applies the accept rate and the weekly limit, whose window rolls over with the clock', async () => {
    const liAt = 'AQEDAratetestxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';
    const account = await simulator.client.createAccount({
      email: 'rate@example.test',
      password: 'x',
      slug: 'rate-account',
      liAt,
      limits: { weeklyInvitationLimit: 1 },
    });
    await simulator.client.setAutoRespond(account.id, { acceptRate: 1 });
    const feed = await fetch(`${simulator.baseUrl}/feed/`, {
      headers: { cookie: `li_at=${liAt}` },
    });
    const jsessionId =
      /JSESSIONID=("ajax:\d{19}")/.exec(feed.headers.get('set-cookie') ?? '')?.[1] ?? '';
    // The same request the page script makes when "Send" is clicked.
    const invite = (slug: string) =>
      fetch(`${simulator.baseUrl}/voyager/api/growth/normInvitations`, {
        method: 'POST',
        headers: {
          cookie: `li_at=${liAt}; JSESSIONID=${jsessionId}`,
          'csrf-token': jsessionId.replace(/"/g, ''),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ vanityName: slug, message: null }),
      }).then((response) => response.json() as Promise<{ outcome: string }>);

    await expect(invite('john-smith')).resolves.toMatchObject({ outcome: 'sent' });
    await expect(invite('john-smith-123')).resolves.toMatchObject({ outcome: 'weekly_limit' });
    await simulator.client.advanceClock(8 * 24 * 3600 * 1000);
    await expect(invite('john-smith-123')).resolves.toMatchObject({ outcome: 'sent' });
    await simulator.client.advanceClock(-8 * 24 * 3600 * 1000);

    const invitations = await simulator.client.invitations(account.id);
    expect(invitations.map((invitation) => [invitation.toSlug, invitation.state])).toEqual([
      ['john-smith', 'accepted'],
      ['john-smith-123', 'accepted'],
    ]);
  });

  it('records a member reply in a thread with a LinkedIn-shaped id', async () => {
    const reply = await simulator.client.replyAsMember({
      accountId: DEMO.account.id,
      fromSlug: DEMO.firstDegreeSlug,
      text: 'Hi there',
    });
    expect(reply.threadId).toMatch(/^2-[A-Za-z0-9+/]+==$/);
    const messages = await simulator.client.messages(DEMO.account.id);
    expect(messages.at(-1)).toMatchObject({ senderSlug: DEMO.firstDegreeSlug, text: 'Hi there' });
  });

  it('records a cookie login on the first page load of a given li_at', async () => {
    const response = await fetch(`${simulator.baseUrl}/feed/`, {
      headers: { cookie: `li_at=${DEMO.account.liAt}` },
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/JSESSIONID="ajax:\d{19}"/);
    const logins = await simulator.client.logins(DEMO.account.id);
    expect(logins.filter((login) => login.method === 'cookie')).toHaveLength(1);
  });

  it('answers unknown things with a typed error', async () => {
    const failure = await simulator.client.member('nobody-here').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimulatorApiError);
    expect((failure as SimulatorApiError).status).toBe(404);
  });

  it('lets a share of the pending invitations respond, the same share for the same seed', async () => {
    const counts: number[] = [];
    const pair = await Promise.all([startSimulator({ seed: 11 }), startSimulator({ seed: 11 })]);
    for (const handle of pair) {
      const account = await handle.client.createAccount({
        email: 'share@example.test',
        password: 'x',
        slug: 'share-account',
      });
      const growth = (await handle.client.members(DEMO.searchKeywords)).slice(0, 40);
      for (const member of growth) {
        await handle.client.setRelationship(account.id, member.slug, { pending: true });
      }
      const { count } = await handle.client.respondToInvitations({
        accountId: account.id,
        action: 'accept',
        rate: 0.5,
      });
      const invitations = await handle.client.invitations(account.id);
      const accepted = invitations.filter((invitation) => invitation.state === 'accepted');
      expect(accepted).toHaveLength(count);
      expect(accepted.every((invitation) => invitation.respondedAt !== null)).toBe(true);
      counts.push(count);
    }
    await Promise.all(pair.map((handle) => handle.close()));
    expect(counts[0]).toBeGreaterThan(5);
    expect(counts[0]).toBeLessThan(35);
    expect(counts[1]).toBe(counts[0]);
  });

  it('lists companies with the ids members carry for the currentCompany facet', async () => {
    const companies = await simulator.client.companies();
    const member = (await simulator.client.members(DEMO.searchKeywords))[0];
    const company = companies.find((item) => item.id === member.companyId);
    expect(company?.name).toBe(member.company);
    expect(member.geoIds.length).toBeGreaterThan(0);
  });

  it('answers bad input with a JSON error that names the problem', async () => {
    const badJson = await fetch(`${simulator.baseUrl}/__sim/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"slug": ',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toContain('application/json');
    expect(((await badJson.json()) as { error: string }).error).not.toBe('');

    const missing = await simulator.client
      .createMember({ slug: 'no-first-name' } as never)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(SimulatorApiError);
    expect((missing as SimulatorApiError).status).toBe(400);
    expect((missing as SimulatorApiError).message).toContain('firstName');

    const taken = await simulator.client
      .createMember({ slug: 'john-smith', firstName: 'John', lastName: 'Again' })
      .catch((error: unknown) => error);
    expect((taken as SimulatorApiError).message).toContain('slug taken: john-smith');

    const origin = await simulator.client
      .membersCsv({ origin: 'ftp://nowhere' })
      .catch((error: unknown) => error);
    expect((origin as SimulatorApiError).status).toBe(400);
    expect((origin as SimulatorApiError).message).toContain('origin');
  });
});
