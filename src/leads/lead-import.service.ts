import type { Readable } from 'node:stream';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { eq } from 'drizzle-orm';

import { isOutage } from '../common/error.filter';
import { AppError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import { campaigns } from '../database/schema';
import { compileTemplate, TemplateSyntaxError } from '../templates';
import { importLeadCsv, type LeadRecord, type SkippedRow } from './csv-import';
import { LeadCsvError } from './lead-csv-error';
import { LEAD_STORE_BATCH_SIZE, LeadStore, undoStored, type LeadInput } from './lead-store';

type CampaignRow = typeof campaigns.$inferSelect;

/** What an import did, line by line where it matters. */
export interface LeadImportReport {
  /** Data rows in the file, whatever became of them. */
  rows: number;
  /** Distinct people with a usable profile URL in the file. */
  leadsInFile: number;
  /** People new to this campaign. */
  added: number;
  /** Of those added, people already among your leads (from other campaigns). */
  alreadyKnown: number;
  /** People who were in this campaign already (an earlier upload). */
  alreadyInCampaign: number;
  /** Rows naming a person an earlier row of the same file already named. */
  duplicatesInFile: number;
  /** Every row not imported, with its line and why. */
  rejected: SkippedRow[];
  file: { headerLine: number; delimiter: string; headers: string[]; customColumns: string[] };
  warnings: string[];
}

export interface LeadImportOptions {
  maxBytes?: number;
  maxRows?: number;
}

interface Tally {
  added: number;
  alreadyKnown: number;
  alreadyInCampaign: number;
  /** The last line of the last stored batch. */
  savedThroughLine: number;
  /** What to take back when the file fails half-way. */
  campaignLeadIds: string[];
  createdLeadIds: string[];
}

/** Streams a lead file into a campaign, batch by batch. */
@Injectable()
export class LeadImportService {
  private readonly logger = new Logger(LeadImportService.name);
  private readonly store: LeadStore;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.store = new LeadStore(db);
  }

  /**
   * Reads the file and stores its people in order, one short transaction per batch so a large
   * file never holds the database. A file refused half-way (too large, broken CSV) or a batch
   * that fails takes back what this import stored; if even that fails, the error says which
   * lines were saved (uploading the file again is safe: people already there are recognized).
   */
  async importCsv(
    campaign: CampaignRow,
    file: Readable,
    options: LeadImportOptions = {},
  ): Promise<LeadImportReport> {
    const leadImport = importLeadCsv(file, { batchSize: LEAD_STORE_BATCH_SIZE, ...options });
    const tally: Tally = {
      added: 0,
      alreadyKnown: 0,
      alreadyInCampaign: 0,
      savedThroughLine: 0,
      campaignLeadIds: [],
      createdLeadIds: [],
    };
    let position = await this.store.nextPosition(campaign.id);

    try {
      for await (const batch of readingAhead(leadImport)) {
        if (batch.records.length === 0) continue;
        const lines = { from: batch.records[0].line, to: batch.records.at(-1)!.line };
        const outcome = await this.storeBatch(campaign, batch.records, position, lines);
        position += batch.records.length;
        tally.added += outcome.added.length;
        tally.alreadyKnown += outcome.alreadyKnown;
        tally.alreadyInCampaign += outcome.alreadyInCampaign;
        tally.savedThroughLine = lines.to;
        tally.campaignLeadIds.push(...outcome.added.map((added) => added.campaignLeadId));
        tally.createdLeadIds.push(...outcome.createdLeadIds);
      }
    } catch (error) {
      throw await this.takeBack(campaign, error, tally);
    }

    const report = leadImport.report;
    await this.rememberColumns(campaign, report.customColumns);
    this.logger.log({
      msg: 'lead file imported',
      campaignId: campaign.id,
      rows: report.rows,
      added: tally.added,
      rejected: report.skipped.length,
    });
    return {
      rows: report.rows,
      leadsInFile: report.leads,
      added: tally.added,
      alreadyKnown: tally.alreadyKnown,
      alreadyInCampaign: tally.alreadyInCampaign,
      duplicatesInFile: report.duplicates,
      rejected: report.skipped,
      file: {
        headerLine: report.headerLine,
        delimiter: report.delimiter,
        headers: report.headers,
        customColumns: report.customColumns,
      },
      warnings: templateWarnings(campaign, report.customColumns),
    };
  }

  private async storeBatch(
    campaign: CampaignRow,
    records: LeadRecord[],
    position: number,
    lines: { from: number; to: number },
  ) {
    try {
      return await this.store.addToCampaign(campaign, records.map(toLeadInput), position);
    } catch (error) {
      this.logger.error({
        msg: 'lead batch not stored',
        campaignId: campaign.id,
        ...lines,
        err: error,
      });
      if (isOutage(error)) {
        throw new BatchFailure(
          'service_unavailable',
          `The database stopped answering while saving lines ${lines.from}-${lines.to}`,
          lines,
        );
      }
      throw new BatchFailure(
        'internal_error',
        `Saving lines ${lines.from}-${lines.to} failed`,
        lines,
      );
    }
  }

  /** Undoes this import and turns the error into one that says what is left. */
  private async takeBack(campaign: CampaignRow, error: unknown, tally: Tally): Promise<unknown> {
    const failed = error instanceof BatchFailure || error instanceof LeadCsvError;
    if (!failed) return error;
    const base = error instanceof LeadCsvError ? { reason: error.reason, line: error.line } : {};
    const failedLines = error instanceof BatchFailure ? { failedLines: error.lines } : {};
    if (tally.savedThroughLine === 0 && error instanceof LeadCsvError) return error;

    try {
      await undoStored(this.db, tally);
      return new AppError(error.code, `${error.message}; nothing from this file was imported`, {
        ...base,
        ...failedLines,
      });
    } catch (undoError) {
      this.logger.error({ msg: 'lead import not undone', campaignId: campaign.id, err: undoError });
      return new AppError(
        error.code,
        `${error.message}; the rows up to line ${tally.savedThroughLine} were saved ` +
          `(${tally.added} leads added). Uploading the file again is safe: people already in ` +
          'the campaign are recognized.',
        {
          ...base,
          ...failedLines,
          saved: {
            throughLine: tally.savedThroughLine,
            added: tally.added,
            alreadyKnown: tally.alreadyKnown,
            alreadyInCampaign: tally.alreadyInCampaign,
          },
        },
      );
    }
  }

  /** Keeps the file's extra columns so templates can be checked against them later. */
  private async rememberColumns(campaign: CampaignRow, customColumns: string[]): Promise<void> {
    const known = readCustomColumns(campaign.source) ?? [];
    const merged = [...new Set([...known, ...customColumns])];
    if (merged.length === known.length) return;
    await this.db
      .update(campaigns)
      .set({ source: { ...campaign.source, customColumns: merged }, updatedAt: new Date() })
      .where(eq(campaigns.id, campaign.id));
  }
}

