import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { and, asc, eq, gt, inArray, notExists, sql } from 'drizzle-orm';

import { AccountsService, type AccountRow } from '../accounts/accounts.service';
import { ConflictError, NotFoundError } from '../common/errors';
import type { Page } from '../common/paging';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DATABASE, Database } from '../database/database';
import { newestFirstPage } from '../database/newest-first';
import { campaignLeads, campaigns, jobHistory, leads } from '../database/schema';
import { readCustomColumns } from '../leads/lead-import.service';
import { LeadStore, type AddedCampaignLead, type LeadInput } from '../leads/lead-store';
import { cleanName } from '../leads/names';
import { OPEN_JOB_STATES } from '../queues/job-history.service';
import { isQueueName } from '../queues/queue-definitions';
import { QueueService } from '../queues/queue.service';
import { isProfileUrlError, normalizeProfileUrl } from '../leads/profile-url';
import type { RenderFailureReason } from '../templates';
import { allowedSourceHosts, readCampaignSource, type StoredSource } from './campaign-source';
import {
  assertCampaignTransition,
  assertLeadTransition,
  type CampaignLeadState,
} from './campaign-status';
import { checkCampaignTemplates } from './campaign-templates';
import { campaignProgress, type CampaignProgress } from './campaign-progress';
import {
  DEFAULT_IMPORT_LIMIT,
  type CreateCampaignDto,
  type UpdateCampaignDto,
} from './campaign.dto';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignLeadRow = typeof campaignLeads.$inferSelect;
export type LeadRow = typeof leads.$inferSelect;

// Why a lead is skipped when its note does not render (`note_too_long`: rows of older runs).
const NOTE_SKIP_REASONS = [
  'unknown_variable',
  'empty_variable',
  'unresolved_placeholder',
  'too_long',
  'note_too_long',
] satisfies (RenderFailureReason | 'note_too_long')[];

