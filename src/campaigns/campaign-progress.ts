import { eq, sql } from 'drizzle-orm';

import type { Database } from '../database/database';
import { campaignLeadState, campaignLeads } from '../database/schema';
import type { CampaignLeadState } from './campaign-status';

/** Where a campaign stands, counted from its leads' rows (no counters kept anywhere else). */
export interface CampaignProgress {
  /** Leads found (sourced or imported). */
  leads: number;
  /** Leads in each state now. */
  byState: Record<CampaignLeadState, number>;
  /** Leads waiting for their invitation. */
  waiting: number;
  /** Leads invited by this campaign, whatever happened after. */
  invited: number;
  /** Leads who accepted, whatever happened after. */
  accepted: number;
  replied: number;
  failed: number;
  skipped: { total: number; byReason: Record<string, number> };
}

export async function campaignProgress(
  db: Database,
  campaignId: string,
): Promise<CampaignProgress> {
  const rows = await db
    .select({
      state: campaignLeads.state,
      skipReason: campaignLeads.skipReason,
      count: sql<number>`count(*)`.mapWith(Number),
      invited: sql<number>`count(${campaignLeads.invitedAt})`.mapWith(Number),
      accepted: sql<number>`count(${campaignLeads.acceptedAt})`.mapWith(Number),
    })
    .from(campaignLeads)
    .where(eq(campaignLeads.campaignId, campaignId))
    .groupBy(campaignLeads.state, campaignLeads.skipReason);

  const byState = Object.fromEntries(
    campaignLeadState.enumValues.map((state) => [state, 0]),
  ) as Record<CampaignLeadState, number>;
  const byReason: Record<string, number> = {};
  let invited = 0;
  let accepted = 0;
  for (const row of rows) {
    byState[row.state] += row.count;
    invited += row.invited;
    accepted += row.accepted;
    if (row.state === 'skipped') {
      const reason = row.skipReason ?? 'unspecified';
      byReason[reason] = (byReason[reason] ?? 0) + row.count;
    }
  }

  return {
    leads: Object.values(byState).reduce((sum, count) => sum + count, 0),
    byState,
    waiting: byState.new,
    invited,
    accepted,
    replied: byState.replied,
    failed: byState.failed,
    skipped: { total: byState.skipped, byReason },
  };
}
