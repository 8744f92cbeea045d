import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { and, eq, gt, gte, lt, lte, sql, sum } from 'drizzle-orm';

import { Clock, CLOCK } from '../common/clock';
import { NotFoundError, UnprocessableError, ValidationError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import {
  accountLimits,
  activities,
  campaigns,
  linkedinAccounts,
  pendingJobs,
  quotaReservations,
} from '../database/schema';
import { EventBus } from '../events/event-bus';
import {
  ACTION_TYPES,
  ActionType,
  Caps,
  defaultCaps,
  FREE_NOTES_PER_MONTH,
  HARD_CEILINGS,
  warmupFactor,
} from './limit-defaults';
import {
  isWithinWorkingHours,
  nextWorkingWindowStart,
  TimeWindow,
  WindowKind,
  windowAt,
} from './time-windows';

/** The database or an open transaction: quota writes may join the caller's transaction. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;
type AccountRow = typeof linkedinAccounts.$inferSelect;

export interface RunGrant {
  granted: number;
  /** Null when nothing was granted. */
  reservationId: string | null;
  /** When more becomes available, when less than wanted was granted; else null. */
  resumeAt: Date | null;
}

export interface WindowUsage {
  limit: number;
  used: number;
  reserved: number;
  left: number;
  resetsAt: string;
}

export interface TypeUsage {
  today: WindowUsage;
  week: WindowUsage;
  /** Free accounts' notes only. */
  month?: WindowUsage;
  exhaustedUntil: string | null;
}

export interface LimitSetting extends Caps {
  ceiling: Caps;
  /** The share of the caps a new account gets while it warms up. */
  warmupFactor: number;
  /** The caps in force today, after warm-up. */
  effective: Caps;
  monthly?: number;
}

// A run at human pace can take an hour; the worker also returns a job's reservations when
// the job ends, so this only bounds what a crashed process holds.
const DEFAULT_RESERVATION_TTL_MS = 2 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Limits and quotas per LinkedIn account and action type. Usage is counted from succeeded
 * activities in the account's own day and week, plus live reservations; grants are atomic
 * across processes through a transaction-scoped advisory lock per account and type.
 */
@Injectable()
export class LinkedInSettingsService {
  private readonly logger = new Logger(LinkedInSettingsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly events?: EventBus,
  ) {}

  /**
   * Reserves up to `wanted` actions for a run. Call `consume` as actions succeed (their
   * activities then count) and `release` at the end; a reservation of a dead process expires.
   */
  async getMaxActionsForRun(
    accountId: string,
    type: ActionType,
    wanted: number,
    options: { jobId?: string; ttlMs?: number } = {},
  ): Promise<RunGrant> {
    if (!Number.isInteger(wanted) || wanted < 0) {
      throw new ValidationError('wanted must be a whole number of actions, 0 or more');
    }
    return this.db.transaction(async (tx) => {
      await lockQuota(tx, accountId, type);
      const now = this.clock.now();
      const account = await this.account(tx, accountId);
      await tx
        .delete(quotaReservations)
        .where(
          and(
            eq(quotaReservations.accountId, accountId),
            eq(quotaReservations.actionType, type),
            lte(quotaReservations.expiresAt, now),
          ),
        );
      const state = await this.quotaState(tx, account, type, now);

      const granted = Math.max(0, Math.min(wanted, state.left));
      let reservationId: string | null = null;
      if (granted > 0) {
        const [reservation] = await tx
          .insert(quotaReservations)
          .values({
            accountId,
            actionType: type,
            amount: granted,
            jobId: options.jobId ?? null,
            expiresAt: new Date(now.getTime() + (options.ttlMs ?? DEFAULT_RESERVATION_TTL_MS)),
          })
          .returning({ id: quotaReservations.id });
        reservationId = reservation.id;
      }
      const resumeAt =
        granted < wanted ? nextWorkingWindowStart(account, state.turnsAtAfter(granted)) : null;
      return { granted, reservationId, resumeAt };
    });
  }

  /**
   * Takes `used` actions off a reservation once their activities are recorded as succeeded.
   * Pass the transaction that writes those activities, so quota used always equals actions
   * done: both commit together or neither does.
   */
  async consume(reservationId: string, used: number, tx?: Executor): Promise<void> {
    if (!Number.isInteger(used) || used < 0) {
      throw new ValidationError('used must be a whole number of actions, 0 or more');
    }
    if (!tx) return this.db.transaction((own) => this.consume(reservationId, used, own));

    const [reservation] = await tx
      .select({ accountId: quotaReservations.accountId, type: quotaReservations.actionType })
      .from(quotaReservations)
      .where(eq(quotaReservations.id, reservationId));
    if (!reservation) return;
    // Waits for a grant in progress, so it never reads the activity and the reservation apart.
    await lockQuota(tx, reservation.accountId, reservation.type);
    await tx
      .update(quotaReservations)
      .set({ amount: sql`greatest(${quotaReservations.amount} - ${used}, 0)` })
      .where(eq(quotaReservations.id, reservationId));
  }