export interface CampaignView {
  id: string;
  name: string;
  accountId: string;
  status: CampaignRow['status'];
  source: StoredSource;
  sourceCursor: Record<string, unknown> | null;
  sourceExhausted: boolean;
  noteTemplate: string | null;
  whenNotesRunOut: string;
  importLimit: number;
  messageSequence: { delayDays: number; template: string }[];
  stopOnReply: boolean;
  withdrawAfterDays: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A person found by a search, a post's reactions or comments, or an event. */
export interface SourcedPerson {
  profileUrl: string;
  fullName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  headline?: string | null;
  location?: string | null;
  company?: string | null;
  position?: string | null;
  /** What the source already shows of the person, so they need no visit. */
  knownState?: 'already_connected' | 'already_pending' | null;
}

export type SourcedSkipReason = 'already_connected' | 'already_pending';

export interface SourcedLeadsOutcome {
  /** New members of the campaign, in the order they were found. */
  added: AddedCampaignLead[];
  alreadyInCampaign: number;
  /** Of those added, people already among the user's leads. */
  alreadyKnown: number;
  /** Of those added, people skipped at once (the source showed them connected or pending). */
  skippedAtOnce: Record<string, number>;
  /** The same people one by one, so that each skip can be recorded. */
  skippedLeads: { leadId: string; reason: SourcedSkipReason }[];
  /** People whose profile URL could not be read, with why. */
  invalid: { profileUrl: string; message: string }[];
}

export interface MarkLeadOptions {
  skipReason?: string;
  error?: string;
}

/** Campaigns of a user, and what the follow-request processor needs to run one. */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);
  private readonly store: LeadStore;
  private readonly allowedHosts: string[];

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: AccountsService,
    // Absent where no queues run (scripts, tests): the history rows are then trusted as they are.
    @Optional() @Inject(QueueService) private readonly queues?: QueueService,
  ) {
    this.store = new LeadStore(db);
    this.allowedHosts = allowedSourceHosts(config.LINKEDIN_BASE_URL);
  }

  async create(userId: string, input: CreateCampaignDto): Promise<CampaignView> {
    const account = await this.accounts.findOwned(userId, input.accountId);
    const source = readCampaignSource(input.source, this.allowedHosts);
    const templates = {
      noteTemplate: input.noteTemplate ?? null,
      messageSequence: input.messageSequence ?? [],
    };
    checkCampaignTemplates(templates, account, customFieldsOf(source));

    const [row] = await this.db
      .insert(campaigns)
      .values({
        userId,
        accountId: account.id,
        name: input.name,
        status: input.status ?? 'draft',
        sourceType: source.type,
        source,
        ...templates,
        whenNotesRunOut: input.whenNotesRunOut ?? 'send_without_note',
        importLimit: input.importLimit ?? DEFAULT_IMPORT_LIMIT,
        stopOnReply: input.stopOnReply ?? true,
        withdrawAfterDays: input.withdrawAfterDays ?? null,
      })
      .returning();
    this.logger.log({ msg: 'campaign created', campaignId: row.id, userId, source: source.type });
    return toView(row);
  }

  /** One page of the user's campaigns, newest first. */
  async list(userId: string, page: number, limit: number): Promise<Page<CampaignView>> {
    const owned = eq(campaigns.userId, userId);
    const rows = await newestFirstPage(this.db, campaigns, owned, page, limit);
    return { ...rows, items: rows.items.map(toView) };
  }

  async get(userId: string, id: string): Promise<CampaignView & { progress: CampaignProgress }> {
    const row = await this.findOwned(userId, id);
    return { ...toView(row), progress: await this.progress(row.id) };
  }

  async update(userId: string, id: string, input: UpdateCampaignDto): Promise<CampaignView> {
    const current = await this.findOwned(userId, id);
    const changes: Partial<typeof campaigns.$inferInsert> = { updatedAt: new Date() };

    const accountChanges = input.accountId !== undefined && input.accountId !== current.accountId;
    if ((accountChanges || input.source !== undefined) && current.status !== 'draft') {
      throw new ConflictError(
        'The account and the source of a campaign can change only while it is a draft',
        { status: current.status },
      );
    }
    const account = await this.accounts.findOwned(userId, input.accountId ?? current.accountId);

    let source = current.source as StoredSource;
    if (input.source !== undefined) {
      source = readCampaignSource(input.source, this.allowedHosts);
      if (source.type !== current.sourceType && (await this.hasLeads(current.id))) {
        throw new ConflictError('This campaign has leads already; its source type cannot change');
      }
      changes.source = source;
      changes.sourceType = source.type;
      changes.sourceCursor = null;
      changes.sourceExhausted = false;
    }

    const templates = {
      noteTemplate: input.noteTemplate !== undefined ? input.noteTemplate : current.noteTemplate,
      messageSequence: input.messageSequence ?? current.messageSequence,
    };
    if (
      accountChanges ||
      input.source !== undefined ||
      input.noteTemplate !== undefined ||
      input.messageSequence !== undefined
    ) {
      checkCampaignTemplates(templates, account, customFieldsOf(source));
      Object.assign(changes, templates);
    }

    if (input.status !== undefined) {
      assertCampaignTransition(current.status, input.status);
      changes.status = input.status;
    }
    if (input.noteTemplate !== undefined && input.noteTemplate !== current.noteTemplate) {
      const requeued = await this.requeueNoteSkips(current.id);
      if (requeued > 0) {
        this.logger.log({
          msg: 'leads skipped for the old note requeued',
          campaignId: id,
          requeued,
        });
        // A campaign that completed with those leads skipped has work again.
        if (current.status === 'completed' && input.status === undefined) changes.status = 'active';
      }
    }
    if (accountChanges) changes.accountId = account.id;
    if (input.name !== undefined) changes.name = input.name;
    if (input.whenNotesRunOut !== undefined) changes.whenNotesRunOut = input.whenNotesRunOut;
    if (input.importLimit !== undefined) changes.importLimit = input.importLimit;
    if (input.stopOnReply !== undefined) changes.stopOnReply = input.stopOnReply;
    if (input.withdrawAfterDays !== undefined) changes.withdrawAfterDays = input.withdrawAfterDays;

    const [row] = await this.db
      .update(campaigns)
      .set(changes)
      .where(eq(campaigns.id, current.id))
      .returning();
    if (changes.status !== undefined && changes.status !== current.status) {
      this.logger.log({ msg: 'campaign status changed', campaignId: id, status: changes.status });
    }
    return toView(row);
  }

  /** Leads skipped because the old note did not render get their turn again with a new one. */
  private async requeueNoteSkips(campaignId: string): Promise<number> {
    const requeued = await this.db
      .update(campaignLeads)
      .set({ state: 'new', skipReason: null, error: null, updatedAt: new Date() })
      .where(
        and(
          eq(campaignLeads.campaignId, campaignId),
          eq(campaignLeads.state, 'skipped'),
          inArray(campaignLeads.skipReason, NOTE_SKIP_REASONS),
        ),
      )
      .returning({ id: campaignLeads.id });
    return requeued.length;
  }

  /**
   * Deletes a campaign and its membership rows; the people stay among the user's leads. 409 while
   * the campaign is active or one of its runs is waiting or running.
   */
  async remove(userId: string, id: string): Promise<void> {
    const current = await this.findOwned(userId, id);
    if (current.status === 'active') {
      throw new ConflictError('The campaign is running; pause it before deleting it', {
        status: current.status,
      });
    }
    for (;;) {
      if (await this.deleteWithoutOpenRun(current.id)) break;
      const [run] = await this.db
        .select({ id: jobHistory.id, queue: jobHistory.queue, state: jobHistory.state })
        .from(jobHistory)
        .where(
          and(eq(jobHistory.campaignId, current.id), inArray(jobHistory.state, OPEN_JOB_STATES)),
        )
        .limit(1);
      // A row may say open for a job Redis has finished or lost: Redis has the last word.
      if (run && isQueueName(run.queue) && (await this.queues?.settleIfClosed(run.queue, run.id))) {
        continue;
      }
      throw new ConflictError(
        'A run of this campaign is waiting or running; wait for it to end before deleting the campaign',
        { jobId: run?.id, state: run?.state },
      );
    }
    this.logger.log({ msg: 'campaign deleted', campaignId: id, userId });
  }

  /** Deletes the campaign unless a run of it is open, in one statement: none slips in between. */
  private async deleteWithoutOpenRun(campaignId: string): Promise<boolean> {
    const openRun = this.db
      .select({ one: sql`1` })
      .from(jobHistory)
      .where(
        and(eq(jobHistory.campaignId, campaignId), inArray(jobHistory.state, OPEN_JOB_STATES)),
      );
    const deleted = await this.db
      .delete(campaigns)
      .where(and(eq(campaigns.id, campaignId), notExists(openRun)))
      .returning({ id: campaigns.id });
    return deleted.length > 0;
  }

  /** The owned campaign row, or 404 when it does not exist or belongs to someone else. */
  async findOwned(userId: string, id: string): Promise<CampaignRow> {
    const row = await this.db.query.campaigns.findFirst({
      where: and(eq(campaigns.id, id), eq(campaigns.userId, userId)),
    });
    if (!row) throw new NotFoundError('Campaign', id);
    return row;
  }

  // --- for the follow-request processor (ids come from job payloads, not from a user) ---

  /** The campaign with its account, or null when the campaign is gone. */
  async getRunnable(
    campaignId: string,
  ): Promise<{ campaign: CampaignRow; account: AccountRow } | null> {
    const campaign = await this.db.query.campaigns.findFirst({
      where: eq(campaigns.id, campaignId),
    });
    if (!campaign) return null;
    const account = await this.accounts.findById(campaign.accountId);
    return account ? { campaign, account } : null;
  }

  /**
   * Stores the people a source page showed, in the order found, after the campaign's last lead.
   * People already in the campaign are left as they are; people known from other campaigns
   * join this one (the processor decides whether to skip them).
   */
  async addSourcedLeads(
    campaign: Pick<CampaignRow, 'id' | 'userId'>,
    people: SourcedPerson[],
  ): Promise<SourcedLeadsOutcome> {
    const invalid: SourcedLeadsOutcome['invalid'] = [];
    const inputs: LeadInput[] = [];
    const knownStates: SourcedPerson['knownState'][] = [];
    for (const person of people) {
      const normalized = normalizeProfileUrl(this.onLinkedIn(person.profileUrl));
      if (isProfileUrlError(normalized)) {
        invalid.push({ profileUrl: person.profileUrl, message: normalized.message });
        continue;
      }
      inputs.push(sourcedInput(person, normalized.profileUrl, normalized.key));
      knownStates.push(person.knownState ?? null);
    }

    const firstPosition = await this.store.nextPosition(campaign.id);
    const outcome = await this.store.addToCampaign(campaign, inputs, firstPosition);

    // A new member's position tells which input it came from.
    const skips = outcome.added.flatMap((added) => {
      const reason = knownStates[added.position - firstPosition];
      return reason ? [{ id: added.campaignLeadId, reason }] : [];
    });
    const skippedAtOnce: Record<string, number> = {};
    const skippedLeads: SourcedLeadsOutcome['skippedLeads'] = [];
    for (const reason of ['already_connected', 'already_pending'] as const) {
      const ids = skips.filter((skip) => skip.reason === reason).map((skip) => skip.id);
      if (ids.length === 0) continue;
      const skipped = await this.db
        .update(campaignLeads)
        .set({ state: 'skipped', skipReason: reason, updatedAt: new Date() })
        .where(and(inArray(campaignLeads.id, ids), eq(campaignLeads.state, 'new')))
        .returning({ leadId: campaignLeads.leadId });
      skippedAtOnce[reason] = skipped.length;
      skippedLeads.push(...skipped.map(({ leadId }) => ({ leadId, reason })));
    }
    return {
      added: outcome.added,
      alreadyInCampaign: outcome.alreadyInCampaign,
      alreadyKnown: outcome.alreadyKnown,
      skippedAtOnce,
      skippedLeads,
      invalid,
    };
  }

  /** The next `count` leads waiting for an invitation after `afterPosition`, in found order. */
  async nextLeads(
    campaignId: string,
    count: number,
    afterPosition = 0,
  ): Promise<{ campaignLead: CampaignLeadRow; lead: LeadRow }[]> {
    return this.db
      .select({ campaignLead: campaignLeads, lead: leads })
      .from(campaignLeads)
      .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
      .where(
        and(
          eq(campaignLeads.campaignId, campaignId),
          eq(campaignLeads.state, 'new'),
          gt(campaignLeads.position, afterPosition),
        ),
      )
      .orderBy(asc(campaignLeads.position))
      .limit(count);
  }

  /**
   * Moves a campaign lead to a new state (409 for a move its state machine forbids); stamps the
   * invitation and acceptance times the first time they happen.
   */
  async markLead(
    campaignLeadId: string,
    state: CampaignLeadState,
    options: MarkLeadOptions = {},
    executor: Pick<Database, 'select' | 'update'> = this.db,
  ): Promise<CampaignLeadRow> {
    const [current] = await executor
      .select()
      .from(campaignLeads)
      .where(eq(campaignLeads.id, campaignLeadId));
    if (!current) throw new NotFoundError('Campaign lead', campaignLeadId);
    assertLeadTransition(current.state, state);

    const now = new Date();
    const [row] = await executor
      .update(campaignLeads)
      .set({
        state,
        skipReason: state === 'skipped' ? (options.skipReason ?? null) : null,
        error: options.error ?? null,
        invitedAt: state === 'invited' ? (current.invitedAt ?? now) : current.invitedAt,
        acceptedAt: state === 'accepted' ? (current.acceptedAt ?? now) : current.acceptedAt,
        updatedAt: now,
      })
      // The state read above must still hold: two workers never both move one lead.
      .where(and(eq(campaignLeads.id, campaignLeadId), eq(campaignLeads.state, current.state)))
      .returning();
    if (!row) {
      throw new ConflictError(`Campaign lead ${campaignLeadId} changed state meanwhile`);
    }
    return row;
  }

  /** Remembers where sourcing stopped, and whether the source has nothing more. */
  async saveCursor(
    campaignId: string,
    cursor: Record<string, unknown> | null,
    exhausted: boolean,
  ): Promise<void> {
    await this.db
      .update(campaigns)
      .set({ sourceCursor: cursor, sourceExhausted: exhausted, updatedAt: new Date() })
      .where(eq(campaigns.id, campaignId));
  }

  /** The engine found nothing more to do: the source is read out and no lead waits. */
  async complete(campaignId: string): Promise<void> {
    await this.db
      .update(campaigns)
      .set({ status: 'completed', updatedAt: new Date() })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'active')));
    this.logger.log({ msg: 'campaign completed', campaignId });
  }

  progress(campaignId: string): Promise<CampaignProgress> {
    return campaignProgress(this.db, campaignId);
  }

  /** A profile URL on the engine's own LinkedIn host (the simulator) read as LinkedIn's. */
  private onLinkedIn(profileUrl: string): string {
    try {
      const url = new URL(profileUrl);
      const isLinkedIn = url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com');
      if (!isLinkedIn && this.allowedHosts.includes(url.host)) {
        return `https://www.linkedin.com${url.pathname}${url.search}`;
      }
    } catch {
      // Not an absolute URL: the normalizer explains what is wrong with it.
    }
    return profileUrl;
  }

  private async hasLeads(campaignId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ found: sql<number>`1` })
      .from(campaignLeads)
      .where(eq(campaignLeads.campaignId, campaignId))
      .limit(1);
    return row !== undefined;
  }
}

