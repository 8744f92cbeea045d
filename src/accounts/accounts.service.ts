import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';

import { noteLimitFor } from '../campaigns/campaign-templates';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../common/errors';
import type { Page } from '../common/paging';
import { SECRET_BOX, SecretBox } from '../crypto/secret-box';
import { DATABASE, Database } from '../database/database';
import { newestFirstPage } from '../database/newest-first';
import { uniqueViolation } from '../database/database-errors';
import {
  campaigns,
  jobHistory,
  linkedinAccounts,
  pendingJobs,
  WorkingHours,
} from '../database/schema';
import { isQueueName } from '../queues/queue-definitions';
import { OPEN_JOB_STATES } from '../queues/job-history.service';
import { QueueService } from '../queues/queue.service';
import {
  canEverFit,
  compileTemplate,
  minRenderedLength,
  TemplateSyntaxError,
  type CompiledTemplate,
} from '../templates';
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

/** The status reason of an account whose LinkedIn member another live account has already. */
export const DUPLICATE_MEMBER_REASON =
  'this LinkedIn member is already connected as another Inreach account';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    // Absent where no queues run (scripts, tests): the history rows are then trusted as they are.
    @Optional() @Inject(QueueService) private readonly queues?: QueueService,
  ) {}

  async create(userId: string, input: CreateAccountDto): Promise<AccountView> {
    const credentials = credentialsFrom(input);
    if (!credentials) {
      throw new ValidationError('Give either liAt, or email and password, to log in with', [
        'liAt or email and password are required',
      ]);
    }
    const loginFingerprint = this.loginFingerprint(credentials);
    const [row] = await this.db
      .insert(linkedinAccounts)
      .values({
        userId,
        label: input.label,
        loginMethod: credentials.method,
        credentialsEncrypted: this.secrets.encryptJson(credentials),
        loginFingerprint,
        proxyEncrypted: input.proxy ? this.secrets.encrypt(input.proxy) : null,
        timezone: input.timezone ?? 'UTC',
        workingHours: input.workingHours ?? DEFAULT_WORKING_HOURS,
        isPremium: input.isPremium ?? false,
      })
      .onConflictDoNothing({ target: linkedinAccounts.loginFingerprint })
      .returning();
    if (!row) {
      await this.assertLoginFree(userId, loginFingerprint, credentials.method, null);
      throw new ConflictError(
        'This LinkedIn login was connected and deleted meanwhile; try again.',
      );
    }
    return this.toView(row);
  }

  /** One page of the user's live accounts, newest first. */
  async list(userId: string, page: number, limit: number): Promise<Page<AccountView>> {
    const owned = and(eq(linkedinAccounts.userId, userId), isNull(linkedinAccounts.deletedAt));
    const rows = await newestFirstPage(this.db, linkedinAccounts, owned, page, limit);
    return { ...rows, items: rows.items.map((row) => this.toView(row)) };
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
      changes.loginFingerprint = this.loginFingerprint(credentials);
      await this.assertLoginFree(userId, changes.loginFingerprint, credentials.method, current.id);
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
    if (input.isPremium !== undefined) {
      if (current.isPremium && !input.isPremium) await this.assertNotesFitFree(current.id);
      changes.isPremium = input.isPremium;
    }
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

    let row: AccountRow;
    try {
      [row] = await this.db
        .update(linkedinAccounts)
        .set(changes)
        .where(eq(linkedinAccounts.id, id))
        .returning();
    } catch (error) {
      // Another account took the same login between the check above and this write.
      if (!uniqueViolation(error) || !changes.loginFingerprint || !changes.loginMethod) throw error;
      await this.assertLoginFree(userId, changes.loginFingerprint, changes.loginMethod, current.id);
      throw new ConflictError('Another account changed the same login meanwhile; try again');
    }
    return this.toView(row);
  }

  /**
   * Deletes the account softly: the row stays, so its activities keep who was contacted, but
   * its secrets are wiped, it is hidden and runs nothing; its campaigns are archived and their
   * parked work cancelled. Refused (409) while a run of the account is queued or running.
   */
  async remove(userId: string, id: string): Promise<void> {
    await this.findOwned(userId, id);
    const openRun = await this.openRun(id);
    if (openRun) {
      throw new ConflictError(
        `A run of this account is ${openRun.state} (job ${openRun.id}); wait for it to end, ` +
          'or pause its campaign (the run stops before its next lead), then delete the account.',
        { jobId: openRun.id, campaignId: openRun.campaignId, state: openRun.state },
      );
    }

    const now = new Date();
    await this.db.transaction(async (tx) => {
      await tx
        .update(campaigns)
        .set({ status: 'archived', updatedAt: now })
        .where(and(eq(campaigns.accountId, id), ne(campaigns.status, 'archived')));
      await tx
        .update(pendingJobs)
        .set({ status: 'cancelled' })
        .where(and(eq(pendingJobs.accountId, id), eq(pendingJobs.status, 'waiting')));
      await tx
        .update(linkedinAccounts)
        .set({
          deletedAt: now,
          credentialsEncrypted: null,
          loginFingerprint: null,
          sessionStateEncrypted: null,
          proxyEncrypted: null,
          status: 'paused',
          statusReason: 'deleted by the user',
          statusChangedAt: now,
          updatedAt: now,
        })
        .where(eq(linkedinAccounts.id, id));
    });
    this.logger.log({ msg: 'account deleted', accountId: id, userId });
  }

  /** The owned account row, or 404 when it does not exist, is deleted or is someone else's. */
  async findOwned(userId: string, id: string): Promise<AccountRow> {
    const row = await this.db.query.linkedinAccounts.findFirst({
      where: and(
        eq(linkedinAccounts.id, id),
        eq(linkedinAccounts.userId, userId),
        isNull(linkedinAccounts.deletedAt),
      ),
    });
    if (!row) throw new NotFoundError('Account', id);
    return row;
  }

  /** The account row, or null when it does not exist or is deleted. */
  async findById(id: string): Promise<AccountRow | null> {
    return (
      (await this.db.query.linkedinAccounts.findFirst({
        where: and(eq(linkedinAccounts.id, id), isNull(linkedinAccounts.deletedAt)),
      })) ?? null
    );
  }

  credentials(account: AccountRow): AccountCredentials {
    if (account.credentialsEncrypted === null) {
      throw new Error(`account ${account.id} is deleted: its credentials are wiped`);
    }
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

  /**
   * Saves the own profile slug learned at login. False, and nothing saved, when another live
   * account (of any user) is the same LinkedIn member: one member never has two quotas.
   */
  async claimProfileSlug(accountId: string, profileSlug: string): Promise<boolean> {
    const [other] = await this.db
      .select({ id: linkedinAccounts.id })
      .from(linkedinAccounts)
      .where(
        and(
          sql`lower(${linkedinAccounts.profileSlug}) = lower(${profileSlug})`,
          isNull(linkedinAccounts.deletedAt),
          ne(linkedinAccounts.id, accountId),
        ),
      )
      .limit(1);
    if (other) return false;
    try {
      await this.db
        .update(linkedinAccounts)
        .set({ profileSlug })
        .where(eq(linkedinAccounts.id, accountId));
    } catch (error) {
      // Two accounts of one member logged in at the same moment: the unique index chose.
      if (uniqueViolation(error)) return false;
      throw error;
    }
    return true;
  }

  async setStatus(accountId: string, status: AccountStatus, reason: string | null): Promise<void> {
    await this.db
      .update(linkedinAccounts)
      .set({ status, statusReason: reason, statusChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(linkedinAccounts.id, accountId));
  }

  toView(row: AccountRow): AccountView {
    const credentials = row.credentialsEncrypted === null ? null : this.credentials(row);
    return {
      id: row.id,
      label: row.label,
      loginMethod: row.loginMethod,
      loginEmail: credentials?.method === 'password' ? credentials.email : null,
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

  // The e-mail counts case-insensitively: LinkedIn logs in with either spelling.
  private loginFingerprint(credentials: AccountCredentials): string {
    return this.secrets.fingerprint(
      credentials.method === 'cookie'
        ? `li_at:${credentials.liAt}`
        : `email:${credentials.email.toLowerCase()}`,
    );
  }

  /** A queued or running job of the account or its campaigns, as Redis confirms it. */
  private async openRun(
    accountId: string,
  ): Promise<{ id: string; campaignId: string | null; state: string } | null> {
    const accountCampaigns = this.db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.accountId, accountId));
    const rows = await this.db
      .select({
        id: jobHistory.id,
        queue: jobHistory.queue,
        campaignId: jobHistory.campaignId,
        state: jobHistory.state,
      })
      .from(jobHistory)
      .where(
        and(
          inArray(jobHistory.state, OPEN_JOB_STATES),
          or(eq(jobHistory.accountId, accountId), inArray(jobHistory.campaignId, accountCampaigns)),
        ),
      );
    for (const row of rows) {
      // A row may lag behind a job that has just ended: Redis has the last word.
      if (!this.queues || !isQueueName(row.queue)) return row;
      const live = await this.queues.liveState(row.queue, row.id);
      if ((OPEN_JOB_STATES as string[]).includes(live.state)) return { ...row, state: live.state };
    }
    return null;
  }

  /** The live account that has this login already, other than `exceptAccountId`. */
  private async loginHolder(
    loginFingerprint: string,
    exceptAccountId: string | null,
  ): Promise<{ id: string; userId: string } | null> {
    const [holder] = await this.db
      .select({ id: linkedinAccounts.id, userId: linkedinAccounts.userId })
      .from(linkedinAccounts)
      .where(
        and(
          eq(linkedinAccounts.loginFingerprint, loginFingerprint),
          exceptAccountId ? ne(linkedinAccounts.id, exceptAccountId) : undefined,
        ),
      )
      .limit(1);
    return holder ?? null;
  }

  /**
   * 409 when another account has this login, naming the field it was sent in; the account is
   * named only to its own user.
   */
  private async assertLoginFree(
    userId: string,
    loginFingerprint: string,
    method: AccountCredentials['method'],
    exceptAccountId: string | null,
  ): Promise<void> {
    const holder = await this.loginHolder(loginFingerprint, exceptAccountId);
    if (!holder) return;
    const field = method === 'cookie' ? 'liAt' : 'email';
    if (holder.userId === userId) {
      throw new ConflictError(`This LinkedIn login is already connected as account ${holder.id}`, {
        field,
        accountId: holder.id,
      });
    }
    throw new ConflictError('This LinkedIn login is already connected by another Inreach user', {
      field,
    });
  }

  /** 422 when a campaign that may still run has a note that never fits a free account. */
  private async assertNotesFitFree(accountId: string): Promise<void> {
    const limit = noteLimitFor({ isPremium: false });
    const rows = await this.db
      .select({ id: campaigns.id, name: campaigns.name, noteTemplate: campaigns.noteTemplate })
      .from(campaigns)
      .where(and(eq(campaigns.accountId, accountId), ne(campaigns.status, 'archived')));
    const tooLong = rows.flatMap((campaign) => {
      if (campaign.noteTemplate === null) return [];
      let compiled: CompiledTemplate;
      try {
        // Any custom field is accepted: which ones exist was checked when the note was saved.
        compiled = compileTemplate(campaign.noteTemplate);
      } catch (error) {
        if (error instanceof TemplateSyntaxError) return [];
        throw error;
      }
      if (canEverFit(compiled, limit)) return [];
      return [
        { id: campaign.id, name: campaign.name, shortestLength: minRenderedLength(compiled) },
      ];
    });
    if (tooLong.length === 0) return;
    const named = tooLong.map((campaign) => `"${campaign.name}" (${campaign.id})`).join(', ');
    throw new UnprocessableError(
      `isPremium: a free account's notes fit ${limit} characters, and the note of ` +
        `${named} can never fit; shorten the note or archive the campaign first`,
      { field: 'isPremium', reason: 'template_too_long', limit, campaigns: tooLong },
    );
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
