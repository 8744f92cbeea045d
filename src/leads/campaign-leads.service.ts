import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';

import { DATABASE, Database } from '../database/database';
import { campaignLeads, leads } from '../database/schema';

export interface CampaignLeadView {
  id: string;
  state: (typeof campaignLeads.$inferSelect)['state'];
  skipReason: string | null;
  error: string | null;
  position: number;
  sourceLine: number | null;
  invitedAt: Date | null;
  acceptedAt: Date | null;
  createdAt: Date;
  lead: Omit<typeof leads.$inferSelect, 'userId'>;
}

export interface CampaignLeadPage {
  items: CampaignLeadView[];
  page: number;
  limit: number;
  total: number;
}

/** Reads a campaign's leads page by page, in the order they will be worked through. */
@Injectable()
export class CampaignLeadsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(
    campaignId: string,
    query: { state?: CampaignLeadView['state']; page?: number; limit?: number },
  ): Promise<CampaignLeadPage> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const where = and(
      eq(campaignLeads.campaignId, campaignId),
      query.state === undefined ? undefined : eq(campaignLeads.state, query.state),
    );

    const [{ total }] = await this.db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(campaignLeads)
      .where(where);
    const rows = await this.db
      .select({ campaignLead: campaignLeads, lead: leads })
      .from(campaignLeads)
      .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
      .where(where)
      .orderBy(asc(campaignLeads.position))
      .limit(limit)
      .offset((page - 1) * limit);

    return {
      items: rows.map(({ campaignLead, lead }) => {
        const { userId: _userId, ...leadFields } = lead;
        return {
          id: campaignLead.id,
          state: campaignLead.state,
          skipReason: campaignLead.skipReason,
          error: campaignLead.error,
          position: campaignLead.position,
          sourceLine: campaignLead.sourceLine,
          invitedAt: campaignLead.invitedAt,
          acceptedAt: campaignLead.acceptedAt,
          createdAt: campaignLead.createdAt,
          lead: leadFields,
        };
      }),
      page,
      limit,
      total,
    };
  }
}
