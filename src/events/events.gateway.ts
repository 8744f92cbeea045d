import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { UsersService } from '../auth/users.service';
import { EventBus } from './event-bus';

const room = (userId: string) => `user:${userId}`;

/**
 * The live feed: Socket.IO at /socket.io, authenticated with an API key in the handshake
 * (`auth: { token }` or an Authorization header); each user hears only their own events.
 */
@WebSocketGateway({ cors: { origin: true } })
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(EventsGateway.name);
  private stopListening: (() => void) | null = null;

  @WebSocketServer()
  server!: Server;

  constructor(
    private readonly users: UsersService,
    private readonly bus: EventBus,
  ) {}

  afterInit(): void {
    this.stopListening = this.bus.subscribe((event) => {
      this.server.to(room(event.userId)).emit(event.type, event);
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  async handleConnection(client: Socket): Promise<void> {
    const key = handshakeKey(client);
    const user = key ? await this.users.findByKey(key).catch(() => null) : null;
    if (!user) {
      client.emit('error', { code: 'unauthorized', message: 'Connect with a valid API key.' });
      client.disconnect(true);
      return;
    }
    const actAs = (client.handshake.auth as { actAs?: unknown }).actAs;
    const userId = user.isAdmin && typeof actAs === 'string' ? actAs : user.id;
    await client.join(room(userId));
    client.emit('ready', { userId });
    this.logger.debug({ msg: 'feed client connected', userId });
  }
}

function handshakeKey(client: Socket): string | null {
  const token = (client.handshake.auth as { token?: unknown }).token;
  if (typeof token === 'string' && token) return token.replace(/^Bearer\s+/i, '');
  const header = client.handshake.headers.authorization;
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}