  /**
   * Ends a reservation: `used` of it were spent (already counted by their activities) and the
   * rest goes back. Returns the part given back.
   */
  async release(reservationId: string, used = 0, tx: Executor = this.db): Promise<number> {
    const [deleted] = await tx
      .delete(quotaReservations)
      .where(eq(quotaReservations.id, reservationId))
      .returning({ amount: quotaReservations.amount });
    return deleted ? Math.max(0, deleted.amount - used) : 0;
  }

  /** Returns every reservation a job still holds (the worker calls it when a job ends). */
  async releaseForJob(jobId: string): Promise<number> {
    const deleted = await this.db
      .delete(quotaReservations)
      .where(eq(quotaReservations.jobId, jobId))
      .returning({ amount: quotaReservations.amount });
    return deleted.reduce((total, row) => total + row.amount, 0);
  }

  /**
   * LinkedIn said the limit is reached: no grants until the current day, week or month (free
   * accounts' notes) ends in the account's timezone. A longer exhaustion already set is kept.
   */
  async markExhausted(
    accountId: string,
    type: ActionType,
    window: WindowKind = 'day',
  ): Promise<Date> {
    const account = await this.account(this.db, accountId);
    const until = windowAt(window, this.clock.now(), account.timezone).end;
    const caps = await this.configuredCaps(this.db, account, type);
    const [row] = await this.db
      .insert(accountLimits)
      .values({ accountId, actionType: type, ...caps, exhaustedUntil: until })
      .onConflictDoUpdate({
        target: [accountLimits.accountId, accountLimits.actionType],
        set: {
          exhaustedUntil: sql`greatest(${accountLimits.exhaustedUntil}, excluded.exhausted_until)`,
          updatedAt: new Date(),
        },
      })
      .returning({ exhaustedUntil: accountLimits.exhaustedUntil });
    const resumeAt = row.exhaustedUntil ?? until;

    this.logger.log({ msg: 'quota exhausted', accountId, actionType: type, window, resumeAt });
    this.events?.publish({
      type: 'quota.exhausted',
      userId: account.userId,
      accountId,
      actionType: type,
      resumeAt: resumeAt.toISOString(),
    });
    return resumeAt;
  }

  /** Whether the account is inside its working hours now, and when its next window opens. */
  async workingWindow(accountId: string): Promise<{ open: boolean; opensAt: Date }> {
    const account = await this.account(this.db, accountId);
    const now = this.clock.now();
    const open = isWithinWorkingHours(account, now);
    return { open, opensAt: open ? now : nextWorkingWindowStart(account, now) };
  }

