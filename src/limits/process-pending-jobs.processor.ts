import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, asc, eq, lte } from 'drizzle-orm';

import { Clock, CLOCK } from '../common/clock';
import { AppError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import { pendingJobs } from '../database/schema';
import { DuplicateJobError } from '../queues/job-errors';
import { HandlesJob, JobContext, JobHandler } from '../queues/job-handler';
import type { ProcessPendingJobsData } from '../queues/job-payloads';
import { QueueService } from '../queues/queue.service';
import { LinkedInSettingsService } from './linkedin-settings.service';

export interface PendingReleaseSummary {
  due: number;
  released: string[];
  /** Due but still without quota, or the campaign already has a run queued. */
  leftWaiting: number;
}

type PendingJobRow = typeof pendingJobs.$inferSelect;

const BATCH = 100;

/**
 * Every minute (the maintenance scheduler): re-enqueues due pending jobs whose quota is back.
 * Each row is claimed by a conditional update before it is enqueued under a job id derived
 * from the row, so two schedulers never release it twice.
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
    const due = await this.db
      .select()
      .from(pendingJobs)
      .where(and(eq(pendingJobs.status, 'waiting'), lte(pendingJobs.runAfter, now)))
      .orderBy(asc(pendingJobs.runAfter))
      .limit(BATCH);

    const released: string[] = [];
    for (const pending of due) {
      const { left } = await this.settings.available(pending.accountId, pending.actionType);
      if (left <= 0) continue;
      if (await this.release(pending, now)) released.push(pending.id);
    }
    if (released.length > 0)
      this.logger.log({ msg: 'pending jobs released', count: released.length });
    return { due: due.length, released, leftWaiting: due.length - released.length };
  }

  private async release(pending: PendingJobRow, now: Date): Promise<boolean> {
    const jobId = `pending-${pending.id}`;
    const [claimed] = await this.db
      .update(pendingJobs)
      .set({ status: 'released', releasedJobId: jobId, releasedAt: now })
      .where(and(eq(pendingJobs.id, pending.id), eq(pendingJobs.status, 'waiting')))
      .returning({ id: pendingJobs.id });
    if (!claimed) return false;

    try {
      await this.enqueue(pending, jobId);
      return true;
    } catch (error) {
      if (error instanceof DuplicateJobError) return true;
      // Not enqueued (a run already queued, or Redis away): back to waiting for the next pass.
      await this.db
        .update(pendingJobs)
        .set({ status: 'waiting', releasedJobId: null, releasedAt: null })
        .where(and(eq(pendingJobs.id, pending.id), eq(pendingJobs.releasedJobId, jobId)));
      const code = error instanceof AppError ? error.code : 'error';
      this.logger.warn({ msg: 'pending job not released', pendingJobId: pending.id, code });
      return false;
    }
  }

  private async enqueue(pending: PendingJobRow, jobId: string): Promise<void> {
    switch (pending.jobType) {
      case 'follow-request':
        await this.queues.addFollowRequestJob(pending.userId, pending.campaignId, {
          importLimit: pending.count,
          jobId,
          pendingJobId: pending.id,
        });
        return;
      case 'follow-response':
        await this.queues.addFollowResponseJob(pending.userId, pending.campaignId, { jobId });
        return;
      case 'send-messages':
        await this.queues.addSendMessagesJob(pending.userId, pending.campaignId, { jobId });
        return;
      default:
        throw new AppError('validation_failed', `unknown pending job type ${pending.jobType}`);
    }
  }
}
