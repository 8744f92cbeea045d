import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';

import {
  ActivityLog,
  type ActivityAction,
  type ActivityClaim,
  type ActivityKey,
  type ActivityStatus,
} from '../activities/activity-log';
import { templateLead } from '../campaigns/campaign-preview.service';
import { noteLimitFor } from '../campaigns/campaign-templates';
import { CampaignsService } from '../campaigns/campaigns.service';
import { Clock, CLOCK } from '../common/clock';
import { DATABASE, Database } from '../database/database';
import { campaigns, linkedinAccounts } from '../database/schema';
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
import { LeadFeed, type FeedLead, type SourcedSkip } from './lead-feed';
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
  /**
   * Leads this run found in the source and added to the campaign; 0 for a CSV campaign, whose
   * leads come from uploads. The campaign's `progress.leads` is the sum over runs and uploads.
   */
  leadsFound: number;
  /** Leads this run took from the campaign's list: invited, skipped or failed. */
  leadsWorked: number;
  /** Nothing more to read: the source is read to its end, or every lead of a list was worked. */
  sourceExhausted: boolean;
  campaignCompleted: boolean;
  /** Set when the notes ran out during the run and the invitations after went without one. */
  notesRanOut: { reason: string; resumeAt: string } | null;
}

/** Why a run stops before its quota is used, and what of the rest waits for. */
interface Stop {
  reason: string;
  actionType: ActionType;
  runAfter: Date;
  /** The account is held (checkpoint, restriction, dead session), not a quota: no quota event. */
  accountHeld?: true;
}

type LeadOutcome =
  | { kind: 'invited'; withNote: boolean }
  | { kind: 'skipped'; reason: string }
  /** `uncertain`: the click may have gone through; the activity stays `attempting`. */
  | { kind: 'failed'; reason: string; uncertain?: boolean }
  /** `recorded`: the activity row the attempt left, if it got as far as one. */
  | { kind: 'stopped'; stop: Stop; recorded?: { status: ActivityStatus; reason: string } }
  /** Invited by an earlier attempt of the same job, whose count the result holds already. */
  | { kind: 'counted' };

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
  result: FollowRequestResult;
  /** Quotas this run told the user about already, so each `quota.exhausted` goes out once. */
  announced: Set<ActionType>;
}

