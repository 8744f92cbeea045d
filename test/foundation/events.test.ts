import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EventBus, InreachEvent } from '../../src/events/event-bus';
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
