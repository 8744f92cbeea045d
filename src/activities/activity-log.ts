import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';

import { DATABASE, Database } from '../database/database';
import { activities } from '../database/schema';

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityAction = ActivityRow['action'];
export type ActivityStatus = ActivityRow['status'];

/** What makes an activity unique: one per account, lead, action and step. */
export interface ActivityKey {
  userId: string;
  accountId: string;
  leadId: string;
  action: ActivityAction;
  /** 0 for an invitation; the sequence index for follow-up messages. */
  step: number;
}

export interface ActivityClaim {
  activity: ActivityRow;
  /** The status the row had before this claim; null when the row is new. */
  previous: ActivityStatus | null;
}

type Executor = Pick<Database, 'select' | 'insert' | 'update'>;

/**
 * The record of everything done on LinkedIn, and the idempotency rule: before the click that
 * sends, the (account, lead, action, step) row says `attempting`; a retry that finds it so
 * checks LinkedIn first. A `succeeded` row is never claimed again.
 */
@Injectable()
export class ActivityLog {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Marks the action as being attempted, unless it succeeded already (then the row is returned
   * unchanged). `previous` tells a first attempt from a retry of an interrupted one. `text` is
   * what the attempt sends; a retry of an interrupted attempt keeps the text of that one, which
   * is what LinkedIn holds if the interrupted click went through.
   */
  async claim(
    key: ActivityKey,
    context: { campaignId: string | null; jobId: string | null },
    text: string | null = null,
  ): Promise<ActivityClaim> {
    const intended = { text, withNote: text !== null };
    const [inserted] = await this.db
      .insert(activities)
      .values({ ...key, ...context, ...intended, status: 'attempting' })
      .onConflictDoNothing({
        target: [activities.accountId, activities.leadId, activities.action, activities.step],
      })
      .returning();
    if (inserted) return { activity: inserted, previous: null };

    const existing = await this.find(key);
    if (!existing) throw new Error(`activity ${JSON.stringify(key)} vanished while claimed`);
    if (existing.status === 'succeeded') return { activity: existing, previous: 'succeeded' };

    const interrupted = existing.status === 'attempting';
    const [claimed] = await this.db
      .update(activities)
      .set({
        ...context,
        ...(interrupted ? {} : intended),
        status: 'attempting',
        error: null,
        completedAt: null,
      })
      .where(and(eq(activities.id, existing.id), ne(activities.status, 'succeeded')))
      .returning();
    return { activity: claimed ?? existing, previous: existing.status };
  }

  async find(key: ActivityKey): Promise<ActivityRow | null> {
    const [row] = await this.db
      .select()
      .from(activities)
      .where(
        and(
          eq(activities.accountId, key.accountId),
          eq(activities.leadId, key.leadId),
          eq(activities.action, key.action),
          eq(activities.step, key.step),
        ),
      );
    return row ?? null;
  }

  /** LinkedIn confirmed it: the action counts from now on (usage is counted from these rows). */
  async succeed(
    activityId: string,
    outcome: { text?: string | null; withNote?: boolean },
    executor: Executor = this.db,
  ): Promise<ActivityRow> {
    const [row] = await executor
      .update(activities)
      .set({
        status: 'succeeded',
        text: outcome.text ?? null,
        withNote: outcome.withNote ?? false,
        error: null,
        completedAt: new Date(),
      })
      .where(eq(activities.id, activityId))
      .returning();
    return row;
  }

  /** Nothing was sent (a dialog stopped it, the page was wrong): a later run may try again. */
  async fail(activityId: string, error: string): Promise<void> {
    await this.db
      .update(activities)
      .set({ status: 'failed', error, text: null, withNote: false, completedAt: new Date() })
      .where(and(eq(activities.id, activityId), ne(activities.status, 'succeeded')));
  }

