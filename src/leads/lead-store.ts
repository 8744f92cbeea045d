import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { v7 as timeOrderedId } from 'uuid';

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

// Ids are made here rather than by the tables' defaults: time-ordered (version 7) UUIDs keep the
// primary-key indexes' inserts at their right edge, and the embedded engine's UUID function
// opened /dev/urandom for every row.

// Rows per statement: big enough to keep round trips few, far below Postgres' 65,535 parameters.
export const LEAD_STORE_BATCH_SIZE = 1000;

/**
 * Writes leads and their campaign membership in bulk: a lead is one person per user across every
 * campaign (upserted on its profile key, missing fields filled in, nothing overwritten), and a
 * campaign holds a person once.
 */
export class LeadStore {
  /**
   * `db` may be a transaction of the caller (`inCallersTransaction`): then every call joins it,
   * and the caller decides what is kept, without a savepoint per call.
   */
  constructor(
    private readonly db: Database,
    private readonly inCallersTransaction = false,
  ) {}

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
   * transaction per call (or the caller's): all of them are stored or none.
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
    const store = async (tx: Executor): Promise<StoreOutcome> => {
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
    };
    return this.inCallersTransaction ? store(this.db) : this.db.transaction(store);
  }
}

/** A row of a chunk with the ids made for it. */
interface ChunkRow {
  input: LeadInput;
  position: number;
  /** The campaign membership's id. */
  memberId: string;
  /** The id the lead gets if it is new. */
  newLeadId: string;
  /** The lead already stored under another key of the person. */
  knownLeadId: string | undefined;
}

async function storeChunk(
  tx: Executor,
  campaign: { id: string; userId: string },
  inputs: { input: LeadInput; offset: number }[],
  firstPosition: number,
): Promise<StoreOutcome> {
  const knownByAlternate = await findByAlternateKeys(tx, campaign.userId, inputs);
  const rows: ChunkRow[] = inputs.map(({ input, offset }) => ({
    input,
    position: firstPosition + offset,
    memberId: timeOrderedId(),
    newLeadId: timeOrderedId(),
    knownLeadId: knownByAlternate.get(input.key),
  }));

  const [result] = await selectRows<{ existingLeads: string; notAdded: string }>(
    tx,
    writeChunkStatement(campaign, JSON.stringify(rows.map(toStatementValues))),
  );
  const existingIdByKey = new Map(JSON.parse(result.existingLeads) as [string, string][]);
  const notAdded = new Set(JSON.parse(result.notAdded) as number[]);

  const outcome: StoreOutcome = {
    added: [],
    alreadyInCampaign: notAdded.size,
    alreadyKnown: 0,
    createdLeadIds: [],
  };
  for (const row of rows) {
    const existingId = row.knownLeadId ?? existingIdByKey.get(row.input.key);
    const leadId = existingId ?? row.newLeadId;
    if (existingId === undefined) outcome.createdLeadIds.push(leadId);
    if (notAdded.has(row.position)) continue;
    outcome.added.push({ campaignLeadId: row.memberId, leadId, position: row.position });
    if (existingId !== undefined) outcome.alreadyKnown++;
  }
  return outcome;
}

/**
 * A row as the statement reads it: values by place (`r->>0`, `r->>1`, ...), since key names
 * repeated on every row made the parameter half as long again and its parsing slower.
 */
function toStatementValues(row: ChunkRow): unknown[] {
  const { input } = row;
  return [
    row.memberId,
    row.newLeadId,
    row.knownLeadId ?? null,
    row.position,
    input.sourceLine,
    input.key,
    input.profileUrl,
    input.firstName,
    input.lastName,
    input.fullName,
    input.company,
    input.position,
    input.location,
    input.email,
    input.headline,
    input.raw,
    input.custom,
  ];
}

/**
 * Upserts the leads and adds them to the campaign in one statement over one JSON parameter (the
 * query builder's parameter per cell took most of an import's time). What is known stays; a new
 * source only fills the gaps. It answers only the exceptions, so a new file sends little back:
 * leads that existed already (xmax is 0 only on a row this statement inserted) and positions
 * whose person was in the campaign already.
 */
function writeChunkStatement(campaign: { id: string; userId: string }, rows: string): SQL {
  return sql`
    with given as materialized (
      select (r->>0)::uuid as member_id, (r->>1)::uuid as lead_id, (r->>2)::uuid as known_lead_id,
        (r->>3)::integer as list_position, (r->>4)::integer as source_line,
        r->>5 as profile_key, r->>6 as profile_url, r->>7 as first_name, r->>8 as last_name,
        r->>9 as full_name, r->>10 as company, r->>11 as position, r->>12 as location,
        r->>13 as email, r->>14 as headline,
        nullif(r->15, 'null'::jsonb) as raw, nullif(r->16, 'null'::jsonb) as custom
      from jsonb_array_elements(${rows}::jsonb) as r
    ), upserted as (
      insert into leads (id, user_id, profile_key, profile_url, first_name, last_name, full_name,
        company, position, location, email, headline, raw, custom)
      select lead_id, ${campaign.userId}::uuid, profile_key, profile_url, first_name, last_name,
        full_name, company, position, location, email, headline, raw, custom
      from given where known_lead_id is null
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
      returning id, profile_key, (xmax = 0) as inserted
    ), added as (
      insert into campaign_leads (id, campaign_id, lead_id, user_id, position, source_line)
      select given.member_id, ${campaign.id}::uuid, coalesce(given.known_lead_id, upserted.id),
        ${campaign.userId}::uuid, given.list_position, given.source_line
      from given left join upserted using (profile_key)
      on conflict (campaign_id, lead_id) do nothing
      returning position
    )
    select
      (select coalesce(json_agg(json_build_array(profile_key, id)), '[]')
        from upserted where not inserted)::text as "existingLeads",
      (select coalesce(json_agg(list_position), '[]')
        from given where list_position not in (select position from added))::text as "notAdded"`;
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
