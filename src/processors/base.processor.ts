import { Logger } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';

import type { AccountRow } from '../accounts/accounts.service';
import type { ActivityAction, ActivityStatus } from '../activities/activity-log';
import type { CampaignRow, CampaignsService } from '../campaigns/campaigns.service';
import type { Clock } from '../common/clock';
import type { Database } from '../database/database';
import { pendingJobs } from '../database/schema';
import type { EventBus } from '../events/event-bus';
import type { ActionType } from '../limits/limit-defaults';
import type { LinkedInSettingsService } from '../limits/linkedin-settings.service';
import { isWithinWorkingHours, nextWorkingWindowStart } from '../limits/time-windows';
import { isAccountProblem, OutsideWorkingHoursError } from '../linkedin/errors';
import { PermanentJobError } from '../queues/job-errors';
import type { JobContext, JobHandler } from '../queues/job-handler';
import type { CampaignJobData } from '../queues/job-payloads';

/** What every campaign job needs, loaded and checked before its own work starts. */
export interface CampaignRun<TData extends CampaignJobData> {
  job: JobContext<TData>;
  campaign: CampaignRow;
  account: AccountRow;
}

/** Work that did not run now and waits as a pending job, with why and from when. */
export interface ParkedWork {
  pendingJobId: string;
  count: number;
  reason: string;
  runAfter: string;
}

/** How a run ended, common to every campaign job's result. */
export type RunOutcome =
  /** The work is done for now (everything asked, or everything the source had). */
  | 'done'
  /** Nothing ran: no quota, outside working hours or the account needs attention; parked. */
  | 'pending'
  /** Part ran, the rest is parked (a limit, a checkpoint, the end of the working day). */
  | 'parked'
  /** Nothing ran and nothing waits: the campaign is not active. */
  | 'not_run'
  /** Part ran, then the user paused the campaign or the account: nothing is parked. */
  | 'stopped';

export interface RunResult {
  outcome: RunOutcome;
  /** Why the run ended as it did, in words a user reads; null when it simply finished. */
  reason: string | null;
  parked: ParkedWork | null;
}

export interface ProcessorDependencies {
  db: Database;
  clock: Clock;
  campaigns: CampaignsService;
  settings: LinkedInSettingsService;
  events: EventBus;
}

/**
 * The part every campaign job shares: loads the campaign and its account from the ids in the
 * payload, runs only for an active campaign and account inside working hours, parks what cannot
 * run now as a pending job, and sorts failures into park, retry or fail.
 */
export abstract class BaseProcessor<
  TData extends CampaignJobData,
  TResult extends RunResult,
> implements JobHandler<TData, TResult | RunResult> {
  protected readonly logger = new Logger(this.constructor.name);

  /** The job kind, as pending jobs name it (`follow-request`). */
  protected abstract readonly jobType: string;
  /** The quota the job's work spends. */
  protected abstract readonly actionType: ActionType;

  constructor(protected readonly deps: ProcessorDependencies) {}

  /** How much work the job stands for, as a pending job's count (the run's import limit). */
  protected abstract workSize(data: TData): number;

  protected abstract run(run: CampaignRun<TData>): Promise<TResult>;

  async handle(job: JobContext<TData>): Promise<TResult | RunResult> {
    const run = await this.load(job);
    const { campaign, account } = run;
    if (campaign.status !== 'active') {
      return this.notRun(`the campaign is ${campaign.status}`);
    }
    if (account.status !== 'active') {
      return this.parkAll(run, accountHeldReason(account), this.deps.clock.now());
    }
    const now = this.deps.clock.now();
    if (!isWithinWorkingHours(account, now)) {
      return this.parkAll(run, 'outside the working hours', nextWorkingWindowStart(account, now));
    }

    try {
      return await this.run(run);
    } catch (error) {
      if (isAccountProblem(error)) {
        // The session layer has set the account's status and told the user already.
        return this.parkAll(run, `${error.message} (${error.code})`, this.deps.clock.now());
      }
      if (error instanceof OutsideWorkingHoursError) {
        return this.parkAll(run, 'outside the working hours', error.resumeAt);
      }
      throw error;
    }
  }

  /**
   * Parks `count` of the job's work until `runAfter`. A campaign keeps one waiting pending job
   * per kind: a second park updates it instead of adding another.
   */
  protected async park(
    run: CampaignRun<TData>,
    count: number,
    reason: string,
    runAfter: Date,
  ): Promise<ParkedWork> {
    const { campaign } = run;
    const [waiting] = await this.deps.db
      .select()
      .from(pendingJobs)
      .where(
        and(
          eq(pendingJobs.campaignId, campaign.id),
          eq(pendingJobs.jobType, this.jobType),
          eq(pendingJobs.status, 'waiting'),
        ),
      )
      .limit(1);

    // The scheduler may release the waiting row meanwhile: update it only while it waits.
    const [updated] = waiting
      ? await this.deps.db
          .update(pendingJobs)
          .set({
            count: Math.max(count, waiting.count),
            reason,
            runAfter,
            actionType: this.actionType,
          })
          .where(and(eq(pendingJobs.id, waiting.id), eq(pendingJobs.status, 'waiting')))
          .returning({ id: pendingJobs.id })
      : [];

    let pendingJobId: string;
    if (updated) {
      pendingJobId = updated.id;
    } else {
      const created = await this.deps.settings.createPendingJob(
        campaign.userId,
        campaign.id,
        this.jobType,
        this.actionType,
        count,
        reason,
        runAfter,
      );
      pendingJobId = created.id;
    }

    this.logger.log({
      msg: 'work parked',
      campaignId: campaign.id,
      accountId: run.account.id,
      jobId: run.job.id,
      pendingJobId,
      count,
      reason,
      runAfter: runAfter.toISOString(),
    });
    return { pendingJobId, count, reason, runAfter: runAfter.toISOString() };
  }

  /**
   * Tells the user's feed about one lead's outcome, in the words GET /api/activities uses: its
   * action and status, and as `reason` what the row's `error` holds.
   */
  protected publishActivity(
    run: CampaignRun<TData>,
    activity: { leadId: string; action: ActivityAction; status: ActivityStatus; reason?: string },
  ): void {
    this.deps.events.publish({
      type: 'activity',
      userId: run.campaign.userId,
      accountId: run.account.id,
      campaignId: run.campaign.id,
      ...activity,
    });
  }

  private async load(job: JobContext<TData>): Promise<CampaignRun<TData>> {
    const loaded = await this.deps.campaigns.getRunnable(job.data.campaignId);
    if (!loaded || loaded.campaign.userId !== job.data.userId) {
      throw new PermanentJobError(`Campaign ${job.data.campaignId} no longer exists.`);
    }
    return { job, ...loaded };
  }

  private async parkAll(run: CampaignRun<TData>, reason: string, runAfter: Date) {
    const parked = await this.park(run, this.workSize(run.job.data), reason, runAfter);
    return { outcome: 'pending' as const, reason, parked };
  }

  private notRun(reason: string): RunResult {
    return { outcome: 'not_run', reason, parked: null };
  }
}

function accountHeldReason(account: AccountRow): string {
  const why = account.statusReason ? `: ${account.statusReason}` : '';
  return `the account is ${account.status}${why}`;
}
