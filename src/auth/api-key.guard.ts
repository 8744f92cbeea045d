import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AppError, NotFoundError } from '../common/errors';
import { ACT_AS_HEADER, AuthenticatedRequest, IS_PUBLIC } from './current-user';
import { UsersService } from './users.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    const user = await this.users.findByKey(key);
    if (!user) throw new AppError('unauthorized', 'The API key is not valid or was revoked.');

    request.actor = { user, userId: await this.actingUserId(user, request) };
    return true;
  }

  private async actingUserId(
    user: { id: string; isAdmin: boolean },
    request: AuthenticatedRequest,
  ): Promise<string> {
    const header = request.headers[ACT_AS_HEADER];
    const actAs = Array.isArray(header) ? header[0] : header;
    if (!actAs) return user.id;
    if (!user.isAdmin) {
      throw new AppError('forbidden', `Only an admin key may send ${ACT_AS_HEADER}.`);
    }
    if (!UUID.test(actAs) || !(await this.users.findById(actAs))) {
      throw new NotFoundError('User', actAs);
    }
    return actAs;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
