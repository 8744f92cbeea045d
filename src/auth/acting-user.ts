import { AppError, NotFoundError, ValidationError } from '../common/errors';
import { AuthenticatedUser } from './current-user';
import { UsersService } from './users.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whose records a caller reaches: its own, or for an admin the user it names (X-Act-As-User
 * on HTTP, `actAs` on the WebSocket). A name that is not an existing user's id is refused.
 */
export async function actingUserId(
  users: UsersService,
  user: AuthenticatedUser,
  requested: unknown,
): Promise<string> {
  if (requested === undefined || requested === null || requested === '') return user.id;
  // Ids are compared, stored and used as rooms in lower case, as Postgres prints them.
  const named = typeof requested === 'string' ? requested.toLowerCase() : requested;
  if (named === user.id) return user.id;
  if (!user.isAdmin) throw new AppError('forbidden', 'Only an admin key may send X-Act-As-User.');
  if (typeof named !== 'string' || !UUID.test(named)) {
    throw new ValidationError('X-Act-As-User must be a user id (UUID)');
  }
  if (!(await users.findById(named))) throw new NotFoundError('User', named);
  return named;
}
