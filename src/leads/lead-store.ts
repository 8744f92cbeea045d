import { and, eq, inArray, notExists, sql } from 'drizzle-orm';

import { selectRows, type Database } from '../database/database';
import { campaignLeads, leads } from '../database/schema';

/** One person to put in a campaign, already normalized and cleaned. */
export interface LeadInput {
  profileUrl: string;
  key: string;
  /** Other keys of the same person (a member id beside the public slug). */
  alternateKeys: string[];
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  company: string | null;
  position: string | null;
  location: string | null;
  email: string | null;
  headline: string | null;
  raw: Record<string, string | null> | null;
  custom: Record<string, string> | null;
  /** The line of the lead file, for leads from a file. */
  sourceLine: number | null;
}

export interface AddedCampaignLead {
  campaignLeadId: string;
  leadId: string;
  position: number;
}

export interface StoreOutcome {
  /** New members of the campaign, in input order. */
  added: AddedCampaignLead[];
  /** Inputs that were members of the campaign already. */
  alreadyInCampaign: number;
  /** New members who were known leads before (from another campaign). */
  alreadyKnown: number;
  /** Leads this call created (people nobody had before). */
  createdLeadIds: string[];
}

const NOTHING_STORED: StoreOutcome = {
  added: [],
  alreadyInCampaign: 0,
  alreadyKnown: 0,
  createdLeadIds: [],
};

type Executor = Pick<Database, 'select' | 'execute'>;

// Rows per statement: big enough to keep round trips few, far below Postgres' 65,535 parameters.
export const LEAD_STORE_BATCH_SIZE = 1000;

/**
 * Writes leads and their campaign membership in bulk: a lead is one person per user across every
 * campaign (upserted on its profile key, missing fields filled in, nothing overwritten), and a
 * campaign holds a person once.
 */
export class LeadStore {
  constructor(private readonly db: Database) {}

  /** The position after the campaign's last lead, where new leads go. */
  async nextPosition(campaignId: string): Promise<number> {
    const [row] = await this.db
      .select({ last: sql<number>`coalesce(max(${campaignLeads.position}), 0)`.mapWith(Number) })
      .from(campaignLeads)
      .where(eq(campaignLeads.campaignId, campaignId));
    return (row?.last ?? 0) + 1;
  }

  /**
   * Adds people to a campaign in the given order, positions from `firstPosition`, in one
   * transaction per call: all of them are stored or none.
   */
  async addToCampaign(
    campaign: { id: string; userId: string },
    inputs: LeadInput[],
    firstPosition: number,
  ): Promise<StoreOutcome> {
    const unique = uniqueByKey(inputs);
    if (unique.length === 0) {
      return NOTHING_STORED;
    }
    return this.db.transaction(async (tx) => {
      let outcome = NOTHING_STORED;
      for (let start = 0; start < unique.length; start += LEAD_STORE_BATCH_SIZE) {
        const chunk = unique.slice(start, start + LEAD_STORE_BATCH_SIZE);
        const stored = await storeChunk(tx, campaign, chunk, firstPosition);
        outcome = {
          added: [...outcome.added, ...stored.added],
          alreadyInCampaign: outcome.alreadyInCampaign + stored.alreadyInCampaign,
          alreadyKnown: outcome.alreadyKnown + stored.alreadyKnown,
          createdLeadIds: [...outcome.createdLeadIds, ...stored.createdLeadIds],
        };
      }
      return outcome;
    });
  }
}

async function storeChunk(
  tx: Executor,
  campaign: { id: string; userId: string },
  inputs: { input: LeadInput; offset: number }[],
  firstPosition: number,
): Promise<StoreOutcome> {
  const knownByAlternate = await findByAlternateKeys(tx, campaign.userId, inputs);
  const toUpsert = inputs.filter(({ input }) => !knownByAlternate.has(input.key));
  const upserted = await upsertLeads(tx, campaign.userId, toUpsert);

  const leadIds = inputs.map(({ input }) => {
    const id = knownByAlternate.get(input.key) ?? upserted.get(input.key)?.id;
    if (id === undefined) throw new Error(`lead ${input.key} was neither found nor stored`);
    return id;
  });
  const preexisting = new Set([
    ...knownByAlternate.values(),
    ...[...upserted.values()].filter((row) => !row.inserted).map((row) => row.id),
  ]);

  const rows = inputs.map(({ input, offset }, index) => ({
    lead_id: leadIds[index],
    position: firstPosition + offset,
    source_line: input.sourceLine,
  }));
  // Bulk statements are SQL with one JSON parameter per batch: the query builder's parameter
  // per cell took most of an import's time.
  const inserted = await selectRows<AddedCampaignLead>(
    tx,
    sql`
      insert into campaign_leads (campaign_id, lead_id, user_id, position, source_line)
      select ${campaign.id}::uuid, lead_id, ${campaign.userId}::uuid, position, source_line
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as given(lead_id uuid, position integer, source_line integer)
      on conflict (campaign_id, lead_id) do nothing
      returning id as "campaignLeadId", lead_id as "leadId", position`,
  );
  inserted.sort((left, right) => left.position - right.position);

  return {
    added: inserted,
    alreadyInCampaign: rows.length - inserted.length,
    alreadyKnown: inserted.filter((row) => preexisting.has(row.leadId)).length,
    createdLeadIds: [...upserted.values()].filter((row) => row.inserted).map((row) => row.id),
  };
}

