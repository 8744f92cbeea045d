import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import type { SimMember, SimPostComment } from '../../src/simulator/client';

// A lead a campaign can invite: not the account, not connected, not already pending.
function invitable(member: SimMember | undefined, pending: Set<string>): boolean {
  return member !== undefined && member.degree !== '1st' && !pending.has(member.slug);
}

function commenterSlugs(comments: SimPostComment[]): string[] {
  return comments.flatMap((comment) => [
    ...(comment.authorSlug ? [comment.authorSlug] : []),
    ...commenterSlugs(comment.replies),
  ]);
}

async function fetchSearchCount(simulator: SimulatorHandle, path: string): Promise<number> {
  const response = await fetch(`${simulator.baseUrl}${path}`, {
    headers: { cookie: `li_at=${DEMO.account.liAt}` },
  });
  const html = await response.text();
  const match = /About ([\d,]+) results/.exec(html);
  return Number((match?.[1] ?? '0').replace(/,/g, ''));
}

describe('the demo dataset', () => {
  let simulator: SimulatorHandle;
  let members: Map<string, SimMember>;
  let pending: Set<string>;

  beforeAll(async () => {
    simulator = await startSimulator();
    members = new Map((await simulator.client.members()).map((member) => [member.slug, member]));
    const invitations = await simulator.client.invitations(DEMO.account.id);
    pending = new Set(
      invitations.filter((item) => item.state === 'pending').map((item) => item.toSlug),
    );
  });

  afterAll(async () => {
    await simulator?.close();
  });

  it('gives a search campaign at least 50 people to invite', async () => {
    await expect(fetchSearchCount(simulator, DEMO.searchUrl)).resolves.toBe(DEMO.searchResults);
    const found = (await simulator.client.members(DEMO.searchKeywords)).filter(
      (member) => member.slug !== DEMO.account.slug,
    );
    expect(found).toHaveLength(DEMO.searchResults);
    expect(found.filter((member) => invitable(member, pending)).length).toBeGreaterThanOrEqual(50);
  });

  it('gives reactions and comments campaigns at least 50 people each, the author apart', async () => {
    const post = await simulator.client.post(DEMO.postId);
    const reactors = new Set(post.reactions.map((reaction) => reaction.slug));
    expect(reactors.size).toBe(DEMO.postReactions);
    expect(
      [...reactors].filter((slug) => invitable(members.get(slug), pending)).length,
    ).toBeGreaterThanOrEqual(50);

    const commenters = new Set(commenterSlugs(post.comments));
    commenters.delete(post.authorSlug);
    expect(commenters.size).toBeGreaterThanOrEqual(DEMO.postCommenters);
    expect(
      [...commenters].filter((slug) => invitable(members.get(slug), pending)).length,
    ).toBeGreaterThanOrEqual(50);

    // The traps of a real comment list are there: the author's own comment, replies, a company.
    expect(post.comments.some((comment) => comment.authorSlug === post.authorSlug)).toBe(true);
    expect(post.comments.some((comment) => comment.companySlug !== null)).toBe(true);
    expect(post.comments.some((comment) => comment.replies.length > 0)).toBe(true);
  });

  it('gives an event campaign at least 50 attendees, found by the attendee search', async () => {
    const event = await simulator.client.event(DEMO.eventId);
    expect(event.attendeeSlugs).toHaveLength(DEMO.eventAttendees);
    await expect(fetchSearchCount(simulator, DEMO.eventAttendeesSearchUrl)).resolves.toBe(
      DEMO.eventAttendees,
    );
    expect(
      event.attendeeSlugs.filter((slug) => invitable(members.get(slug), pending)).length,
    ).toBeGreaterThanOrEqual(50);
  });

  it('writes a CSV of at least 50 simulator profiles whose URLs open those people', async () => {
    const csv = await simulator.client.membersCsv({ limit: 60, origin: simulator.baseUrl });
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe('First Name,Last Name,LinkedIn URL,Company,Title');
    expect(rows).toHaveLength(60);

    const urls = rows.map((row) => /(https?:\/\/[^,]+\/in\/[^,]+)/.exec(row)?.[1] ?? '');
    expect(new Set(urls).size).toBe(60);
    for (const url of urls) {
      expect(url.startsWith(`${simulator.baseUrl}/in/`)).toBe(true);
      const slug = decodeURIComponent(new URL(url).pathname.split('/')[2]);
      expect(slug).not.toBe(DEMO.account.slug);
      const member = members.get(slug);
      expect(member).toBeDefined();
      const page = await fetch(url, { headers: { cookie: `li_at=${DEMO.account.liAt}` } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`data-member-id="${member?.id ?? -1}"`);
    }

    // By default the file names LinkedIn's host, as exported lead files do.
    const linkedIn = await simulator.client.membersCsv({ keywords: 'john smith' });
    expect(linkedIn).toContain('https://www.linkedin.com/in/john-smith-123');
  });
});
