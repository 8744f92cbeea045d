import { Inject, Injectable } from '@nestjs/common';

import { ActivityLog, type ActivityClaim } from '../activities/activity-log';
import { templateLead } from '../campaigns/campaign-preview.service';
import { noteLimitFor } from '../campaigns/campaign-templates';
import { CampaignsService } from '../campaigns/campaigns.service';
import { Clock, CLOCK } from '../common/clock';
import { DATABASE, Database } from '../database/database';
import { EventBus } from '../events/event-bus';
import type { ActionType } from '../limits/limit-defaults';
import { LinkedInSettingsService } from '../limits/linkedin-settings.service';
import { isWithinWorkingHours, nextWorkingWindowStart, windowAt } from '../limits/time-windows';
import {
  EmailRequiredError,
  FollowOnlyError,
  IdentityMismatchError,
  InvitationFailedError,
  InvitationNotConfirmedError,
  isAccountProblem,
  NoteQuotaError,
  OutsideWorkingHoursError,
  OwnProfileError,
  ProfileNotFoundError,
  WeeklyLimitError,
} from '../linkedin/errors';
import {
  LinkedInAutomationService,
  type LinkedInSession,
} from '../linkedin/linkedin-automation.service';
import { NoteTooLongError } from '../linkedin/pages/invite-dialog';
import { sameSlug } from '../linkedin/pages/profile-page';
import { slugFromProfileHref } from '../linkedin/parsing';
import { HandlesJob } from '../queues/job-handler';
import type { FollowRequestJobData } from '../queues/job-payloads';
import { compileTemplate, renderTemplate, type CompiledTemplate } from '../templates';
import { BaseProcessor, type CampaignRun, type ParkedWork, type RunResult } from './base.processor';
import { LeadFeed, type FeedLead } from './lead-feed';
import { QuotaBudget } from './quota-budget';

/** The job's result: what the run did, lead by lead, summed up. */
export interface FollowRequestResult extends RunResult {
  /** Invitations the quota allowed this run. */
  granted: number;
  invited: number;
  withNote: number;
  withoutNote: number;
  skipped: Record<string, number>;
  failed: Record<string, number>;
  /** Leads this run found in the source and added to the campaign. */
  leadsFound: number;
  sourceExhausted: boolean;
  campaignCompleted: boolean;
}

/** Why a run stops before its quota is used, and what of the rest waits for. */
interface Stop {
  reason: string;
  actionType: ActionType;
  runAfter: Date;
}

