import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { actingUserId } from '../auth/acting-user';
import { hashApiKey } from '../auth/api-keys';
import { ACT_AS_HEADER } from '../auth/current-user';
import { UsersService } from '../auth/users.service';
import { AppError } from '../common/errors';
import { EventBus } from './event-bus';

const room = (userId: string) => `user:${userId}`;

// Keys are revoked in Postgres, through whichever API process: each process asks about the
// keys of its own clients this often.
export const KEY_RECHECK_MS = 1_000;

/**
 * The live feed: Socket.IO at /socket.io, authenticated with an API key in the handshake
 * (`auth: { token }` or an Authorization header); each user hears only their own events.
 * An admin names the user to hear with `auth: { actAs }` or the X-Act-As-User header.
 */
@WebSocketGateway({ cors: { origin: true } })
export class EventsGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger(EventsGateway.name);
  private stopListening: (() => void) | null = null;
  /** The hash of the key each connected client came with. */
  private readonly clients = new Map<Socket, string>();
  private recheck: NodeJS.Timeout | null = null;
  private rechecking = false;

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
    this.recheck = setInterval(() => void this.dropRevokedClients(), KEY_RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    if (this.recheck) clearInterval(this.recheck);
  }

  async handleConnection(client: Socket): Promise<void> {
    const key = handshakeKey(client);
    const user = key ? await this.users.findByKey(key).catch(() => null) : null;
    if (!key || !user) {
      refuse(client, 'unauthorized', 'Connect with a valid API key.');
      return;
    }
    let userId: string;
    try {
      userId = await actingUserId(this.users, user, handshakeActAs(client));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refuse(client, error.code, error.message);
      return;
    }
    this.clients.set(client, hashApiKey(key));
    await client.join(room(userId));
    client.emit('ready', { userId });
    this.logger.debug({ msg: 'feed client connected', userId });
  }

  handleDisconnect(client: Socket): void {
    this.clients.delete(client);
  }

  /** Disconnects the clients whose key was revoked since they connected. */
  private async dropRevokedClients(): Promise<void> {
    if (this.rechecking || this.clients.size === 0) return;
    this.rechecking = true;
    try {
      const live = await this.users.liveKeyHashes([...new Set(this.clients.values())]);
      for (const [client, keyHash] of this.clients) {
        if (live.has(keyHash)) continue;
        this.clients.delete(client);
        refuse(client, 'unauthorized', 'The API key was revoked.');
      }
    } catch (error) {
      // The database is away: clients stay until it answers again.
      this.logger.debug({ msg: 'feed keys not rechecked', err: (error as Error).message });
    } finally {
      this.rechecking = false;
    }
  }
}

function refuse(client: Socket, code: string, message: string): void {
  client.emit('error', { code, message });
  client.disconnect(true);
}

function handshakeKey(client: Socket): string | null {
  const token = (client.handshake.auth as { token?: unknown }).token;
  if (typeof token === 'string' && token) return token.replace(/^Bearer\s+/i, '');
  const header = client.handshake.headers.authorization;
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}

function handshakeActAs(client: Socket): unknown {
  const actAs = (client.handshake.auth as { actAs?: unknown }).actAs;
  if (actAs !== undefined) return actAs;
  const header = client.handshake.headers[ACT_AS_HEADER];
  return Array.isArray(header) ? header[0] : header;
}
