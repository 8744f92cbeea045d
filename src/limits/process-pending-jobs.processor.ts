import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, asc, eq, gt, lte, or } from 'drizzle-orm';

import { Clock, CLOCK } from '../common/clock';
import { AppError, NotFoundError, ServiceUnavailableError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import { campaigns, linkedinAccounts, pendingJobs } from '../database/schema';
import { DuplicateJobError } from '../queues/job-errors';
import { HandlesJob, JobContext, JobHandler } from '../queues/job-handler';
import type { ProcessPendingJobsData } from '../queues/job-payloads';
import { CampaignRunExistsError, QueueService, Transaction } from '../queues/queue.service';
import { LinkedInSettingsService } from './linkedin-settings.service';
import { isWithinWorkingHours } from './time-windows';

/** Why a due pending job stayed waiting in a pass. */
export type HoldReason =
  | 'account_not_active'
  | 'campaign_not_active'
  | 'outside_working_hours'
  | 'no_quota'
  | 'run_queued'
  | 'not_enqueued';

export interface PendingReleaseSummary {
  due: number;
  /** Released by this pass: each enqueued as job `pending-<id>`. */
  released: string[];
  /** Due but still waiting, by reason. */
  held: Partial<Record<HoldReason, number>>;
  leftWaiting: number;
}

type PendingJobRow = typeof pendingJobs.$inferSelect;
type DueRow = {
  pending: PendingJobRow;
  campaignStatus: (typeof campaigns.$inferSelect)['status'];
  account: Pick<typeof linkedinAccounts.$inferSelect, 'status' | 'timezone' | 'workingHours'>;
};

const PAGE_SIZE = 100;
// Bounds one pass; whatever is left is seen a minute later.
const MAX_PAGES = 50;

/** The row was released by another pass between our read and our enqueue. */
class AlreadyReleasedError extends Error {}

/**
 * Every minute (the maintenance scheduler): re-enqueues due pending jobs of active campaigns
 * and accounts, inside working hours, once their quota is back. The job id derives from the
 * row and the row is marked in the enqueue's own transaction, so a crash never loses the work
 * and two schedulers never release one row twice.
 */
@Injectable()
@HandlesJob('maintenance', 'process-pending-jobs')
export class ProcessPendingJobsProcessor implements JobHandler<
  ProcessPendingJobsData,
  PendingReleaseSummary
> {
  private readonly logger = new Logger(ProcessPendingJobsProcessor.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settings: LinkedInSettingsService,
    private readonly queues: QueueService,
  ) {}

  async handle(_job?: JobContext<ProcessPendingJobsData>): Promise<PendingReleaseSummary> {
    const now = this.clock.now();
    const summary: PendingReleaseSummary = { due: 0, released: [], held: {}, leftWaiting: 0 };
    // What each account and action type has left in this pass, less what was released.
    const quotaLeft = new Map<string, number>();
    const hold = (reason: HoldReason) => {
      summary.held[reason] = (summary.held[reason] ?? 0) + 1;
      summary.leftWaiting++;
    };

    let after: PendingJobRow | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await this.dueRows(now, after);
      summary.due += rows.length;
      for (const row of rows) {
        const reason = await this.holdReason(row, now, quotaLeft);
        if (reason) {
          hold(reason);
          continue;
        }
        const outcome = await this.release(row.pending, now);
        if (outcome === 'released') {
          summary.released.push(row.pending.id);
          const key = quotaKey(row.pending);
          quotaLeft.set(key, (quotaLeft.get(key) ?? 0) - row.pending.count);
        } else if (outcome === 'redis_away') {
          // Nothing more can be enqueued in this pass; the next one tries again.
          summary.leftWaiting += 1;
          return this.finish(summary);
        } else if (outcome !== 'already_released') {
          hold(outcome);
        }
      }
      if (rows.length < PAGE_SIZE) break;
      after = rows[rows.length - 1].pending;
    }
    return this.finish(summary);
  }

  private finish(summary: PendingReleaseSummary): PendingReleaseSummary {
    if (summary.released.length > 0) {
      this.logger.log({
        msg: 'pending jobs released',
        count: summary.released.length,
        leftWaiting: summary.leftWaiting,
      });
    }
    return summary;
  }

  /** Due waiting rows in (runAfter, id) order, after the given row. */
  private dueRows(now: Date, after: PendingJobRow | null): Promise<DueRow[]> {
    return this.db
      .select({
        pending: pendingJobs,
        campaignStatus: campaigns.status,
        account: {
          status: linkedinAccounts.status,
          timezone: linkedinAccounts.timezone,
          workingHours: linkedinAccounts.workingHours,
        },
      })
      .from(pendingJobs)
      .innerJoin(campaigns, eq(campaigns.id, pendingJobs.campaignId))
      .innerJoin(linkedinAccounts, eq(linkedinAccounts.id, pendingJobs.accountId))
      .where(
        and(
          eq(pendingJobs.status, 'waiting'),
          lte(pendingJobs.runAfter, now),
          after
            ? or(
                gt(pendingJobs.runAfter, after.runAfter),
                and(eq(pendingJobs.runAfter, after.runAfter), gt(pendingJobs.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(pendingJobs.runAfter), asc(pendingJobs.id))
      .limit(PAGE_SIZE);
  }

  // Work of a paused account or campaign waits until the user resumes it.
  private async holdReason(
    row: DueRow,
    now: Date,
    quotaLeft: Map<string, number>,
  ): Promise<HoldReason | null> {
    if (row.account.status !== 'active') return 'account_not_active';
    if (row.campaignStatus !== 'active') return 'campaign_not_active';
    if (!isWithinWorkingHours(row.account, now)) return 'outside_working_hours';

    const key = quotaKey(row.pending);
    if (!quotaLeft.has(key)) {
      const { left } = await this.settings.available(row.pending.accountId, row.pending.actionType);
      quotaLeft.set(key, left);
    }
    return quotaLeft.get(key)! > 0 ? null : 'no_quota';
  }

  private async release(
    pending: PendingJobRow,
    now: Date,
  ): Promise<'released' | 'already_released' | 'redis_away' | HoldReason> {
    const jobId = `pending-${pending.id}`;
    const markReleased = async (tx: Transaction) => {
      const [claimed] = await tx
        .update(pendingJobs)
        .set({ status: 'released', releasedJobId: jobId, releasedAt: now })
        .where(and(eq(pendingJobs.id, pending.id), eq(pendingJobs.status, 'waiting')))
        .returning({ id: pendingJobs.id });
      if (!claimed) throw new AlreadyReleasedError();
    };

    try {
      await this.enqueue(pending, jobId, markReleased);
      return 'released';
    } catch (error) {
      if (error instanceof AlreadyReleasedError) return 'already_released';
      if (error instanceof DuplicateJobError) {
        // The history row and the mark commit together, so the job exists: the row only
        // says otherwise if someone changed it by hand. Say released again, enqueue nothing.
        await this.db
          .update(pendingJobs)
          .set({ status: 'released', releasedJobId: jobId, releasedAt: now })
          .where(and(eq(pendingJobs.id, pending.id), eq(pendingJobs.status, 'waiting')));
        return 'already_released';
      }
      if (error instanceof CampaignRunExistsError) return 'run_queued';
      if (error instanceof ServiceUnavailableError) return 'redis_away';
      if (error instanceof NotFoundError) {
        await this.cancel(pending, 'the campaign no longer exists');
        return 'not_enqueued';
      }
      const code = error instanceof AppError ? error.code : 'error';
      this.logger.warn({
        msg: 'pending job not released',
        pendingJobId: pending.id,
        code,
        err: (error as Error).message,
      });
      return 'not_enqueued';
    }
  }

  private async enqueue(
    pending: PendingJobRow,
    jobId: string,
    beforePush: (tx: Transaction) => Promise<void>,
  ): Promise<void> {
    const options = { jobId, beforePush };
    switch (pending.jobType) {
      case 'follow-request':
        await this.queues.addFollowRequestJob(pending.userId, pending.campaignId, {
          ...options,
          importLimit: pending.count,
          pendingJobId: pending.id,
        });
        return;
      case 'follow-response':
        await this.queues.addFollowResponseJob(pending.userId, pending.campaignId, options);
        return;
      case 'send-messages':
        await this.queues.addSendMessagesJob(pending.userId, pending.campaignId, options);
        return;
      default:
        await this.cancel(pending, `unknown job type ${pending.jobType}`);
        throw new AppError('validation_failed', `unknown pending job type ${pending.jobType}`);
    }
  }

  private async cancel(pending: PendingJobRow, why: string): Promise<void> {
    await this.db
      .update(pendingJobs)
      .set({ status: 'cancelled', reason: `${pending.reason}; cancelled: ${why}` })
      .where(and(eq(pendingJobs.id, pending.id), eq(pendingJobs.status, 'waiting')));
    this.logger.warn({ msg: 'pending job cancelled', pendingJobId: pending.id, why });
  }
}

function quotaKey(pending: PendingJobRow): string {
  return `${pending.accountId}:${pending.actionType}`;
}
