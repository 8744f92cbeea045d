import type { Readable } from 'node:stream';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { eq } from 'drizzle-orm';

import { isOutage } from '../common/error.filter';
import { AppError, NotFoundError } from '../common/errors';
import { DATABASE, Database } from '../database/database';
import { campaigns } from '../database/schema';
import { compileTemplate, TemplateSyntaxError } from '../templates';
import { importLeadCsv, type LeadRecord, type SkippedRow } from './csv-import';
import { LEAD_STORE_BATCH_SIZE, LeadStore, type LeadInput } from './lead-store';

type CampaignRow = typeof campaigns.$inferSelect;
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

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
  /** Aborted when the upload fails or its client leaves; nothing of the file is kept then. */
  signal?: AbortSignal;
}

interface Tally {
  added: number;
  alreadyKnown: number;
  alreadyInCampaign: number;
}

/** Streams a lead file into a campaign, all of it or nothing. */
@Injectable()
export class LeadImportService {
  private readonly logger = new Logger(LeadImportService.name);

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Reads the file and stores its people in order, batch by batch, in one transaction: a file
   * refused half-way (too large, broken CSV, an upload cut off or its client gone) or a batch
   * that fails leaves nothing behind. The campaign row stays locked meanwhile, so two uploads
   * to one campaign take turns.
   */
  async importCsv(
    campaign: CampaignRow,
    file: Readable,
    options: LeadImportOptions = {},
  ): Promise<LeadImportReport> {
    const { signal, ...limits } = options;
    const leadImport = importLeadCsv(file, { batchSize: LEAD_STORE_BATCH_SIZE, ...limits });
    const tally: Tally = { added: 0, alreadyKnown: 0, alreadyInCampaign: 0 };

    let customColumns: string[];
    try {
      customColumns = await this.db.transaction(async (tx) => {
        const locked = await lockCampaign(tx, campaign.id);
        const store = new LeadStore(tx, true);
        let position = await store.nextPosition(campaign.id);

        for await (const batch of readingAhead(leadImport)) {
          signal?.throwIfAborted();
          if (batch.records.length === 0) continue;
          const lines = { from: batch.records[0].line, to: batch.records.at(-1)!.line };
          const outcome = await this.storeBatch(store, campaign, batch.records, position, lines);
          position += batch.records.length;
          tally.added += outcome.added.length;
          tally.alreadyKnown += outcome.alreadyKnown;
          tally.alreadyInCampaign += outcome.alreadyInCampaign;
        }

        signal?.throwIfAborted();
        const columns = leadImport.report.customColumns;
        await rememberColumns(tx, locked, columns, tally);
        if (tally.added > 0 && (locked.sourceExhausted || locked.status === 'completed')) {
          // New people to work: the list is no longer worked through, and a campaign that
          // completed on the old list is active again.
          await tx
            .update(campaigns)
            .set({
              sourceExhausted: false,
              ...(locked.status === 'completed' ? { status: 'active' as const } : {}),
              updatedAt: new Date(),
            })
            .where(eq(campaigns.id, campaign.id));
        }
        return columns;
      });
    } catch (error) {
      throw this.explain(campaign, error, leadImport.rowsRead, signal);
    }

    const report = leadImport.report;
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
        customColumns,
      },
      warnings: [...report.warnings, ...templateWarnings(campaign, customColumns)],
    };
  }

  private async storeBatch(
    store: LeadStore,
    campaign: CampaignRow,
    records: LeadRecord[],
    position: number,
    lines: { from: number; to: number },
  ) {
    try {
      return await store.addToCampaign(campaign, records.map(toLeadInput), position);
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

  /** Logs an upload that failed, and says in the error that nothing of the file was kept. */
  private explain(
    campaign: CampaignRow,
    error: unknown,
    rowsRead: number,
    signal: AbortSignal | undefined,
  ): unknown {
    const problem: unknown = signal?.aborted ? signal.reason : error;
    if (signal?.aborted) {
      const details = problem instanceof AppError ? problem.details : undefined;
      this.logger.warn({
        msg: 'lead import aborted',
        campaignId: campaign.id,
        rowsRead,
        reason: (details as { reason?: string } | undefined)?.reason ?? 'aborted',
      });
    }
    // Part of the file was taken in, so say that none of it stayed.
    if (!(problem instanceof AppError) || (rowsRead === 0 && !signal?.aborted)) return problem;
    return new AppError(
      problem.code,
      `${problem.message}; nothing from this file was imported`,
      problem.details,
    );
  }
}

/** The campaign row, locked until the import's transaction ends. */
async function lockCampaign(tx: Transaction, campaignId: string): Promise<CampaignRow> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
  if (!row) throw new NotFoundError('Campaign', campaignId);
  return row;
}

/**
 * Keeps the file's extra columns so templates can be checked against them later. Once the
 * campaign has leads, an empty list is kept too: then no `{{custom.X}}` can be filled.
 */
async function rememberColumns(
  tx: Transaction,
  campaign: CampaignRow,
  customColumns: string[],
  tally: Tally,
): Promise<void> {
  const known = readCustomColumns(campaign.source);
  if (known === undefined && tally.added + tally.alreadyInCampaign === 0) return;
  const merged = [...new Set([...(known ?? []), ...customColumns])];
  if (known !== undefined && merged.length === known.length) return;
  await tx
    .update(campaigns)
    .set({ source: { ...campaign.source, customColumns: merged }, updatedAt: new Date() })
    .where(eq(campaigns.id, campaign.id));
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
      if (error instanceof TemplateSyntaxError && error.reason === 'unknown_column') {
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
