import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq } from 'drizzle-orm';

import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { SECRET_BOX, SecretBox } from '../crypto/secret-box';
import { DATABASE, Database } from '../database/database';
import { campaigns, linkedinAccounts, WorkingHours } from '../database/schema';
import { CreateAccountDto, UpdateAccountDto } from './account.dto';

export type AccountRow = typeof linkedinAccounts.$inferSelect;
export type AccountStatus = AccountRow['status'];

export type AccountCredentials =
  { method: 'cookie'; liAt: string } | { method: 'password'; email: string; password: string };

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
};

/** What the API shows of an account: never a secret, only whether one is set. */
export interface AccountView {
  id: string;
  label: string;
  loginMethod: 'cookie' | 'password';
  loginEmail: string | null;
  timezone: string;
  workingHours: WorkingHours;
  isPremium: boolean;
  proxy: { server: string; hasCredentials: boolean } | null;
  hasSession: boolean;
  profileSlug: string | null;
  status: AccountStatus;
  statusReason: string | null;
  statusChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class AccountsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  async create(userId: string, input: CreateAccountDto): Promise<AccountView> {
    const credentials = credentialsFrom(input);
    if (!credentials) {
      throw new ValidationError('Give either liAt, or email and password, to log in with', [
        'liAt or email and password are required',
      ]);
    }
    const [row] = await this.db
      .insert(linkedinAccounts)
      .values({
        userId,
        label: input.label,
        loginMethod: credentials.method,
        credentialsEncrypted: this.secrets.encryptJson(credentials),
        proxyEncrypted: input.proxy ? this.secrets.encrypt(input.proxy) : null,
        timezone: input.timezone ?? 'UTC',
        workingHours: input.workingHours ?? DEFAULT_WORKING_HOURS,
        isPremium: input.isPremium ?? false,
      })
      .returning();
    return this.toView(row);
  }

  async list(userId: string): Promise<AccountView[]> {
    const rows = await this.db
      .select()
      .from(linkedinAccounts)
      .where(eq(linkedinAccounts.userId, userId))
      .orderBy(desc(linkedinAccounts.createdAt));
    return rows.map((row) => this.toView(row));
  }

  async get(userId: string, id: string): Promise<AccountView> {
    return this.toView(await this.findOwned(userId, id));
  }

  async update(userId: string, id: string, input: UpdateAccountDto): Promise<AccountView> {
    const current = await this.findOwned(userId, id);
    const changes: Partial<typeof linkedinAccounts.$inferInsert> = { updatedAt: new Date() };

    if (input.liAt !== undefined || input.email !== undefined || input.password !== undefined) {
      const credentials = credentialsFrom(input);
      if (!credentials) {
        throw new ValidationError('New login details need liAt, or both email and password', [
          'liAt or email and password are required together',
        ]);
      }
      changes.loginMethod = credentials.method;
      changes.credentialsEncrypted = this.secrets.encryptJson(credentials);
      // New credentials start a new session and clear a login problem.
      changes.sessionStateEncrypted = null;
      if (current.status === 'needs_login') {
        Object.assign(changes, {
          status: 'active',
          statusReason: null,
          statusChangedAt: new Date(),
        });
      }
    }
    if (input.label !== undefined) changes.label = input.label;
    if (input.timezone !== undefined) changes.timezone = input.timezone;
    if (input.workingHours !== undefined) changes.workingHours = input.workingHours;
    if (input.isPremium !== undefined) changes.isPremium = input.isPremium;
    if (input.proxy !== undefined) {
      changes.proxyEncrypted = input.proxy ? this.secrets.encrypt(input.proxy) : null;
    }
    if (input.status !== undefined && input.status !== current.status) {
      Object.assign(changes, {
        status: input.status,
        statusReason: input.status === 'paused' ? 'paused by the user' : null,
        statusChangedAt: new Date(),
      });
    }

    const [row] = await this.db
      .update(linkedinAccounts)
      .set(changes)
      .where(eq(linkedinAccounts.id, id))
      .returning();
    return this.toView(row);
  }

