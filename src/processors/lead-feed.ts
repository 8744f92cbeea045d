import type {
  CampaignLeadRow,
  CampaignRow,
  CampaignsService,
  LeadRow,
  SourcedPerson,
  SourcedSkipReason,
} from '../campaigns/campaigns.service';
import type { StoredSource } from '../campaigns/campaign-source';
import { SearchLimitError } from '../linkedin/errors';
import type { LinkedInSession } from '../linkedin/linkedin-automation.service';
import type { ParsedPerson } from '../linkedin/parsing';

export interface FeedLead {
  campaignLead: CampaignLeadRow;
  lead: LeadRow;
}

/** A lead skipped as it was found: the source showed them connected or pending. */
export interface SourcedSkip {
  leadId: string;
  reason: SourcedSkipReason;
}

/** Where sourcing stopped: the last search page read, or how many people of a list were read. */
interface SourceCursor {
  page?: number;
  read?: number;
}

interface SourcedBatch {
  people: SourcedPerson[];
  cursor: SourceCursor;
  exhausted: boolean;
}

// People read from a post's reactions or comments per round; the list reloads from the top.
const POST_LIST_BATCH = 50;

/**
 * The campaign's leads in the order they were found: the ones waiting first, then more from the
 * source, from where the last run stopped (the next search page, the next people of a post's
 * list). CSV campaigns have no source to read; their leads come from uploads.
 */
export class LeadFeed {
  private lastPosition = 0;
  private cursor: SourceCursor;
  private exhausted: boolean;
  /** Leads this run added to the campaign from its source. */
  found = 0;
  /** Of those, leads skipped as they were found, not yet taken by `takeSkipped`. */
  private skipped: SourcedSkip[] = [];
  searchLimitReached = false;

  constructor(
    private readonly campaigns: CampaignsService,
    private readonly campaign: CampaignRow,
    private readonly session: LinkedInSession,
  ) {
    this.cursor = campaign.sourceCursor ?? {};
    this.exhausted = campaign.sourceType === 'csv' || campaign.sourceExhausted;
  }

  /**
   * Whether the source has nothing more, saved on the campaign: a source read to its end (not
   * stopped by the search limit), or a list whose every lead was worked.
   */
  async readOut(): Promise<boolean> {
    if (this.campaign.sourceType !== 'csv') return this.exhausted && !this.searchLimitReached;
    const waiting = await this.campaigns.nextLeads(this.campaign.id, 1);
    await this.campaigns.saveCursor(this.campaign.id, null, waiting.length === 0);
    return waiting.length === 0;
  }

  /** The leads skipped as they were found since the last call. */
  takeSkipped(): SourcedSkip[] {
    return this.skipped.splice(0);
  }

  /** The next lead waiting for its invitation, reading more of the source when none waits. */
  async next(): Promise<FeedLead | null> {
    for (;;) {
      const [waiting] = await this.campaigns.nextLeads(this.campaign.id, 1, this.lastPosition);
      if (waiting) {
        this.lastPosition = waiting.campaignLead.position;
        return waiting;
      }
      if (this.exhausted) return null;
      await this.readMore();
    }
  }

  private async readMore(): Promise<void> {
    let batch: SourcedBatch;
    try {
      batch = await this.readSource(this.campaign.source as StoredSource);
    } catch (error) {
      if (!(error instanceof SearchLimitError)) throw error;
      // LinkedIn allows no more searches this month: what was found stays; the source is
      // read again by a later run.
      this.searchLimitReached = true;
      this.exhausted = true;
      return;
    }

    const outcome = await this.campaigns.addSourcedLeads(this.campaign, batch.people);
    this.found += outcome.added.length;
    this.skipped.push(...outcome.skippedLeads);
    this.cursor = batch.cursor;
    this.exhausted = batch.exhausted;
    await this.campaigns.saveCursor(this.campaign.id, { ...batch.cursor }, batch.exhausted);
  }

  private async readSource(source: StoredSource): Promise<SourcedBatch> {
    switch (source.type) {
      case 'search':
      case 'event': {
        const pageNumber = (this.cursor.page ?? 0) + 1;
        const result = await this.session.search.readPage(source.url, pageNumber);
        return {
          people: result.people.map(fromSearchRow),
          cursor: { page: pageNumber },
          exhausted: !result.hasMore,
        };
      }
      case 'reactions':
      case 'comments': {
        const read = this.cursor.read ?? 0;
        const max = read + POST_LIST_BATCH;
        const people =
          source.type === 'reactions'
            ? await this.session.posts.readReactors(source.url, { max })
            : await this.session.posts.readCommenters(source.url, { max });
        return {
          people: people.slice(read).map(fromSearchRow),
          cursor: { read: Math.max(read, people.length) },
          exhausted: people.length < max,
        };
      }
      case 'csv':
        return { people: [], cursor: {}, exhausted: true };
    }
  }
}

/** A person as a source lists them; a row that shows 1st degree or Pending needs no visit. */
function fromSearchRow(person: ParsedPerson): SourcedPerson {
  return {
    profileUrl: person.profileUrl,
    fullName: person.name,
    headline: person.headline,
    location: person.location ?? null,
    // Message alone is no proof: open profiles of 2nd-degree people offer it too.
    knownState:
      person.degree === '1st'
        ? 'already_connected'
        : person.action === 'pending'
          ? 'already_pending'
          : null,
  };
}
