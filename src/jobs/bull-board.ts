import { timingSafeEqual } from 'node:crypto';

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BULL_BOARD_INSTANCE, BullBoardInstance } from '@bull-board/nestjs';
import { isUUID } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';

import { LiveApiKey, UsersService } from '../auth/users.service';
import { SecretBox } from '../crypto/secret-box';
import { QUEUE_NAMES } from '../queues/queue-definitions';
import { QueueService } from '../queues/queue.service';

export const BULL_BOARD_ROUTE = '/admin/queues';
export const BOARD_COOKIE = 'inreach_board_key';

/**
 * Guards Bull Board: an admin key as `Authorization: Bearer`, or once as `?key=` in a browser,
 * which then gets an HttpOnly cookie scoped to the board. The cookie holds the key's id and a
 * keyed hash, never the key: stolen, it opens no API route, and it ends with the key's revocation.
 */
export function boardAuth(users: UsersService, secrets: SecretBox) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const fromQuery = typeof request.query.key === 'string' ? request.query.key : undefined;
    const key = bearer(request.headers.authorization) ?? fromQuery;
    const fromCookie = cookie(request, BOARD_COOKIE);
    if (!key && !fromCookie) {
      response.status(401).json({
        code: 'unauthorized',
        message: 'Bull Board needs an admin key: Authorization: Bearer <key>, or ?key=<key> once.',
      });
      return;
    }
    const found = key ? users.findLiveKey(key) : keyOfCookie(users, secrets, fromCookie!);
    found
      .then((live) => {
        if (!live) {
          response.status(401).json({ code: 'unauthorized', message: 'The API key is not valid.' });
          return;
        }
        if (!live.user.isAdmin) {
          response
            .status(403)
            .json({ code: 'forbidden', message: 'Bull Board is for admin keys.' });
          return;
        }
        if (fromQuery) {
          response.cookie(BOARD_COOKIE, boardCookie(secrets, live), {
            httpOnly: true,
            sameSite: 'strict',
            path: BULL_BOARD_ROUTE,
          });
        }
        next();
      })
      .catch(next);
  };
}

/** `<key id>.<keyed hash of the key's stored hash>`: only this server can make one. */
function boardCookie(secrets: SecretBox, key: LiveApiKey): string {
  return `${key.id}.${secrets.fingerprint(`board:${key.id}:${key.keyHash}`)}`;
}

/** The live key a board cookie was made for, or null when it is forged or the key revoked. */
async function keyOfCookie(
  users: UsersService,
  secrets: SecretBox,
  value: string,
): Promise<LiveApiKey | null> {
  const [keyId] = value.split('.');
  if (!isUUID(keyId)) return null;
  const key = await users.findLiveKeyById(keyId);
  if (!key) return null;
  const expected = Buffer.from(boardCookie(secrets, key));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected) ? key : null;
}

/** Puts every Inreach queue on the board. */
@Injectable()
export class BoardQueues implements OnModuleInit {
  constructor(
    @Inject(BULL_BOARD_INSTANCE) private readonly board: BullBoardInstance,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    for (const name of QUEUE_NAMES) this.board.addQueue(new BullMQAdapter(this.queues.queue(name)));
  }
}

function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
