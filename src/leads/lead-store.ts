import { and, eq, inArray, notExists, sql } from 'drizzle-orm';

import type { Database } from '../database/database';
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

type Executor = Pick<Database, 'select' | 'insert'>;

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
    campaignId: campaign.id,
    leadId: leadIds[index],
    userId: campaign.userId,
    position: firstPosition + offset,
    sourceLine: input.sourceLine,
  }));
  const inserted = await tx
    .insert(campaignLeads)
    .values(rows)
    .onConflictDoNothing({ target: [campaignLeads.campaignId, campaignLeads.leadId] })
    .returning({
      campaignLeadId: campaignLeads.id,
      leadId: campaignLeads.leadId,
      position: campaignLeads.position,
    });
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
  const rows = await tx
    .insert(leads)
    .values(
      inputs.map(({ input }) => ({
        userId,
        profileKey: input.key,
        profileUrl: input.profileUrl,
        firstName: input.firstName,
        lastName: input.lastName,
        fullName: input.fullName,
        company: input.company,
        position: input.position,
        location: input.location,
        email: input.email,
        headline: input.headline,
        raw: input.raw,
        custom: input.custom,
      })),
    )
    .onConflictDoUpdate({
      target: [leads.userId, leads.profileKey],
      // What is known stays; a new source only fills the gaps.
      set: {
        firstName: sql`coalesce(${leads.firstName}, excluded.first_name)`,
        lastName: sql`coalesce(${leads.lastName}, excluded.last_name)`,
        fullName: sql`coalesce(${leads.fullName}, excluded.full_name)`,
        company: sql`coalesce(${leads.company}, excluded.company)`,
        position: sql`coalesce(${leads.position}, excluded.position)`,
        location: sql`coalesce(${leads.location}, excluded.location)`,
        email: sql`coalesce(${leads.email}, excluded.email)`,
        headline: sql`coalesce(${leads.headline}, excluded.headline)`,
        raw: sql`coalesce(${leads.raw}, excluded.raw)`,
        custom: sql`coalesce(excluded.custom, '{}'::jsonb) || coalesce(${leads.custom}, '{}'::jsonb)`,
      },
    })
    // xmax is 0 only on a row this statement inserted.
    .returning({
      id: leads.id,
      profileKey: leads.profileKey,
      inserted: sql<boolean>`(xmax = 0)`,
    });
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
