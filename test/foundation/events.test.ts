import { Redis } from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/config';
import { EventBus, InreachEvent } from '../../src/events/event-bus';
import { TEST_REDIS_URL, uniquePrefix } from '../support/databases';
import { waitFor } from '../support/queue-harness';
import { startTestService, TestService } from '../support/service';

describe('the WebSocket feed', () => {
  let app: TestService;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestService('pglite');
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await app.stop();
  });

  function connect(token: string): Promise<Socket> {
    const socket = io(app.service.url!, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('ready', () => resolve(socket));
      socket.once('disconnect', () => reject(new Error('disconnected')));
      socket.once('connect_error', reject);
    });
  }

  it('refuses a connection without a valid key', async () => {
    await expect(connect('inr_not-a-key')).rejects.toThrow();
  });

  it("delivers a user's events to that user only", async () => {
    const alice = await app.createUser('alice@example.com');
    const bob = await app.createUser('bob@example.com');
    const aliceSocket = await connect(alice.key);
    const bobSocket = await connect(bob.key);
    const bobHeard: unknown[] = [];
    bobSocket.on('account.status', (event) => bobHeard.push(event));

    const heard = new Promise<InreachEvent>((resolve) =>
      aliceSocket.once('account.status', resolve),
    );
    app.service.app.get(EventBus).publish({
      type: 'account.status',
      userId: alice.id,
      accountId: 'a1',
      status: 'checkpoint',
      reason: 'email PIN asked',
    });

    expect(await heard).toMatchObject({ accountId: 'a1', status: 'checkpoint' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bobHeard).toEqual([]);
  });
});

describe('the event bus on Redis', () => {
  const buses: EventBus[] = [];
  const connections: Redis[] = [];

  async function startBus(prefix: string): Promise<EventBus> {
    const bus = new EventBus(
      TEST_REDIS_URL,
      loadConfig({ REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix }),
    );
    await bus.onModuleInit();
    buses.push(bus);
    return bus;
  }

  /** A plain subscriber to the bus's channel: what really went over Redis. */
  async function listenRaw(prefix: string): Promise<string[]> {
    const subscriber = new Redis(TEST_REDIS_URL);
    connections.push(subscriber);
    const messages: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => messages.push(message));
    await subscriber.subscribe(`${prefix}:events`);
    return messages;
  }

  function status(userId: string, accountId: string): InreachEvent {
    return { type: 'account.status', userId, accountId, status: 'active', reason: null };
  }

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.onModuleDestroy();
    for (const connection of connections.splice(0)) connection.disconnect();
  });

  it('sends events published together as one message, heard in the order published', async () => {
    const prefix = uniquePrefix('bus');
    const raw = await listenRaw(prefix);
    const bus = await startBus(prefix);
    const heard: InreachEvent[] = [];
    bus.subscribe((event) => heard.push(event));

    const sent = [status('u1', 'a1'), status('u2', 'a2'), status('u1', 'a3')];
    for (const event of sent) bus.publish(event);

    await waitFor(() => (heard.length === 3 ? true : undefined), 5_000, 'three events');
    expect(heard).toEqual(sent);
    expect(raw.map((message) => JSON.parse(message) as unknown)).toEqual([sent]);
  });

  it('reads a message that carries a single event, as an older process sends it', async () => {
    const prefix = uniquePrefix('bus');
    const bus = await startBus(prefix);
    const heard: InreachEvent[] = [];
    bus.subscribe((event) => heard.push(event));
    const publisher = new Redis(TEST_REDIS_URL);
    connections.push(publisher);

    await publisher.publish(`${prefix}:events`, JSON.stringify(status('u1', 'old')));

    await waitFor(() => (heard.length === 1 ? true : undefined), 5_000, 'the event');
    expect(heard).toEqual([status('u1', 'old')]);
  });

  it('gives every event of a message to the listeners when one listener throws', async () => {
    const prefix = uniquePrefix('bus');
    const bus = await startBus(prefix);
    const heard: string[] = [];
    bus.subscribe((event) => {
      if (event.type === 'account.status' && event.accountId === 'a1')
        throw new Error('listener bug');
    });
    bus.subscribe((event) => heard.push(event.type === 'account.status' ? event.accountId : ''));

    bus.publish(status('u1', 'a1'));
    bus.publish(status('u1', 'a2'));

    await waitFor(() => (heard.length === 2 ? true : undefined), 5_000, 'both events');
    expect(heard).toEqual(['a1', 'a2']);
  });

  it('sends the events still waiting when it stops', async () => {
    const prefix = uniquePrefix('bus');
    const raw = await listenRaw(prefix);
    const bus = await startBus(prefix);

    bus.publish(status('u1', 'last'));
    await bus.onModuleDestroy();
    buses.splice(buses.indexOf(bus), 1);

    await waitFor(() => (raw.length === 1 ? true : undefined), 5_000, 'the last message');
    expect(JSON.parse(raw[0])).toEqual([status('u1', 'last')]);
  });
});