/** Leads stored under another key of the same person, by the input's own key. */
async function findByAlternateKeys(
  tx: Executor,
  userId: string,
  inputs: { input: LeadInput }[],
): Promise<Map<string, string>> {
  const withAlternates = inputs.filter(({ input }) => input.alternateKeys.length > 0);
  if (withAlternates.length === 0) {
    return new Map();
  }
  const keys = withAlternates.flatMap(({ input }) => [input.key, ...input.alternateKeys]);
  const rows = await tx
    .select({ id: leads.id, profileKey: leads.profileKey })
    .from(leads)
    .where(and(eq(leads.userId, userId), inArray(leads.profileKey, keys)));
  const idByKey = new Map(rows.map((row) => [row.profileKey, row.id]));

  const found = new Map<string, string>();
  for (const { input } of withAlternates) {
    if (idByKey.has(input.key)) continue;
    const alternate = input.alternateKeys.find((key) => idByKey.has(key));
    if (alternate !== undefined) found.set(input.key, idByKey.get(alternate)!);
  }
  return found;
}

async function upsertLeads(
  tx: Executor,
  userId: string,
  inputs: { input: LeadInput }[],
): Promise<Map<string, { id: string; inserted: boolean }>> {
  if (inputs.length === 0) {
    return new Map();
  }
  const given = inputs.map(({ input }) => ({
    profile_key: input.key,
    profile_url: input.profileUrl,
    first_name: input.firstName,
    last_name: input.lastName,
    full_name: input.fullName,
    company: input.company,
    position: input.position,
    location: input.location,
    email: input.email,
    headline: input.headline,
    raw: input.raw,
    custom: input.custom,
  }));
  // What is known stays; a new source only fills the gaps. xmax is 0 only on a row this
  // statement inserted.
  const rows = await selectRows<{ id: string; profileKey: string; inserted: boolean }>(
    tx,
    sql`
      insert into leads (user_id, profile_key, profile_url, first_name, last_name, full_name,
        company, position, location, email, headline, raw, custom)
      select ${userId}::uuid, profile_key, profile_url, first_name, last_name, full_name,
        company, position, location, email, headline, raw, custom
      from jsonb_to_recordset(${JSON.stringify(given)}::jsonb) as given(
        profile_key text, profile_url text, first_name text, last_name text, full_name text,
        company text, position text, location text, email text, headline text,
        raw jsonb, custom jsonb)
      on conflict (user_id, profile_key) do update set
        first_name = coalesce(leads.first_name, excluded.first_name),
        last_name = coalesce(leads.last_name, excluded.last_name),
        full_name = coalesce(leads.full_name, excluded.full_name),
        company = coalesce(leads.company, excluded.company),
        position = coalesce(leads.position, excluded.position),
        location = coalesce(leads.location, excluded.location),
        email = coalesce(leads.email, excluded.email),
        headline = coalesce(leads.headline, excluded.headline),
        raw = coalesce(leads.raw, excluded.raw),
        custom = coalesce(excluded.custom, '{}'::jsonb) || coalesce(leads.custom, '{}'::jsonb),
        updated_at = now()
      returning id, profile_key as "profileKey", (xmax = 0) as inserted`,
  );
  return new Map(rows.map((row) => [row.profileKey, { id: row.id, inserted: row.inserted }]));
}

/**
 * Takes back what earlier `addToCampaign` calls stored: the campaign memberships, and the leads
 * they created unless another campaign holds them by now.
 */
export async function undoStored(
  db: Database,
  stored: { campaignLeadIds: string[]; createdLeadIds: string[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const ids of chunks(stored.campaignLeadIds)) {
      await tx.delete(campaignLeads).where(inArray(campaignLeads.id, ids));
    }
    for (const ids of chunks(stored.createdLeadIds)) {
      await tx.delete(leads).where(
        and(
          inArray(leads.id, ids),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(campaignLeads)
              .where(eq(campaignLeads.leadId, leads.id)),
          ),
        ),
      );
    }
  });
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += LEAD_STORE_BATCH_SIZE) {
    result.push(items.slice(start, start + LEAD_STORE_BATCH_SIZE));
  }
  return result;
}

/** The first input of each person, with its offset in the original order. */
function uniqueByKey(inputs: LeadInput[]): { input: LeadInput; offset: number }[] {
  const seen = new Set<string>();
  const unique: { input: LeadInput; offset: number }[] = [];
  inputs.forEach((input, offset) => {
    if (seen.has(input.key)) return;
    seen.add(input.key);
    unique.push({ input, offset });
  });
  return unique;
}