  /** Nothing was sent because nothing should be (already connected, follow-only...). */
  async skip(activityId: string, reason: string): Promise<void> {
    await this.db
      .update(activities)
      .set({
        status: 'skipped',
        error: reason,
        text: null,
        withNote: false,
        completedAt: new Date(),
      })
      .where(and(eq(activities.id, activityId), ne(activities.status, 'succeeded')));
  }

  /**
   * Records leads skipped before anything was attempted (nothing sent, no quota used). A row
   * that is `attempting` or `succeeded` stays as it is, so a retried run never records one skip
   * twice nor hides an invitation.
   */
  async recordSkips(
    skips: { key: ActivityKey; reason: string }[],
    context: { campaignId: string | null; jobId: string | null },
    executor: Executor = this.db,
  ): Promise<void> {
    if (skips.length === 0) return;
    const completedAt = new Date();
    await executor
      .insert(activities)
      .values(
        skips.map(({ key, reason }) => ({
          ...key,
          ...context,
          status: 'skipped' as const,
          error: reason,
          completedAt,
        })),
      )
      .onConflictDoUpdate({
        target: [activities.accountId, activities.leadId, activities.action, activities.step],
        set: {
          status: 'skipped',
          error: sql`excluded.error`,
          campaignId: sql`excluded.campaign_id`,
          jobId: sql`excluded.job_id`,
          completedAt: sql`excluded.completed_at`,
        },
        setWhere: inArray(activities.status, ['skipped', 'failed']),
      });
  }

  /** Notes an outcome that may or may not have reached LinkedIn; the row stays `attempting`. */
  async markUncertain(activityId: string, error: string): Promise<void> {
    await this.db
      .update(activities)
      .set({ error })
      .where(and(eq(activities.id, activityId), eq(activities.status, 'attempting')));
  }

  /**
   * Records a visit of the lead's profile (counted against the profileViews quota); returns
   * false when an earlier visit is on record already, which then counts instead.
   */
  async recordProfileView(
    key: Omit<ActivityKey, 'action' | 'step'>,
    context: { campaignId: string | null; jobId: string | null },
    executor: Executor = this.db,
  ): Promise<boolean> {
    const inserted = await executor
      .insert(activities)
      .values({
        ...key,
        ...context,
        action: 'profile_view',
        step: 0,
        status: 'succeeded',
        completedAt: new Date(),
      })
      .onConflictDoNothing({
        target: [activities.accountId, activities.leadId, activities.action, activities.step],
      })
      .returning({ id: activities.id });
    return inserted.length > 0;
  }

  /**
   * Whether the user reached this person by `action` from another account or another campaign
   * (sent, or possibly sent), so that nobody is contacted twice.
   */
  async contactedElsewhere(
    key: Pick<ActivityKey, 'userId' | 'leadId' | 'action'>,
    here: { accountId: string; campaignId: string },
  ): Promise<boolean> {
    const [row] = await this.db
      .select({ found: sql<number>`1` })
      .from(activities)
      .where(
        and(
          eq(activities.userId, key.userId),
          eq(activities.leadId, key.leadId),
          eq(activities.action, key.action),
          inArray(activities.status, ['succeeded', 'attempting']),
          or(
            ne(activities.accountId, here.accountId),
            sql`${activities.campaignId} is distinct from ${here.campaignId}`,
          ),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /** What a job's earlier attempts sent by `action`: the rows that succeeded under its id. */
  async sentByJob(
    jobId: string,
    action: ActivityAction,
  ): Promise<{ total: number; withNote: number }> {
    const [row] = await this.db
      .select({
        total: sql<number>`count(*)::int`,
        withNote: sql<number>`(count(*) filter (where ${activities.withNote}))::int`,
      })
      .from(activities)
      .where(
        and(
          eq(activities.jobId, jobId),
          eq(activities.action, action),
          eq(activities.status, 'succeeded'),
        ),
      );
    return { total: row?.total ?? 0, withNote: row?.withNote ?? 0 };
  }
}
