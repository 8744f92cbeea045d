import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AppError } from '../common/errors';
import { actingUserId } from './acting-user';
import { ACT_AS_HEADER, AuthenticatedRequest, IS_PUBLIC } from './current-user';
import { UsersService } from './users.service';

/** Every route needs `Authorization: Bearer <key>` unless it is marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerToken(request.headers.authorization);
    if (!key) {
      throw new AppError('unauthorized', 'Send an API key as "Authorization: Bearer <key>".');
    }
    const live = await this.users.findLiveKey(key);
    if (!live) throw new AppError('unauthorized', 'The API key is not valid or was revoked.');

    const header = request.headers[ACT_AS_HEADER];
    const actAs = Array.isArray(header) ? header[0] : header;
    const userId = await actingUserId(this.users, live.user, actAs);
    request.actor = { user: live.user, userId, keyId: live.id };
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
