import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull, SQL } from 'drizzle-orm';

import { ConflictError, NotFoundError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import { apiKeys, users } from '../database/schema';
import { generateApiKey, hashApiKey } from './api-keys';
import { AuthenticatedUser } from './current-user';

export interface CreatedUser {
  user: AuthenticatedUser;
  apiKey: string;
}

/** A live API key as stored (its hash, never the key) with its owner. */
export interface LiveApiKey {
  id: string;
  keyHash: string;
  user: AuthenticatedUser;
}

/** Revoking the key a request came with, when it is the user's last live key. */
export class LastApiKeyError extends ConflictError {
  constructor(keyId: string) {
    super(
      'This is the key this request came with and your last live API key: revoking it would ' +
        'lock you out. Create another key first (POST /api/keys), then revoke this one.',
      { keyId },
    );
  }
}

@Injectable()
export class UsersService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(email: string, isAdmin: boolean): Promise<CreatedUser> {
    const normalized = email.trim().toLowerCase();
    const existing = await this.db.query.users.findFirst({ where: eq(users.email, normalized) });
    if (existing) throw new ConflictError(`A user with the email ${normalized} already exists`);

    return this.db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email: normalized, isAdmin }).returning();
      const key = generateApiKey();
      await tx.insert(apiKeys).values({ userId: user.id, keyHash: key.hash, prefix: key.prefix });
      return { user: toUser(user), apiKey: key.key };
    });
  }

  async createKey(userId: string, name = 'default'): Promise<{ id: string; apiKey: string }> {
    const key = generateApiKey();
    const [row] = await this.db
      .insert(apiKeys)
      .values({ userId, keyHash: key.hash, prefix: key.prefix, name })
      .returning({ id: apiKeys.id });
    return { id: row.id, apiKey: key.key };
  }

  /**
   * Revokes a live key of the user. The key a request came with is refused (409) while it is
   * the user's last live key: revoking it would lock the user out.
   */
  async revokeKey(userId: string, keyId: string, requestKeyId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Locked, so two requests each revoking the other's key cannot both see one left.
      const live = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .for('update');
      if (!live.some((key) => key.id === keyId)) throw new NotFoundError('API key', keyId);
      if (keyId === requestKeyId && live.length === 1) throw new LastApiKeyError(keyId);

      await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
    });
  }

  async listKeys(userId: string) {
    return this.db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId));
  }

  async findByKey(key: string): Promise<AuthenticatedUser | null> {
    return (await this.findLiveKey(key))?.user ?? null;
  }

  /** The live key with this value, or null when there is none or it was revoked. */
  async findLiveKey(key: string): Promise<LiveApiKey | null> {
    return this.liveKey(eq(apiKeys.keyHash, hashApiKey(key)));
  }

  /** The live key with this id, or null when there is none or it was revoked. */
  async findLiveKeyById(id: string): Promise<LiveApiKey | null> {
    return this.liveKey(eq(apiKeys.id, id));
  }

  private async liveKey(which: SQL): Promise<LiveApiKey | null> {
    const [row] = await this.db
      .select({
        id: apiKeys.id,
        keyHash: apiKeys.keyHash,
        user: { id: users.id, email: users.email, isAdmin: users.isAdmin },
      })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(which, isNull(apiKeys.revokedAt)))
      .limit(1);
    return row ?? null;
  }

  /** Which of these key hashes still belong to keys that are not revoked. */
  async liveKeyHashes(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db
      .select({ keyHash: apiKeys.keyHash })
      .from(apiKeys)
      .where(and(inArray(apiKeys.keyHash, hashes), isNull(apiKeys.revokedAt)));
    return new Set(rows.map((row) => row.keyHash));
  }

  async findById(id: string): Promise<AuthenticatedUser | null> {
    const user = await this.db.query.users.findFirst({ where: eq(users.id, id) });
    return user ? toUser(user) : null;
  }

  async list(): Promise<AuthenticatedUser[]> {
    const rows = await this.db.select().from(users).orderBy(users.createdAt);
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const rows = await this.db.select({ id: users.id }).from(users).limit(1);
    return rows.length;
  }
}

function toUser(row: typeof users.$inferSelect): AuthenticatedUser {
  return { id: row.id, email: row.email, isAdmin: row.isAdmin };
}