/** The columns of the campaign's lead files so far, or undefined before the first upload. */
export function readCustomColumns(source: Record<string, unknown>): string[] | undefined {
  const columns = source.customColumns;
  return Array.isArray(columns)
    ? columns.filter((column) => typeof column === 'string')
    : undefined;
}

export function toLeadInput(record: LeadRecord): LeadInput {
  return {
    profileUrl: record.profileUrl,
    key: record.key,
    alternateKeys: record.alternateKeys,
    firstName: record.firstName,
    lastName: record.lastName,
    fullName: record.fullName,
    company: record.company,
    position: record.position,
    location: record.location,
    email: record.email,
    headline: null,
    raw: record.raw.cells,
    custom: record.custom,
    sourceLine: record.line,
  };
}

/** Templates naming a column this file does not have: every lead would be skipped for it. */
function templateWarnings(campaign: CampaignRow, customColumns: string[]): string[] {
  const templates = [
    { field: 'noteTemplate', source: campaign.noteTemplate },
    ...campaign.messageSequence.map((step, index) => ({
      field: `messageSequence[${index}].template`,
      source: step.template,
    })),
  ];
  return templates.flatMap(({ field, source }) => {
    if (source === null) return [];
    try {
      compileTemplate(source, { customFields: customColumns });
      return [];
    } catch (error) {
      if (error instanceof TemplateSyntaxError && error.reason === 'unknown_variable') {
        return [`${field}: ${error.message}`];
      }
      return [];
    }
  });
}

/**
 * Yields the items of `source`, asking for the next one before handing out the current, so the
 * file is parsed while the database stores the batch before (Postgres works in its own process).
 */
async function* readingAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (let result = await next; result.done !== true; result = await next) {
      next = iterator.next();
      // A failure is seen when the loop awaits it; until then it must not count as unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** A batch the database did not take, with its lines. */
class BatchFailure extends AppError {
  constructor(
    code: 'service_unavailable' | 'internal_error',
    message: string,
    readonly lines: { from: number; to: number },
  ) {
    super(code, message, { failedLines: lines });
  }
}
