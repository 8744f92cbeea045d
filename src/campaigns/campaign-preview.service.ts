import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray } from 'drizzle-orm';

import { AccountsService } from '../accounts/accounts.service';
import { DATABASE, Database } from '../database/database';
import { campaignLeads, leads } from '../database/schema';
import {
  compileTemplate,
  MESSAGE_LENGTH_LIMIT,
  renderTemplate,
  type CompiledTemplate,
  type RenderResult,
  type TemplateLead,
} from '../templates';
import { noteLimitFor } from './campaign-templates';
import { CampaignsService, type LeadRow } from './campaigns.service';
import type { PreviewDto } from './campaign.dto';

export const DEFAULT_PREVIEW_COUNT = 5;

export type RenderedText =
  | { ok: true; text: string; length: number }
  | { ok: false; skipReason: string; message: string; variable?: string };

export interface LeadPreview {
  leadId: string;
  campaignLeadId: string;
  profileUrl: string;
  fullName: string | null;
  /** The note, or why the lead would be skipped; null when the campaign sends no note. */
  note: RenderedText | null;
  messages: RenderedText[];
}

/** Renders a campaign's note and messages for a few of its leads, as a run would. */
@Injectable()
export class CampaignPreviewService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly campaigns: CampaignsService,
    private readonly accounts: AccountsService,
  ) {}

  async preview(
    userId: string,
    campaignId: string,
    input: PreviewDto,
  ): Promise<{ noteLimit: number; leads: LeadPreview[] }> {
    const campaign = await this.campaigns.findOwned(userId, campaignId);
    const account = await this.accounts.findOwned(userId, campaign.accountId);
    const noteLimit = noteLimitFor(account);
    // Saved templates were checked already; a column missing from the leads shows per lead.
    const note = campaign.noteTemplate === null ? null : compileTemplate(campaign.noteTemplate);
    const messages = campaign.messageSequence.map((step) => compileTemplate(step.template));

    const rows = await this.pickLeads(campaign.id, input);
    return {
      noteLimit,
      leads: rows.map(({ campaignLeadId, lead }) => ({
        leadId: lead.id,
        campaignLeadId,
        profileUrl: lead.profileUrl,
        fullName: lead.fullName,
        note: note === null ? null : render(note, lead, noteLimit),
        messages: messages.map((message) => render(message, lead, MESSAGE_LENGTH_LIMIT)),
      })),
    };
  }

  private async pickLeads(
    campaignId: string,
    input: PreviewDto,
  ): Promise<{ campaignLeadId: string; lead: LeadRow }[]> {
    const chosen =
      input.leadIds === undefined || input.leadIds.length === 0
        ? undefined
        : inArray(leads.id, input.leadIds);
    return this.db
      .select({ campaignLeadId: campaignLeads.id, lead: leads })
      .from(campaignLeads)
      .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
      .where(and(eq(campaignLeads.campaignId, campaignId), chosen))
      .orderBy(asc(campaignLeads.position))
      .limit(input.leadIds?.length || (input.limit ?? DEFAULT_PREVIEW_COUNT));
  }
}

/** What templates read from a stored lead. */
export function templateLead(lead: LeadRow): TemplateLead {
  return {
    firstName: lead.firstName,
    lastName: lead.lastName,
    fullName: lead.fullName,
    company: lead.company,
    position: lead.position,
    location: lead.location,
    custom: lead.custom ?? {},
  };
}

function render(template: CompiledTemplate, lead: LeadRow, maxLength: number): RenderedText {
  const result: RenderResult = renderTemplate(template, templateLead(lead), { maxLength });
  if (result.ok) {
    return result;
  }
  return {
    ok: false,
    skipReason: result.reason,
    message: result.message,
    ...(result.variable === undefined ? {} : { variable: result.variable }),
  };
}