type LeadOutcome =
  | { kind: 'invited'; withNote: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped'; stop: Stop };

interface Budgets {
  connections: QuotaBudget;
  notes: QuotaBudget | null;
  profileViews: QuotaBudget;
}

interface Invitation {
  run: CampaignRun<FollowRequestJobData>;
  session: LinkedInSession;
  budgets: Budgets;
  template: CompiledTemplate | null;
}

// LinkedIn refusing this many invitations in a row means it is throttling the account.
const FAILURES_BEFORE_PAUSE = 3;
const PAUSE_AFTER_FAILURES_MS = 60 * 60_000;

/**
 * One run of a campaign's invitations (design.md, "The follow-request job, step by step"):
 * reserve the quota, take leads in the order found (reading more of the source where the last
 * run stopped), skip without spending quota who needs no invitation, render the note, send it
 * on the lead's own profile and count it only when LinkedIn shows it pending.
 */
@Injectable()
@HandlesJob('follow-requests', 'follow-request')
export class FollowRequestProcessor extends BaseProcessor<
  FollowRequestJobData,
  FollowRequestResult
> {
  protected readonly jobType = 'follow-request';
  protected readonly actionType = 'connections' as const;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CLOCK) clock: Clock,
    campaigns: CampaignsService,
    settings: LinkedInSettingsService,
    events: EventBus,
    private readonly automation: LinkedInAutomationService,
    private readonly activities: ActivityLog,
  ) {
    super({ db, clock, campaigns, settings, events });
  }

  protected workSize(data: FollowRequestJobData): number {
    return data.importLimit;
  }

  protected async run(run: CampaignRun<FollowRequestJobData>): Promise<FollowRequestResult> {
    const { job, campaign, account } = run;
    const now = this.now();
    const result = emptyResult();
    const template = campaign.noteTemplate === null ? null : compileTemplate(campaign.noteTemplate);
    const budgets: Budgets = {
      connections: new QuotaBudget(this.deps.settings, account.id, 'connections', job.id),
      notes: template && new QuotaBudget(this.deps.settings, account.id, 'notes', job.id),
      profileViews: new QuotaBudget(this.deps.settings, account.id, 'profileViews', job.id),
    };

    try {
      result.granted = await budgets.connections.reserve(job.data.importLimit);
      if (result.granted === 0) {
        const stop = quotaStop(budgets.connections, 'the invitation limit is reached', now);
        return this.parkRest(run, result, stop, 'pending');
      }
      await budgets.notes?.reserve(result.granted);
      await budgets.profileViews.reserve(result.granted);

      const stop = await this.automation.withSession(
        account,
        (session) => this.inviteLeads({ run, session, budgets, template }, result),
        { lease: job.lease, signal: job.signal },
      );
      if (stop) return this.parkRest(run, result, stop, 'parked');

      if (result.invited < job.data.importLimit && !result.sourceExhausted) {
        // The quota ran out before the leads did: the rest of the run waits for it.
        const limited = await this.deps.settings.available(account.id, 'connections');
        if (limited.left === 0) {
          const reason = 'the invitation limit is reached';
          return this.parkRest(run, result, { ...limitedStop(limited.turnsAt, reason) }, 'parked');
        }
      }
      if (result.sourceExhausted && campaign.messageSequence.length === 0) {
        const waiting = await this.deps.campaigns.nextLeads(campaign.id, 1);
        if (waiting.length === 0) {
          await this.deps.campaigns.complete(campaign.id);
          result.campaignCompleted = true;
        }
      }
      return result;
    } finally {
      const all = [budgets.connections, budgets.notes, budgets.profileViews];
      await Promise.all(all.map((budget) => budget?.close() ?? Promise.resolve()));
    }
  }

  private async inviteLeads(
    invitation: Invitation,
    result: FollowRequestResult,
  ): Promise<Stop | null> {
    const { run, session, budgets } = invitation;
    const feed = new LeadFeed(this.deps.campaigns, run.campaign, session);
    let failuresInRow = 0;

    try {
      while (budgets.connections.left > 0) {
        run.job.signal.throwIfAborted();
        const now = this.now();
        if (!isWithinWorkingHours(run.account, now)) {
          return {
            reason: 'the working hours ended',
            actionType: 'connections',
            runAfter: nextWorkingWindowStart(run.account, now),
          };
        }

        const next = await feed.next();
        if (!next) break;
        const outcome = await this.inviteLead(invitation, next);
        tally(result, outcome);
        this.publishActivity(run, {
          leadId: next.lead.id,
          action: 'invitation',
          status: outcome.kind,
          ...(outcome.kind === 'skipped' || outcome.kind === 'failed'
            ? { reason: outcome.reason }
            : {}),
        });
        await run.job.updateProgress(progressOf(result));

        if (outcome.kind === 'stopped') return outcome.stop;
        failuresInRow = outcome.kind === 'failed' ? failuresInRow + 1 : 0;
        if (failuresInRow >= FAILURES_BEFORE_PAUSE) {
          return {
            reason: `LinkedIn refused ${FAILURES_BEFORE_PAUSE} invitations in a row`,
            actionType: 'connections',
            runAfter: new Date(now.getTime() + PAUSE_AFTER_FAILURES_MS),
          };
        }
      }
    } finally {
      result.leadsFound = feed.found;
      for (const [reason, count] of Object.entries(feed.skippedAtOnce)) {
        result.skipped[reason] = (result.skipped[reason] ?? 0) + count;
      }
      result.sourceExhausted = feed.sourceExhausted && !feed.searchLimitReached;
    }
    if (feed.searchLimitReached && result.invited < result.granted) {
      return {
        reason: 'LinkedIn’s monthly limit for profile searches is reached',
        actionType: 'connections',
        runAfter: windowAt('month', this.now(), run.account.timezone).end,
      };
    }
    return null;
  }

  /** One lead: the checks that need no visit, the note, then the invitation on the profile. */
  private async inviteLead(invitation: Invitation, next: FeedLead): Promise<LeadOutcome> {
    const { run, session, budgets } = invitation;
    const { campaign, account } = run;
    const { lead, campaignLead } = next;

    const slug = slugFromProfileHref(lead.profileUrl);
    if (slug === null) return this.skipLead(next, 'no_public_profile');
    if (sameSlug(slug, session.selfSlug ?? account.profileSlug)) {
      return this.skipLead(next, 'own_profile');
    }
    const here = { accountId: account.id, campaignId: campaign.id };
    const leadKey = { userId: campaign.userId, leadId: lead.id, action: 'invitation' as const };
    if (await this.activities.contactedElsewhere(leadKey, here)) {
      return this.skipLead(next, 'contacted_by_other_campaign');
    }

    let note: string | null = null;
    if (invitation.template) {
      const rendered = renderTemplate(invitation.template, templateLead(lead), {
        maxLength: noteLimitFor(account),
      });
      // Fail closed: a note that did not render is never replaced by no note.
      if (!rendered.ok) return this.skipLead(next, rendered.reason, rendered.message);
      note = rendered.text;
    }
    if (note !== null && budgets.notes?.left === 0) {
      if (campaign.whenNotesRunOut === 'skip') {
        const stop = quotaStop(budgets.notes, 'no personalized notes are left', this.now());
        return { kind: 'stopped', stop };
      }
      note = null;
    }
    if (budgets.profileViews.left === 0 && (await budgets.profileViews.reserve(1)) === 0) {
      return {
        kind: 'stopped',
        stop: quotaStop(budgets.profileViews, 'the profile view limit is reached', this.now()),
      };
    }

    const claim = await this.activities.claim(
      { ...leadKey, accountId: account.id, step: 0 },
      { campaignId: campaign.id, jobId: run.job.id },
    );
    if (claim.previous === 'succeeded') {
      // Sent by an earlier run whose bookkeeping did not finish: the lead is invited; nothing
      // is sent and no quota spent again.
      await this.deps.campaigns.markLead(campaignLead.id, 'invited');
      return { kind: 'skipped', reason: 'already_invited' };
    }
    return this.send(invitation, next, slug, note, claim);
  }

  private async send(
    invitation: Invitation,
    next: FeedLead,
    slug: string,
    note: string | null,
    claim: ActivityClaim,
  ): Promise<LeadOutcome> {
    const { session, budgets } = invitation;
    const { activity } = claim;
    try {
      await this.recordVisit(invitation, next);
      const sent = await session.profiles.sendInvitation(slug, note);

      if (sent === 'already_connected') {
        await this.activities.skip(activity.id, 'already_connected');
        return this.skipLead(next, 'already_connected');
      }
      if (sent === 'already_pending' && claim.previous !== 'attempting') {
        await this.activities.skip(activity.id, 'already_pending');
        return this.skipLead(next, 'already_pending');
      }
      // Sent now, or by an interrupted earlier attempt that LinkedIn shows pending.
      const withNote = sent === 'sent' ? note !== null : activity.withNote;
      const text = sent === 'sent' ? note : activity.text;
      await this.deps.db.transaction(async (tx) => {
        await this.activities.succeed(activity.id, { text, withNote }, tx);
        await budgets.connections.spend(tx);
        if (withNote) await budgets.notes?.spend(tx);
        await this.deps.campaigns.markLead(next.campaignLead.id, 'invited', {}, tx);
      });
      return { kind: 'invited', withNote };
    } catch (error) {
      return this.onInvitationError(invitation, next, slug, claim, error);
    }
  }

  private async onInvitationError(
    invitation: Invitation,
    next: FeedLead,
    slug: string,
    claim: ActivityClaim,
    error: unknown,
  ): Promise<LeadOutcome> {
    const { run, budgets } = invitation;
    const { activity } = claim;

    if (error instanceof WeeklyLimitError) {
      await this.activities.fail(activity.id, error.code);
      const until = await this.deps.settings.markExhausted(run.account.id, 'connections', 'week');
      budgets.connections.exhaust();
      return {
        kind: 'stopped',
        stop: { reason: error.message, actionType: 'connections', runAfter: until },
      };
    }
    if (error instanceof NoteQuotaError) {
      await this.activities.fail(activity.id, error.code);
      const until = await this.deps.settings.markExhausted(run.account.id, 'notes', 'month');
      budgets.notes?.exhaust();
      if (run.campaign.whenNotesRunOut === 'skip') {
        return {
          kind: 'stopped',
          stop: { reason: error.message, actionType: 'notes', runAfter: until },
        };
      }
      // "Send without a note" still works once the upsell is gone.
      const retry = await this.activities.claim(
        {
          userId: run.campaign.userId,
          accountId: run.account.id,
          leadId: next.lead.id,
          action: 'invitation',
          step: 0,
        },
        { campaignId: run.campaign.id, jobId: run.job.id },
      );
      return this.send(invitation, next, slug, null, retry);
    }
    if (error instanceof InvitationNotConfirmedError) {
      // The click happened but LinkedIn shows no Pending: it may have gone. The row stays
      // `attempting`, so a later run checks LinkedIn before it tries again.
      await this.activities.markUncertain(activity.id, error.code);
      return this.failLead(next, error.code, error.message);
    }
    if (error instanceof OutsideWorkingHoursError) {
      // The pacer stops before an action once the working hours end; nothing was sent.
      await this.activities.fail(activity.id, error.code);
      return {
        kind: 'stopped',
        stop: {
          reason: 'the working hours ended',
          actionType: 'connections',
          runAfter: error.resumeAt,
        },
      };
    }
    if (isAccountProblem(error)) {
      await this.activities.markUncertain(activity.id, error.code);
      return {
        kind: 'stopped',
        stop: {
          reason: `${error.message} (${error.code})`,
          actionType: 'connections',
          runAfter: this.now(),
        },
      };
    }

    const skipReason = skipReasonOf(error);
    if (skipReason) {
      await this.activities.skip(activity.id, skipReason);
      return this.skipLead(next, skipReason, (error as Error).message);
    }
    if (error instanceof IdentityMismatchError || error instanceof InvitationFailedError) {
      await this.activities.fail(activity.id, error.code);
      return this.failLead(next, error.code, error.message);
    }
    // Anything else (a crashed page, a timeout) retries the job; this lead's row stays
    // `attempting` and the retry looks at LinkedIn before sending.
    throw error;
  }

  private async recordVisit(invitation: Invitation, next: FeedLead): Promise<void> {
    const { run, budgets } = invitation;
    await this.deps.db.transaction(async (tx) => {
      const recorded = await this.activities.recordProfileView(
        { userId: run.campaign.userId, accountId: run.account.id, leadId: next.lead.id },
        { campaignId: run.campaign.id, jobId: run.job.id },
        tx,
      );
      if (recorded) await budgets.profileViews.spend(tx);
    });
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private async skipLead(next: FeedLead, reason: string, detail?: string): Promise<LeadOutcome> {
    await this.deps.campaigns.markLead(next.campaignLead.id, 'skipped', {
      skipReason: reason,
      ...(detail ? { error: detail } : {}),
    });
    return { kind: 'skipped', reason };
  }

  private async failLead(next: FeedLead, reason: string, detail: string): Promise<LeadOutcome> {
    await this.deps.campaigns.markLead(next.campaignLead.id, 'failed', { error: detail });
    return { kind: 'failed', reason };
  }

  private async parkRest(
    run: CampaignRun<FollowRequestJobData>,
    result: FollowRequestResult,
    stop: Stop,
    outcome: 'pending' | 'parked',
  ): Promise<FollowRequestResult> {
    const rest = Math.max(1, run.job.data.importLimit - result.invited);
    const parked: ParkedWork = await this.park(run, rest, stop.reason, stop.runAfter);
    this.deps.events.publish({
      type: 'quota.exhausted',
      userId: run.campaign.userId,
      accountId: run.account.id,
      actionType: stop.actionType,
      resumeAt: stop.runAfter.toISOString(),
    });
    return {
      ...result,
      outcome: result.invited === 0 ? 'pending' : outcome,
      reason: stop.reason,
      parked,
    };
  }
}