/** Columns templates may name: those of the lead files (any, before the first upload). */
export function customFieldsOf(source: Record<string, unknown>): string[] | undefined {
  return source.type === 'csv' ? readCustomColumns(source) : [];
}

export function toView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    accountId: row.accountId,
    status: row.status,
    source: row.source as StoredSource,
    sourceCursor: row.sourceCursor,
    sourceExhausted: row.sourceExhausted,
    noteTemplate: row.noteTemplate,
    whenNotesRunOut: row.whenNotesRunOut,
    importLimit: row.importLimit,
    messageSequence: row.messageSequence,
    stopOnReply: row.stopOnReply,
    withdrawAfterDays: row.withdrawAfterDays,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function sourcedInput(person: SourcedPerson, profileUrl: string, key: string): LeadInput {
  const name = cleanName({
    firstName: person.firstName,
    lastName: person.lastName,
    fullName: person.fullName,
  });
  return {
    profileUrl,
    key,
    alternateKeys: [],
    ...name,
    company: person.company ?? null,
    position: person.position ?? null,
    location: person.location ?? null,
    email: null,
    headline: person.headline ?? null,
    raw: {
      fullName: person.fullName ?? null,
      firstName: person.firstName ?? null,
      lastName: person.lastName ?? null,
      headline: person.headline ?? null,
    },
    custom: null,
    sourceLine: null,
  };
}
