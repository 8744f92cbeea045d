import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export interface AuthenticatedUser {
  id: string;
  email: string;
  isAdmin: boolean;
}

/** Who a request acts for: the key's user, or for an admin key the user named in X-Act-As-User. */
export interface Actor {
  /** The user whose records the request reads and writes. */
  userId: string;
  /** The owner of the key. */
  user: AuthenticatedUser;
  /** The id of the API key the request came with. */
  keyId: string;
}

export type AuthenticatedRequest = Request & { actor?: Actor };

export const ACT_AS_HEADER = 'x-act-as-user';

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});

export const IS_PUBLIC = 'inreach:public';

/** Marks a route that answers without a key (health and API docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