function skipReasonOf(error: unknown): string | null {
  if (error instanceof EmailRequiredError) return 'email_required';
  if (error instanceof FollowOnlyError) return 'follow_only';
  if (error instanceof ProfileNotFoundError) return 'profile_not_found';
  if (error instanceof NoteTooLongError) return 'note_too_long';
  if (error instanceof OwnProfileError) return 'own_profile';
  return null;
}

// Without a known turn of the window, the next try is in an hour.
function quotaStop(budget: QuotaBudget, reason: string, now: Date): Stop {
  return {
    reason,
    actionType: budget.type,
    runAfter: budget.resumeAt ?? new Date(now.getTime() + 60 * 60_000),
  };
}

function limitedStop(turnsAt: Date, reason: string): Stop {
  return { reason, actionType: 'connections', runAfter: turnsAt };
}

function emptyResult(): FollowRequestResult {
  return {
    outcome: 'done',
    reason: null,
    parked: null,
    granted: 0,
    invited: 0,
    withNote: 0,
    withoutNote: 0,
    skipped: {},
    failed: {},
    leadsFound: 0,
    sourceExhausted: false,
    campaignCompleted: false,
  };
}

function tally(result: FollowRequestResult, outcome: LeadOutcome): void {
  switch (outcome.kind) {
    case 'invited':
      result.invited += 1;
      if (outcome.withNote) result.withNote += 1;
      else result.withoutNote += 1;
      return;
    case 'skipped':
      result.skipped[outcome.reason] = (result.skipped[outcome.reason] ?? 0) + 1;
      return;
    case 'failed':
      result.failed[outcome.reason] = (result.failed[outcome.reason] ?? 0) + 1;
      return;
    case 'stopped':
      return;
  }
}

function progressOf(result: FollowRequestResult): Record<string, unknown> {
  const count = (byReason: Record<string, number>) =>
    Object.values(byReason).reduce((sum, value) => sum + value, 0);
  return {
    granted: result.granted,
    invited: result.invited,
    skipped: count(result.skipped),
    failed: count(result.failed),
  };
}