  /** The caps of every type for an owned account. */
  async getLimits(userId: string, accountId: string): Promise<Record<ActionType, LimitSetting>> {
    const account = await this.ownedAccount(userId, accountId);
    const factor = warmupFactor(this.accountAgeDays(account));
    const entries = await Promise.all(
      ACTION_TYPES.map(async (type) => {
        const caps = await this.configuredCaps(this.db, account, type);
        const setting: LimitSetting = {
          ...caps,
          ceiling: HARD_CEILINGS[type],
          warmupFactor: factor,
          effective: scaled(caps, factor),
        };
        if (type === 'notes' && !account.isPremium) setting.monthly = FREE_NOTES_PER_MONTH;
        return [type, setting] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<ActionType, LimitSetting>;
  }

  /** Changes caps; each must stay within its hard ceiling (422 naming type and ceiling). */
  async setLimits(
    userId: string,
    accountId: string,
    changes: Partial<Record<ActionType, Partial<Caps>>>,
  ): Promise<Record<ActionType, LimitSetting>> {
    const account = await this.ownedAccount(userId, accountId);
    const problems: string[] = [];
    const updates: { type: ActionType; caps: Caps }[] = [];
    for (const type of ACTION_TYPES) {
      const change = changes[type];
      if (!change) continue;
      // Only the values given change (a DTO carries the others as undefined).
      const current = await this.configuredCaps(this.db, account, type);
      const caps: Caps = {
        daily: change.daily ?? current.daily,
        weekly: change.weekly ?? current.weekly,
      };
      const ceiling = HARD_CEILINGS[type];
      if (caps.daily > ceiling.daily) {
        problems.push(`${type}.daily ${caps.daily} is above the ceiling of ${ceiling.daily}`);
      }
      if (caps.weekly > ceiling.weekly) {
        problems.push(`${type}.weekly ${caps.weekly} is above the ceiling of ${ceiling.weekly}`);
      }
      if (caps.daily > caps.weekly) {
        problems.push(`${type}.daily ${caps.daily} is above ${type}.weekly ${caps.weekly}`);
      }
      updates.push({ type, caps });
    }
    if (problems.length > 0) {
      throw new UnprocessableError(`Limits refused: ${problems.join('; ')}.`, {
        problems,
        ceilings: HARD_CEILINGS,
      });
    }

    for (const { type, caps } of updates) {
      await this.db
        .insert(accountLimits)
        .values({ accountId, actionType: type, ...caps })
        .onConflictDoUpdate({
          target: [accountLimits.accountId, accountLimits.actionType],
          set: { daily: caps.daily, weekly: caps.weekly, updatedAt: new Date() },
        });
    }
    return this.getLimits(userId, accountId);
  }

  /** Used and left per type, today and this week (account timezone), and when each resets. */
  async getUsage(
    accountId: string,
    now = this.clock.now(),
  ): Promise<Record<ActionType, TypeUsage>> {
    const account = await this.account(this.db, accountId);
    const entries = await Promise.all(
      ACTION_TYPES.map(async (type) => {
        const state = await this.quotaState(this.db, account, type, now);
        const usage: TypeUsage = {
          today: state.windows.day,
          week: state.windows.week,
          exhaustedUntil: state.exhaustedUntil?.toISOString() ?? null,
        };
        if (state.windows.month) usage.month = state.windows.month;
        return [type, usage] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<ActionType, TypeUsage>;
  }

  /** Usage of an account the user owns (404 otherwise). */
  async getOwnedUsage(userId: string, accountId: string): Promise<Record<ActionType, TypeUsage>> {
    await this.ownedAccount(userId, accountId);
    return this.getUsage(accountId);
  }

  /** How many actions could be granted now, without reserving them. */
  async available(accountId: string, type: ActionType): Promise<{ left: number; turnsAt: Date }> {
    const account = await this.account(this.db, accountId);
    const state = await this.quotaState(this.db, account, type, this.clock.now());
    return { left: state.left, turnsAt: nextWorkingWindowStart(account, state.turnsAt) };
  }

  /**
   * Whether one more action of `type` fits the caps as they are now, counting what succeeded
   * only: a run holds a reservation made under the caps of its start, which the user may lower.
   */
  async fitsOneMore(accountId: string, type: ActionType): Promise<boolean> {
    const account = await this.account(this.db, accountId);
    const state = await this.quotaState(this.db, account, type, this.clock.now());
    if (state.exhaustedUntil) return false;
    const windows: (WindowUsage | undefined)[] = Object.values(state.windows);
    return windows.every((window) => window === undefined || window.used < window.limit);
  }

  /** Parks work that does not fit now, with the reason and the earliest time to try again. */
  async createPendingJob(
    userId: string,
    campaignId: string,
    jobType: string,
    actionType: ActionType,
    count: number,
    reason: string,
    runAfter: Date,
  ): Promise<typeof pendingJobs.$inferSelect> {
    if (!Number.isInteger(count) || count < 1) {
      throw new ValidationError('A pending job parks at least one action', { count });
    }
    if (Number.isNaN(runAfter.getTime())) {
      throw new ValidationError('A pending job needs a valid time to run after', { runAfter });
    }
    const [campaign] = await this.db
      .select({ accountId: campaigns.accountId })
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.userId, userId)));
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
    const [row] = await this.db
      .insert(pendingJobs)
      .values({
        userId,
        campaignId,
        accountId: campaign.accountId,
        jobType,
        actionType,
        count,
        reason,
        runAfter,
      })
      .returning();
    return row;
  }

  private async quotaState(tx: Executor, account: AccountRow, type: ActionType, now: Date) {
    const caps = scaled(
      await this.configuredCaps(tx, account, type),
      warmupFactor(this.accountAgeDays(account, now)),
    );
    const [limitRow] = await tx
      .select({ exhaustedUntil: accountLimits.exhaustedUntil })
      .from(accountLimits)
      .where(and(eq(accountLimits.accountId, account.id), eq(accountLimits.actionType, type)));
    const exhaustedUntil =
      limitRow?.exhaustedUntil && limitRow.exhaustedUntil > now ? limitRow.exhaustedUntil : null;

    const reserved = await this.reservedAmount(tx, account.id, type, now);
    const limits: [WindowKind, number][] = [
      ['day', caps.daily],
      ['week', caps.weekly],
    ];
    if (type === 'notes' && !account.isPremium) limits.push(['month', FREE_NOTES_PER_MONTH]);

    const windows: Partial<Record<WindowKind, WindowUsage>> = {};
    const turns: { left: number; end: Date }[] = [];
    let left = Number.POSITIVE_INFINITY;
    for (const [kind, limit] of limits) {
      const window = windowAt(kind, now, account.timezone);
      const used = await this.usedIn(tx, account.id, type, window);
      const windowLeft = Math.max(0, limit - used - reserved);
      windows[kind] = {
        limit,
        used,
        reserved,
        left: windowLeft,
        resetsAt: window.end.toISOString(),
      };
      left = Math.min(left, windowLeft);
      turns.push({ left: windowLeft, end: window.end });
    }
    if (exhaustedUntil) left = 0;

    /** When more is available once `taken` more are used: every used-up window has turned. */
    const turnsAtAfter = (taken: number): Date => {
      let turnsAt = now;
      for (const turn of turns) {
        if (turn.left - taken <= 0 && turn.end > turnsAt) turnsAt = turn.end;
      }
      if (exhaustedUntil && exhaustedUntil > turnsAt) turnsAt = exhaustedUntil;
      return turnsAt;
    };

    return {
      left,
      turnsAt: turnsAtAfter(0),
      turnsAtAfter,
      exhaustedUntil,
      windows: windows as Record<'day' | 'week', WindowUsage> & { month?: WindowUsage },
    };
  }

  private async usedIn(
    tx: Executor,
    accountId: string,
    type: ActionType,
    window: TimeWindow,
  ): Promise<number> {
    const action = activityActionFor(type);
    const [row] = await tx
      .select({ used: sql<number>`count(*)::int` })
      .from(activities)
      .where(
        and(
          eq(activities.accountId, accountId),
          eq(activities.action, action),
          eq(activities.status, 'succeeded'),
          gte(activities.completedAt, window.start),
          lt(activities.completedAt, window.end),
          type === 'notes' ? eq(activities.withNote, true) : undefined,
        ),
      );
    return Number(row.used);
  }

  private async reservedAmount(
    tx: Executor,
    accountId: string,
    type: ActionType,
    now: Date,
  ): Promise<number> {
    const [row] = await tx
      .select({ reserved: sum(quotaReservations.amount) })
      .from(quotaReservations)
      .where(
        and(
          eq(quotaReservations.accountId, accountId),
          eq(quotaReservations.actionType, type),
          gt(quotaReservations.expiresAt, now),
        ),
      );
    return Number(row.reserved ?? 0);
  }

  private async configuredCaps(tx: Executor, account: AccountRow, type: ActionType): Promise<Caps> {
    const [row] = await tx
      .select({ daily: accountLimits.daily, weekly: accountLimits.weekly })
      .from(accountLimits)
      .where(and(eq(accountLimits.accountId, account.id), eq(accountLimits.actionType, type)));
    return row ?? defaultCaps(type, account.isPremium);
  }

  private accountAgeDays(account: AccountRow, now = this.clock.now()): number {
    return Math.max(0, (now.getTime() - account.createdAt.getTime()) / DAY_MS);
  }

  private async account(tx: Executor, accountId: string): Promise<AccountRow> {
    const [account] = await tx
      .select()
      .from(linkedinAccounts)
      .where(eq(linkedinAccounts.id, accountId));
    if (!account) throw new NotFoundError('Account', accountId);
    return account;
  }

  private async ownedAccount(userId: string, accountId: string): Promise<AccountRow> {
    const account = await this.account(this.db, accountId).catch(() => null);
    if (!account || account.userId !== userId || account.deletedAt !== null) {
      throw new NotFoundError('Account', accountId);
    }
    return account;
  }
}

/** One lock per account and action type, held until the transaction ends. */
async function lockQuota(tx: Executor, accountId: string, type: ActionType): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`quota:${accountId}:${type}`}, 0))`,
  );
}

function activityActionFor(type: ActionType) {
  switch (type) {
    case 'connections':
    case 'notes':
      return 'invitation' as const;
    case 'messages':
      return 'message' as const;
    case 'profileViews':
      return 'profile_view' as const;
    case 'follows':
      return 'follow' as const;
    case 'withdrawals':
      return 'withdrawal' as const;
  }
}

/** Warm-up scales caps down, but never to zero. */
function scaled(caps: Caps, factor: number): Caps {
  const scale = (value: number) => (value === 0 ? 0 : Math.max(1, Math.floor(value * factor)));
  return { daily: scale(caps.daily), weekly: scale(caps.weekly) };
}