// A note LinkedIn's field is too short for parks the run for a day, or until the user fixes it.
const NOTE_FIELD_RECHECK_MS = 24 * 60 * 60_000;

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
    const announced = new Set<ActionType>();
    const template = campaign.noteTemplate === null ? null : compileTemplate(campaign.noteTemplate);
    const budgets: Budgets = {
      connections: new QuotaBudget(this.deps.settings, account.id, 'connections', job.id),
      notes: template && new QuotaBudget(this.deps.settings, account.id, 'notes', job.id),
      profileViews: new QuotaBudget(this.deps.settings, account.id, 'profileViews', job.id),
    };

    try {
      // A job run again (its process died; BullMQ hands a stalled job back as the same
      // attempt) counts what it sent before, toward the import limit and in its result.
      await this.countEarlierAttempts(run, result);
      const wanted = job.data.importLimit - result.invited;
      if (wanted <= 0) return result;
      result.granted = await budgets.connections.reserve(wanted);
      if (result.granted === 0) {
        const stop = quotaStop(budgets.connections, 'the invitation limit is reached', now);
        return this.parkRest(run, result, stop, 'pending', announced);
      }
      await budgets.notes?.reserve(result.granted);
      await budgets.profileViews.reserve(result.granted);

      const stop = await this.automation
        .withSession(
          account,
          (session) => this.inviteLeads({ run, session, budgets, template, result, announced }),
          { lease: job.lease, signal: job.signal },
        )
        .catch((error: unknown) => accountHeldStop(error, this.now()));
      if (stop) return this.parkRest(run, result, stop, 'parked', announced);
      if (result.outcome === 'stopped') return result;

      if (result.invited < job.data.importLimit && !result.sourceExhausted) {
        // The quota ran out before the leads did: the rest of the run waits for it.
        const limited = await this.deps.settings.available(account.id, 'connections');
        if (limited.left === 0) {
          const reason = 'the invitation limit is reached';
          const limitStop = limitedStop(limited.turnsAt, reason);
          return this.parkRest(run, result, limitStop, 'parked', announced);
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

  private async countEarlierAttempts(
    run: CampaignRun<FollowRequestJobData>,
    result: FollowRequestResult,
  ): Promise<void> {
    const sent = await this.activities.sentByJob(run.job.id, 'invitation');
    result.invited = sent.total;
    result.withNote = sent.withNote;
    result.withoutNote = sent.total - sent.withNote;
    result.leadsWorked = sent.total;
  }

  private async inviteLeads(invitation: Invitation): Promise<Stop | null> {
    const { run, session, result } = invitation;
    const feed = new LeadFeed(this.deps.campaigns, run.campaign, session);

    const stop = await this.workLeads(invitation, feed);
    result.sourceExhausted = await feed.readOut();
    if (stop) return stop;
    if (result.outcome === 'stopped') return null;
    if (feed.searchLimitReached && result.invited < result.granted) {
      return {
        reason: 'LinkedIn’s monthly limit for profile searches is reached',
        actionType: 'connections',
        runAfter: windowAt('month', this.now(), run.account.timezone).end,
      };
    }
    return null;
  }

  /** Takes lead after lead until the quota, the leads or the working hours run out. */
  private async workLeads(invitation: Invitation, feed: LeadFeed): Promise<Stop | null> {
    const { run, budgets, result } = invitation;
    let failuresInRow = 0;

    while (budgets.connections.left > 0) {
      run.job.signal.throwIfAborted();
      const halted = await this.haltedBy(run);
      if (halted) {
        result.outcome = 'stopped';
        result.reason = halted;
        return null;
      }
      const now = this.now();
      if (!isWithinWorkingHours(run.account, now)) {
        return {
          reason: 'the working hours ended',
          actionType: 'connections',
          runAfter: nextWorkingWindowStart(run.account, now),
        };
      }

      // The caps may have been lowered since the run reserved its share.
      if (!(await budgets.connections.keepWithinCaps())) break;
      await budgets.notes?.keepWithinCaps();
      await budgets.profileViews.keepWithinCaps();

      const next = await feed.next();
      result.leadsFound = feed.found;
      await this.recordSourcedSkips(invitation, feed.takeSkipped());
      if (!next) break;

      const outcome = await this.inviteLead(invitation, next);
      tally(result, outcome);
      const activity = activityOf(outcome);
      if (activity) this.publishActivity(run, { leadId: next.lead.id, ...activity });
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
    return null;
  }

  /** Why the run must stop before its next lead: the user paused its campaign or account. */
  private async haltedBy(run: CampaignRun<FollowRequestJobData>): Promise<string | null> {
    const [row] = await this.deps.db
      .select({ campaign: campaigns.status, account: linkedinAccounts.status })
      .from(campaigns)
      .innerJoin(linkedinAccounts, eq(linkedinAccounts.id, campaigns.accountId))
      .where(eq(campaigns.id, run.campaign.id));
    if (!row) return 'the campaign was deleted during the run';
    if (row.campaign !== 'active') return `the campaign was set ${row.campaign} during the run`;
    if (row.account !== 'active') return `the account was set ${row.account} during the run`;
    return null;
  }

  /** Leads the source showed connected or pending: skipped as found, each one on record. */
  private async recordSourcedSkips(invitation: Invitation, skips: SourcedSkip[]): Promise<void> {
    if (skips.length === 0) return;
    const { run, result } = invitation;
    await this.activities.recordSkips(
      skips.map(({ leadId, reason }) => ({ key: this.invitationKey(run, leadId), reason })),
      { campaignId: run.campaign.id, jobId: run.job.id },
    );
    for (const { leadId, reason } of skips) {
      tally(result, { kind: 'skipped', reason });
      this.publishActivity(run, { leadId, action: 'invitation', status: 'skipped', reason });
    }
    await run.job.updateProgress(progressOf(result));
  }

  /** One lead: the checks that need no visit, the note, then the invitation on the profile. */
  private async inviteLead(invitation: Invitation, next: FeedLead): Promise<LeadOutcome> {
    const { run, session, budgets } = invitation;
    const { campaign, account } = run;
    const { lead, campaignLead } = next;

    const slug = slugFromProfileHref(lead.profileUrl);
    if (slug === null) return this.skipUnattempted(invitation, next, 'no_public_profile');
    if (sameSlug(slug, session.selfSlug ?? account.profileSlug)) {
      return this.skipUnattempted(invitation, next, 'own_profile');
    }
    const here = { accountId: account.id, campaignId: campaign.id };
    const leadKey = { userId: campaign.userId, leadId: lead.id, action: 'invitation' as const };
    if (await this.activities.contactedElsewhere(leadKey, here)) {
      return this.skipUnattempted(invitation, next, 'contacted_by_other_campaign');
    }

    let note: string | null = null;
    if (invitation.template) {
      const rendered = renderTemplate(invitation.template, templateLead(lead), {
        maxLength: noteLimitFor(account),
      });
      // Fail closed: a note that did not render is never replaced by no note.
      if (!rendered.ok) {
        return this.skipUnattempted(invitation, next, rendered.reason, rendered.message);
      }
      note = rendered.text;
    }
    if (note !== null && budgets.notes?.left === 0) {
      const stop = quotaStop(budgets.notes, 'no personalized notes are left', this.now());
      if (campaign.whenNotesRunOut === 'skip') return { kind: 'stopped', stop };
      this.notesRanOut(invitation, stop);
      note = null;
    }
    if (budgets.profileViews.left === 0 && (await budgets.profileViews.reserve(1)) === 0) {
      return {
        kind: 'stopped',
        stop: quotaStop(budgets.profileViews, 'the profile view limit is reached', this.now()),
      };
    }

    const claim = await this.activities.claim(
      this.invitationKey(run, lead.id),
      { campaignId: campaign.id, jobId: run.job.id },
      note,
    );
    if (claim.previous === 'succeeded') {
      // Sent by an earlier run whose bookkeeping did not finish: the lead is invited; nothing
      // is sent and no quota spent again. An earlier attempt of this job counted it already.
      await this.deps.campaigns.markLead(campaignLead.id, 'invited');
      if (claim.activity.jobId === run.job.id) return { kind: 'counted' };
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
      // The invitation is out: its record and its quota commit on their own, whatever becomes
      // of the lead's row (its campaign may be deleted meanwhile). A later run that finds the
      // activity succeeded marks the lead.
      await this.deps.db.transaction(async (tx) => {
        await this.activities.succeed(activity.id, { text, withNote }, tx);
        await budgets.connections.spend(tx);
        if (withNote) await budgets.notes?.spend(tx);
      });
      await this.deps.campaigns.markLead(next.campaignLead.id, 'invited').catch((error: Error) =>
        this.logger.warn({
          msg: 'invitation sent and recorded; its campaign lead was not marked',
          campaignLeadId: next.campaignLead.id,
          err: error.message,
        }),
      );
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
      invitation.announced.add('connections');
      budgets.connections.exhaust();
      return {
        kind: 'stopped',
        stop: { reason: error.message, actionType: 'connections', runAfter: until },
        recorded: { status: 'failed', reason: error.code },
      };
    }
    if (error instanceof NoteQuotaError) {
      await this.activities.fail(activity.id, error.code);
      const until = await this.deps.settings.markExhausted(run.account.id, 'notes', 'month');
      invitation.announced.add('notes');
      budgets.notes?.exhaust();
      const stop: Stop = { reason: error.message, actionType: 'notes', runAfter: until };
      if (run.campaign.whenNotesRunOut === 'skip') {
        return { kind: 'stopped', stop, recorded: { status: 'failed', reason: error.code } };
      }
      // "Send without a note" still works once the upsell is gone.
      this.notesRanOut(invitation, stop);
      const retry = await this.activities.claim(this.invitationKey(run, next.lead.id), {
        campaignId: run.campaign.id,
        jobId: run.job.id,
      });
      return this.send(invitation, next, slug, null, retry);
    }
    if (error instanceof InvitationNotConfirmedError) {
      // The click happened but LinkedIn shows no Pending: it may have gone. The row stays
      // `attempting`, so a later run checks LinkedIn before it tries again.
      await this.activities.markUncertain(activity.id, error.code);
      return this.failLead(next, error.code, error.message, { uncertain: true });
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
        recorded: { status: 'failed', reason: error.code },
      };
    }
    if (isAccountProblem(error)) {
      // The click may have gone out before LinkedIn blocked the account: the row stays
      // `attempting`, so the next run looks at LinkedIn first. The error goes on up to the
      // session layer, which sets the account's status; then the run parks its rest.
      await this.activities.markUncertain(activity.id, error.code);
      throw error;
    }

    if (error instanceof NoteTooLongError) {
      // LinkedIn's field is shorter than the account's setting promised (premium lapsed, or
      // never was): every note would be, so it is the account's matter, not this lead's.
      await this.activities.fail(activity.id, error.code);
      return {
        kind: 'stopped',
        stop: {
          reason:
            `${error.message} Set the account's isPremium to what LinkedIn shows, ` +
            'or shorten the note.',
          actionType: 'notes',
          runAfter: new Date(this.now().getTime() + NOTE_FIELD_RECHECK_MS),
          accountHeld: true,
        },
        recorded: { status: 'failed', reason: error.code },
      };
    }

    const skipReason = skipReasonOf(error);
    if (skipReason) {
      await this.activities.skip(activity.id, skipReason);
      return this.skipLead(next, skipReason, (error as Error).message);
    }
    if (error instanceof IdentityMismatchError || error instanceof InvitationFailedError) {
      await this.activities.fail(activity.id, error.code);
      // LinkedIn refuses every invitation of a blocked account with the same toast: a blocked
      // account is not the lead's fault, and the lead stays to be invited once it is fixed.
      if (error instanceof InvitationFailedError) await this.throwIfAccountBlocked(invitation);
      return this.failLead(next, error.code, error.message);
    }
    // Anything else (a crashed page, a timeout) retries the job; this lead's row stays
    // `attempting` and the retry looks at LinkedIn before sending.
    throw error;
  }

  /** Loads the page again, as a person would after an error; a blocked account throws. */
  private async throwIfAccountBlocked(invitation: Invitation): Promise<void> {
    await invitation.session.page.reload().catch((error: unknown) => {
      if (isAccountProblem(error)) throw error;
      // Any other trouble with the reload says nothing about the account.
    });
  }

  private async recordVisit(invitation: Invitation, next: FeedLead): Promise<void> {
    const { run, budgets } = invitation;
    const recorded = await this.deps.db.transaction(async (tx) => {
      const recorded = await this.activities.recordProfileView(
        { userId: run.campaign.userId, accountId: run.account.id, leadId: next.lead.id },
        { campaignId: run.campaign.id, jobId: run.job.id },
        tx,
      );
      if (recorded) await budgets.profileViews.spend(tx);
      return recorded;
    });
    if (recorded) {
      this.publishActivity(run, {
        leadId: next.lead.id,
        action: 'profile_view',
        status: 'succeeded',
      });
    }
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private invitationKey(run: CampaignRun<FollowRequestJobData>, leadId: string): ActivityKey {
    const { campaign, account } = run;
    return {
      userId: campaign.userId,
      accountId: account.id,
      leadId,
      action: 'invitation',
      step: 0,
    };
  }

  /** Skips a lead before anything was tried on LinkedIn, and puts the skip on record. */
  private async skipUnattempted(
    invitation: Invitation,
    next: FeedLead,
    reason: string,
    detail?: string,
  ): Promise<LeadOutcome> {
    const { run } = invitation;
    await this.deps.db.transaction(async (tx) => {
      await this.deps.campaigns.markLead(
        next.campaignLead.id,
        'skipped',
        { skipReason: reason, ...(detail ? { error: detail } : {}) },
        tx,
      );
      await this.activities.recordSkips(
        [{ key: this.invitationKey(run, next.lead.id), reason }],
        { campaignId: run.campaign.id, jobId: run.job.id },
        tx,
      );
    });
    return { kind: 'skipped', reason };
  }

  /** The rest of the run goes without notes: said once in the result and on the feed. */
  private notesRanOut(invitation: Invitation, stop: Stop): void {
    const { run, result, announced } = invitation;
    result.notesRanOut ??= { reason: stop.reason, resumeAt: stop.runAfter.toISOString() };
    if (announced.has('notes')) return;
    announced.add('notes');
    this.announceExhausted(run, 'notes', stop.runAfter);
  }

  private announceExhausted(
    run: CampaignRun<FollowRequestJobData>,
    actionType: ActionType,
    resumeAt: Date,
  ): void {
    this.deps.events.publish({
      type: 'quota.exhausted',
      userId: run.campaign.userId,
      accountId: run.account.id,
      actionType,
      resumeAt: resumeAt.toISOString(),
    });
  }

  private async skipLead(next: FeedLead, reason: string, detail?: string): Promise<LeadOutcome> {
    await this.deps.campaigns.markLead(next.campaignLead.id, 'skipped', {
      skipReason: reason,
      ...(detail ? { error: detail } : {}),
    });
    return { kind: 'skipped', reason };
  }

  private async failLead(
    next: FeedLead,
    reason: string,
    detail: string,
    options: { uncertain?: boolean } = {},
  ): Promise<LeadOutcome> {
    await this.deps.campaigns.markLead(next.campaignLead.id, 'failed', { error: detail });
    return { kind: 'failed', reason, ...options };
  }

  private async parkRest(
    run: CampaignRun<FollowRequestJobData>,
    result: FollowRequestResult,
    stop: Stop,
    outcome: 'pending' | 'parked',
    announced: Set<ActionType>,
  ): Promise<FollowRequestResult> {
    const rest = Math.max(1, run.job.data.importLimit - result.invited);
    const parked: ParkedWork = await this.park(run, rest, stop.reason, stop.runAfter);
    if (!stop.accountHeld && !announced.has(stop.actionType)) {
      announced.add(stop.actionType);
      this.announceExhausted(run, stop.actionType, stop.runAfter);
    }
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

/**
 * A checkpoint, restriction or dead session during the run: the session layer has set the
 * account's status and told the user. The rest waits until the user makes the account active
 * again (the scheduler holds work of an account that is not). Any other error goes on.
 */
function accountHeldStop(error: unknown, now: Date): Stop {
  if (!isAccountProblem(error)) throw error;
  return {
    reason: `${error.message} (${error.code})`,
    actionType: 'connections',
    runAfter: now,
    accountHeld: true,
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
    leadsWorked: 0,
    sourceExhausted: false,
    campaignCompleted: false,
    notesRanOut: null,
  };
}

function tally(result: FollowRequestResult, outcome: LeadOutcome): void {
  if (outcome.kind !== 'stopped' && outcome.kind !== 'counted') result.leadsWorked += 1;
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
    case 'counted':
      return;
  }
}

/** The activity row a lead's outcome left, as GET /api/activities shows it; null for none. */
function activityOf(
  outcome: LeadOutcome,
): { action: ActivityAction; status: ActivityStatus; reason?: string } | null {
  const action: ActivityAction = 'invitation';
  switch (outcome.kind) {
    case 'invited':
      return { action, status: 'succeeded' };
    case 'skipped':
      return { action, status: 'skipped', reason: outcome.reason };
    case 'failed':
      return {
        action,
        status: outcome.uncertain ? 'attempting' : 'failed',
        reason: outcome.reason,
      };
    case 'stopped':
      return outcome.recorded ? { action, ...outcome.recorded } : null;
    case 'counted':
      return null;
  }
}

/** The run so far, in the shape of the campaign's `progress` where the two share a field. */
function progressOf(result: FollowRequestResult): Record<string, unknown> {
  const count = (byReason: Record<string, number>) =>
    Object.values(byReason).reduce((sum, value) => sum + value, 0);
  return {
    granted: result.granted,
    leadsFound: result.leadsFound,
    leadsWorked: result.leadsWorked,
    invited: result.invited,
    withNote: result.withNote,
    withoutNote: result.withoutNote,
    skipped: { total: count(result.skipped), byReason: { ...result.skipped } },
    failed: count(result.failed),
  };
}
