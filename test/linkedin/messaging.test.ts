import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AccountRow } from '../../src/accounts/accounts.service';
import { MessageFailedError, NotConnectedError } from '../../src/linkedin/errors';
import { DEMO } from '../../src/simulator';
import { startLinkedInHarness, type LinkedInHarness } from '../support/linkedin';

describe.each(['classic', 'new'] as const)('messaging (%s layout)', (layout) => {
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

  it('sends a message of two lines and counts it once its bubble shows', async () => {
    const text = `Thanks for connecting, Emily!\nShall we talk next week? (${layout})`;

    const conversation = await harness.withSession(account, (session) =>
      session.messaging.send(DEMO.firstDegreeSlug, text),
    );

    const sent = await harness.simulator.client.messages(DEMO.account.id);
    const mine = sent.filter(
      (message) => message.withSlug === DEMO.firstDegreeSlug && message.text === text,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].senderSlug).toBe(DEMO.account.slug);
    expect(conversation.messages.at(-1)).toMatchObject({ fromMe: true });
    expect(conversation.messages.at(-1)?.text.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('opens a conversation and reads the lead’s reply after our message', async () => {
    await harness.simulator.client.replyAsMember({
      accountId: DEMO.account.id,
      fromSlug: DEMO.firstDegreeSlug,
      text: `Sure, Tuesday works (${layout})`,
    });

    const conversation = await harness.withSession(account, (session) =>
      session.messaging.open(DEMO.firstDegreeSlug),
    );

    const last = conversation.messages.at(-1);
    expect(last).toMatchObject({ fromMe: false, text: `Sure, Tuesday works (${layout})` });
    expect(conversation.messages.some((message) => message.fromMe)).toBe(true);
  });

  it('reads the inbox and a thread by its URL', async () => {
    const { threads, messages } = await harness.withSession(account, async (session) => {
      const inbox = await session.messaging.readInbox();
      const thread = inbox.find((one) => one.name?.includes('Emily Walker'));
      return {
        threads: inbox,
        messages: thread ? await session.messaging.readThread(thread.threadUrl) : [],
      };
    });

    expect(threads.length).toBeGreaterThan(0);
    expect(messages.map((message) => message.text)).toContain(`Sure, Tuesday works (${layout})`);
  });

  it('reports a failed send from LinkedIn’s banner and counts nothing', async () => {
    const before = await harness.simulator.client.messages(DEMO.account.id);
    await harness.simulator.client.setFaults({
      errors: [{ pathPrefix: '/voyager/api/messaging/send', status: 500, count: 1 }],
    });

    const failure = await harness
      .withSession(account, (session) =>
        session.messaging.send(DEMO.firstDegreeSlug, 'This one does not go through'),
      )
      .catch((error: unknown) => error);
    await harness.simulator.client.setFaults({});

    expect(failure).toBeInstanceOf(MessageFailedError);
    expect(await harness.simulator.client.messages(DEMO.account.id)).toHaveLength(before.length);
  });

  it('refuses to message someone outside the network (LinkedIn offers InMail)', async () => {
    const before = await harness.simulator.client.messages(DEMO.account.id);

    const failure = await harness
      .withSession(account, (session) => session.messaging.send('john-smith', 'Hello'))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotConnectedError);
    expect(await harness.simulator.client.messages(DEMO.account.id)).toHaveLength(before.length);
  });
});
