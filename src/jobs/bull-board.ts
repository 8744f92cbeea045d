import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BULL_BOARD_INSTANCE, BullBoardInstance } from '@bull-board/nestjs';
import type { NextFunction, Request, Response } from 'express';

import { UsersService } from '../auth/users.service';
import { QUEUE_NAMES } from '../queues/queue-definitions';
import { QueueService } from '../queues/queue.service';

export const BULL_BOARD_ROUTE = '/admin/queues';
export const BOARD_COOKIE = 'inreach_board_key';

/**
 * Guards Bull Board: an admin key as `Authorization: Bearer`, or once as `?key=` in a browser,
 * which is then kept in an HttpOnly cookie scoped to the board.
 */
export function boardAuth(users: UsersService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const fromQuery = typeof request.query.key === 'string' ? request.query.key : undefined;
    const key = bearer(request.headers.authorization) ?? fromQuery ?? cookie(request, BOARD_COOKIE);
    if (!key) {
      response.status(401).json({
        code: 'unauthorized',
        message: 'Bull Board needs an admin key: Authorization: Bearer <key>, or ?key=<key> once.',
      });
      return;
    }
    users
      .findByKey(key)
      .then((user) => {
        if (!user) {
          response.status(401).json({ code: 'unauthorized', message: 'The API key is not valid.' });
          return;
        }
        if (!user.isAdmin) {
          response
            .status(403)
            .json({ code: 'forbidden', message: 'Bull Board is for admin keys.' });
          return;
        }
        if (fromQuery) {
          response.cookie(BOARD_COOKIE, key, {
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