  async remove(userId: string, id: string): Promise<void> {
    await this.findOwned(userId, id);
    const used = await this.db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.accountId, id))
      .limit(1);
    if (used.length > 0) {
      throw new ConflictError('This account still has campaigns; delete them first.');
    }
    await this.db.delete(linkedinAccounts).where(eq(linkedinAccounts.id, id));
  }

  /** The owned account row, or 404 when it does not exist or belongs to someone else. */
  async findOwned(userId: string, id: string): Promise<AccountRow> {
    const row = await this.db.query.linkedinAccounts.findFirst({
      where: and(eq(linkedinAccounts.id, id), eq(linkedinAccounts.userId, userId)),
    });
    if (!row) throw new NotFoundError('Account', id);
    return row;
  }

  async findById(id: string): Promise<AccountRow | null> {
    return (
      (await this.db.query.linkedinAccounts.findFirst({ where: eq(linkedinAccounts.id, id) })) ??
      null
    );
  }

  credentials(account: AccountRow): AccountCredentials {
    return this.secrets.decryptJson<AccountCredentials>(account.credentialsEncrypted);
  }

  proxy(account: AccountRow): string | null {
    return account.proxyEncrypted ? this.secrets.decrypt(account.proxyEncrypted) : null;
  }

  sessionState<T>(account: AccountRow): T | null {
    return account.sessionStateEncrypted
      ? this.secrets.decryptJson<T>(account.sessionStateEncrypted)
      : null;
  }

  async saveSessionState(accountId: string, state: unknown): Promise<void> {
    await this.db
      .update(linkedinAccounts)
      .set({ sessionStateEncrypted: this.secrets.encryptJson(state), updatedAt: new Date() })
      .where(eq(linkedinAccounts.id, accountId));
  }

  /** Forgets the saved browser session (it died): the next session logs in afresh. */
  async clearSessionState(accountId: string): Promise<void> {
    await this.db
      .update(linkedinAccounts)
      .set({ sessionStateEncrypted: null, updatedAt: new Date() })
      .where(eq(linkedinAccounts.id, accountId));
  }

  async saveProfileSlug(accountId: string, profileSlug: string): Promise<void> {
    await this.db
      .update(linkedinAccounts)
      .set({ profileSlug })
      .where(eq(linkedinAccounts.id, accountId));
  }

  async setStatus(accountId: string, status: AccountStatus, reason: string | null): Promise<void> {
    await this.db
      .update(linkedinAccounts)
      .set({ status, statusReason: reason, statusChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(linkedinAccounts.id, accountId));
  }

  toView(row: AccountRow): AccountView {
    const credentials = this.credentials(row);
    return {
      id: row.id,
      label: row.label,
      loginMethod: row.loginMethod,
      loginEmail: credentials.method === 'password' ? credentials.email : null,
      timezone: row.timezone,
      workingHours: row.workingHours,
      isPremium: row.isPremium,
      proxy: this.proxyView(row),
      hasSession: row.sessionStateEncrypted !== null,
      profileSlug: row.profileSlug,
      status: row.status,
      statusReason: row.statusReason,
      statusChangedAt: row.statusChangedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private proxyView(row: AccountRow): AccountView['proxy'] {
    const proxy = this.proxy(row);
    if (!proxy) return null;
    const url = new URL(proxy);
    return { server: `${url.protocol}//${url.host}`, hasCredentials: url.username !== '' };
  }
}

function credentialsFrom(input: {
  liAt?: string;
  email?: string;
  password?: string;
}): AccountCredentials | null {
  const hasPassword = input.email !== undefined && input.password !== undefined;
  if (input.liAt !== undefined && !hasPassword && input.email === undefined) {
    return { method: 'cookie', liAt: input.liAt.trim() };
  }
  if (input.liAt === undefined && hasPassword) {
    return { method: 'password', email: input.email!.trim(), password: input.password! };
  }
  return null;
}
