import { parse, type Parser } from 'csv-parse';
import type { Readable } from 'node:stream';
import {
  findCsvHead,
  HEAD_SAMPLE_BYTES,
  MAX_PREAMBLE_LINES,
  type CsvFileHead,
} from './csv-file-head';
import { mapColumns, type ColumnMap } from './lead-columns';
import { LeadCsvError } from './lead-csv-error';
import {
  cleanCell,
  cleanEmail,
  cleanText,
  parseConnectedOn,
  unusableCell,
  type UnusableCellReason,
} from './lead-values';
import { cleanName } from './names';
import {
  isProfileUrlError,
  normalizeProfileUrl,
  type NormalizedProfileUrl,
  type ProfileUrlKind,
} from './profile-url';

/** One person read from an uploaded lead file, cleaned for templates, raw cells kept. */
export interface LeadRecord {
  /** 1-based physical line of the file where the record starts. */
  line: number;
  profileUrl: string;
  key: string;
  kind: ProfileUrlKind;
  /** Keys of the other URL columns of the row (a member id beside the public slug). */
  alternateKeys: string[];
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  company: string | null;
  position: string | null;
  location: string | null;
  email: string | null;
  /** ISO date (`2024-10-09`). */
  connectedOn: string | null;
  notes: string | null;
  raw: {
    firstName: string | null;
    lastName: string | null;
    fullName: string | null;
    /** Every cell of the row as written, by header; cells past the header as `_extra1`, ... */
    cells: Record<string, string>;
  };
  /**
   * Values for `{{custom.<header>}}`, by header: every column but those of the variables
   * templates name directly. A cell that is a spreadsheet formula is empty here.
   */
  custom: Record<string, string>;
}

export type SkipReason =
  'missing_url' | 'not_a_profile_url' | 'duplicate' | 'field_too_long' | 'empty_row';

export interface SkippedRow {
  line: number;
  reason: SkipReason;
  message: string;
  /** For a duplicate: the line of the row that already holds this person. */
  duplicateOfLine?: number;
}

export interface LeadBatch {
  records: LeadRecord[];
  skipped: SkippedRow[];
}

export interface LeadCsvReport {
  headerLine: number;
  delimiter: CsvFileHead['delimiter'];
  headers: string[];
  customColumns: string[];
  /** Data rows read, whatever became of them. */
  rows: number;
  leads: number;
  duplicates: number;
  skipped: SkippedRow[];
  /**
   * About the file as a whole (columns that compete for a field, no rows under the header),
   * then about single lines of imported rows: `line 7: ...` (a formula not used, extra cells).
   */
  warnings: string[];
}

export interface LeadCsvOptions {
  /** Records per batch. */
  batchSize?: number;
  maxBytes?: number;
  maxRows?: number;
  /** Longest cell, in characters; a longer one skips its row. */
  maxFieldLength?: number;
  /** Longest row, in characters; a longer one refuses the file. */
  maxRowLength?: number;
}

export const LEAD_CSV_DEFAULTS: Required<LeadCsvOptions> = {
  batchSize: 500,
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxFieldLength: 5_000,
  maxRowLength: 100_000,
};

// Warnings about single lines kept in a report; the rest are only counted.
const MAX_LINE_WARNINGS = 1000;

/**
 * Streams a lead file: iterate it for batches of records (each with the rows it skipped), then
 * read `report`. A file that cannot be used throws a `LeadCsvError` during iteration.
 */
export class LeadCsvImport implements AsyncIterable<LeadBatch> {
  private readonly options: Required<LeadCsvOptions>;
  private finalReport: LeadCsvReport | undefined;
  private state: ImportState | undefined;
  private started = false;

  constructor(
    private readonly source: Readable,
    options: LeadCsvOptions = {},
  ) {
    this.options = { ...LEAD_CSV_DEFAULTS, ...options };
  }

  /** The outcome of the whole file; available once iteration has finished. */
  get report(): LeadCsvReport {
    if (this.finalReport === undefined) {
      throw new Error('the lead file has not been read to the end yet');
    }
    return this.finalReport;
  }

  /** Data rows read so far, for a log line when the import stops half-way. */
  get rowsRead(): number {
    return this.state?.rowsRead ?? 0;
  }

  [Symbol.asyncIterator](): AsyncIterator<LeadBatch> {
    if (this.started) {
      throw new Error('a lead file can be read only once');
    }
    this.started = true;
    return this.readBatches();
  }

  private async *readBatches(): AsyncGenerator<LeadBatch> {
    const chunks = this.source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    try {
      const { sample, done } = await readSample(chunks);
      const head = findCsvHead(sample, done);
      const state = new ImportState(head, this.options);
      this.state = state;
      const parser = this.createParser(state);
      let bytesRead = head.headerOffset;

      const feed = async (chunk: Buffer): Promise<void> => {
        bytesRead += chunk.length;
        if (bytesRead > this.options.maxBytes) {
          throw new LeadCsvError(
            'file_too_large',
            `the file is larger than the limit of ${this.options.maxBytes} bytes`,
          );
        }
        state.lineBreaks.scan(chunk);
        await writeTo(parser, chunk, state);
      };

      await feed(sample.subarray(head.headerOffset));
      yield* state.takeFullBatches();
      if (!done) {
        for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
          await feed(toBuffer(next.value));
          yield* state.takeFullBatches();
        }
      }
      await endParser(parser, state);

      yield* state.takeFullBatches();
      const last = state.takeRemaining();
      if (last.records.length > 0 || last.skipped.length > 0) {
        yield last;
      }
      this.finalReport = state.report();
    } finally {
      // Stops reading the upload when the caller gives up early or the file is refused.
      await chunks.return?.();
    }
  }

  private createParser(state: ImportState): Parser {
    const parser = parse({
      delimiter: state.head.delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: this.options.maxRowLength,
      // Records are taken here, synchronously, so the line counter is exact and nothing
      // piles up on the stream's readable side.
      on_record: (cells: string[], info: { bytes: number }) => {
        state.accept(cells, info.bytes);
        return null;
      },
    });
    // Errors reach the callers of write and end; this keeps them from being unhandled.
    parser.on('error', () => undefined);
    parser.resume();
    return parser;
  }
}

/** Starts streaming a lead file; see `LeadCsvImport`. */
export function importLeadCsv(source: Readable, options?: LeadCsvOptions): LeadCsvImport {
  return new LeadCsvImport(source, options);
}

/** Reads a whole lead file into memory: for small files and tests. */
export async function readLeadCsv(
  source: Readable,
  options?: LeadCsvOptions,
): Promise<{ records: LeadRecord[]; report: LeadCsvReport }> {
  const leadImport = importLeadCsv(source, options);
  const records: LeadRecord[] = [];
  for await (const batch of leadImport) {
    records.push(...batch.records);
  }
  return { records, report: leadImport.report };
}

/** Rows in, records and skipped rows out, with the running counts for the report. */
class ImportState {
  readonly lineBreaks = new LineBreakCounter();
  private headers: string[] | undefined;
  private columns: ColumnMap | undefined;
  private uniqueHeaders: string[] = [];
  private readonly seenKeys = new Map<string, number>();
  private pendingRecords: LeadRecord[] = [];
  private pendingSkipped: SkippedRow[] = [];
  private readonly allSkipped: SkippedRow[] = [];
  private rows = 0;
  private leads = 0;
  private duplicates = 0;
  private readonly lineWarnings: string[] = [];
  private lineWarningCount = 0;
  /** Where the last record read ends: its line, and its offset in the bytes fed to the parser. */
  lastRecordEndLine: number;
  lastRecordEndOffset = 0;

  constructor(
    readonly head: CsvFileHead,
    readonly options: Required<LeadCsvOptions>,
  ) {
    this.lastRecordEndLine = head.headerLine - 1;
  }

  accept(cells: string[], endOffset: number): void {
    const endLine = this.head.headerLine + this.lineBreaks.linesBefore(endOffset);
    this.lastRecordEndLine = endLine;
    this.lastRecordEndOffset = endOffset;
    if (this.headers === undefined) {
      this.setHeaders(cells);
      return;
    }

    this.rows++;
    if (this.rows > this.options.maxRows) {
      throw new LeadCsvError(
        'too_many_rows',
        `the file has more than the limit of ${this.options.maxRows} rows`,
        endLine,
      );
    }
    const line = endLine - cells.reduce((sum, cell) => sum + countLineBreaks(cell), 0);
    this.addRow(cells, line);
  }

  *takeFullBatches(): Generator<LeadBatch> {
    while (this.pendingRecords.length >= this.options.batchSize) {
      const records = this.pendingRecords.splice(0, this.options.batchSize);
      const skipped = this.pendingSkipped;
      this.pendingSkipped = [];
      yield { records, skipped };
    }
  }

  takeRemaining(): LeadBatch {
    const batch = { records: this.pendingRecords, skipped: this.pendingSkipped };
    this.pendingRecords = [];
    this.pendingSkipped = [];
    return batch;
  }

  get rowsRead(): number {
    return this.rows;
  }

  report(): LeadCsvReport {
    const warnings = [...(this.columns?.warnings ?? [])];
    if (this.rows === 0) warnings.push('the file has a header but no rows');
    warnings.push(...this.lineWarnings);
    const leftOut = this.lineWarningCount - this.lineWarnings.length;
    if (leftOut > 0) warnings.push(`${leftOut} more warnings about single lines are left out`);
    return {
      headerLine: this.head.headerLine,
      delimiter: this.head.delimiter,
      headers: this.headers ?? [],
      customColumns: (this.columns?.customColumns ?? []).map((column) => column.name),
      rows: this.rows,
      leads: this.leads,
      duplicates: this.duplicates,
      skipped: this.allSkipped,
      warnings,
    };
  }

  private setHeaders(cells: string[]): void {
    this.headers = cells.map((cell) => cell.trim());
    this.columns = mapColumns(this.headers);
    const names = new Map(this.columns.customColumns.map(({ index, name }) => [index, name]));
    this.uniqueHeaders = this.headers.map((header, index) => names.get(index) ?? header);
  }

  /** Warns about one line, up to a limit, so a file bad on every line keeps a short report. */
  private warn(line: number, message: string): void {
    this.lineWarningCount++;
    if (this.lineWarnings.length < MAX_LINE_WARNINGS) {
      this.lineWarnings.push(`line ${line}: ${message}`);
    }
  }

  /** Cells past the header, up to the last one not empty (a trailing delimiter adds nothing). */
  private extraCells(cells: string[]): string[] {
    const extra = cells.slice(this.uniqueHeaders.length);
    let end = extra.length;
    while (end > 0 && extra[end - 1].trim() === '') end--;
    return extra.slice(0, end);
  }

  /** Names for extra cells in the raw cells (`_extra1`, ...), none equal to a header. */
  private extraNames(count: number): string[] {
    return Array.from({ length: count }, (_, index) => {
      let name = `_extra${index + 1}`;
      while (this.uniqueHeaders.includes(name)) name = `_${name}`;
      return name;
    });
  }

  private addRow(cells: string[], line: number): void {
    if (cells.every((cell) => cell.trim() === '')) {
      this.skip({ line, reason: 'empty_row', message: 'the row has no values' });
      return;
    }
    const tooLong = cells.findIndex((cell) => cell.length > this.options.maxFieldLength);
    if (tooLong !== -1) {
      this.skip({
        line,
        reason: 'field_too_long',
        message: `"${this.uniqueHeaders[tooLong] ?? `column ${tooLong + 1}`}" is longer than ${this.options.maxFieldLength} characters`,
      });
      return;
    }

    const extraCells = this.extraCells(cells);
    const profile = this.chooseProfileUrl(cells);
    if ('reason' in profile) {
      // A value with an unquoted delimiter shifts the cells after it, the URL among them.
      const shifted =
        extraCells.length === 0
          ? ''
          : ` (the row has ${plural(extraCells.length, 'cell')} more than the header: a value ` +
            `with an unquoted "${this.head.delimiter}" shifts the cells after it)`;
      this.skip({ line, reason: profile.reason, message: profile.message + shifted });
      return;
    }

    const keys = [profile.best.key, ...profile.alternateKeys];
    const firstLine = keys.map((key) => this.seenKeys.get(key)).find((seen) => seen !== undefined);
    if (firstLine !== undefined) {
      this.duplicates++;
      this.skip({
        line,
        reason: 'duplicate',
        message: `the same person as on line ${firstLine}`,
        duplicateOfLine: firstLine,
      });
      return;
    }
    keys.forEach((key) => this.seenKeys.set(key, line));

    this.leads++;
    const extraNames = this.extraNames(extraCells.length);
    if (extraCells.length > 0) {
      this.warn(
        line,
        `the row has ${plural(extraCells.length, 'cell')} more than the header's ` +
          `${plural(this.uniqueHeaders.length, 'column')}; they are not used and are kept in ` +
          `raw as ${extraNames.join(', ')}`,
      );
    }
    const extras = extraNames.map((name, index): [string, string] => [name, extraCells[index]]);
    this.pendingRecords.push(
      this.buildRecord(cells, extras, line, profile.best, profile.alternateKeys),
    );
  }

  private chooseProfileUrl(
    cells: string[],
  ):
    | { best: NormalizedProfileUrl; alternateKeys: string[] }
    | { reason: SkipReason; message: string } {
    const urlColumns = this.columns?.urlColumns ?? [];
    const results = urlColumns.map((index) => normalizeProfileUrl(cells[index] ?? ''));
    const valid = results.filter(
      (result): result is NormalizedProfileUrl => !isProfileUrlError(result),
    );

    const preference: ProfileUrlKind[] = ['vanity', 'member_id', 'sales_navigator'];
    const best = preference
      .map((kind) => valid.find((result) => result.kind === kind))
      .find((result) => result !== undefined);
    if (best === undefined) {
      const problem = results.find(
        (result) => isProfileUrlError(result) && result.error !== 'missing_url',
      );
      return problem && isProfileUrlError(problem)
        ? { reason: 'not_a_profile_url', message: problem.message }
        : { reason: 'missing_url', message: 'the row has no profile URL' };
    }

    const alternateKeys = [...new Set(valid.map((result) => result.key))].filter(
      (key) => key !== best.key,
    );
    return { best, alternateKeys };
  }

  private buildRecord(
    cells: string[],
    extras: [string, string][],
    line: number,
    profile: NormalizedProfileUrl,
    alternateKeys: string[],
  ): LeadRecord {
    const { fields, customColumns } = this.columns as ColumnMap;
    const cell = (index: number | undefined): string | undefined =>
      index === undefined ? undefined : cells[index];
    const rawCell = (index: number | undefined): string | null => cell(index) ?? null;
    // A formula, or markup as a name, counts as missing: the template's fallback fills in.
    const usable = (index: number | undefined, use: string, kind: 'name' | 'text') => {
      const value = cell(index);
      if (index === undefined || value === undefined) return value;
      const reason = unusableCell(value, kind);
      if (reason === undefined) return value;
      this.warn(line, unusableWarning(this.uniqueHeaders[index], value.trim(), reason, use));
      return undefined;
    };

    const raw = {
      firstName: rawCell(fields.firstName),
      lastName: rawCell(fields.lastName),
      fullName: rawCell(fields.fullName),
      cells: Object.fromEntries([
        ...this.uniqueHeaders.map((header, index): [string, string] => [
          header,
          cells[index] ?? '',
        ]),
        ...extras,
      ]),
    };
    const name = cleanName({
      firstName: usable(fields.firstName, 'firstName', 'name'),
      lastName: usable(fields.lastName, 'lastName', 'name'),
      fullName: usable(fields.fullName, 'fullName', 'name'),
    });

    return {
      line,
      profileUrl: profile.profileUrl,
      key: profile.key,
      kind: profile.kind,
      alternateKeys,
      firstName: name.firstName,
      lastName: name.lastName,
      fullName: name.fullName,
      company: cleanText(usable(fields.company, 'company', 'text')),
      position: cleanText(usable(fields.position, 'position', 'text')),
      location: cleanText(usable(fields.location, 'location', 'text')),
      email: cleanEmail(cell(fields.email)),
      connectedOn: parseConnectedOn(cell(fields.connectedOn)),
      notes: cleanCell(cell(fields.notes)),
      raw,
      custom: Object.fromEntries(
        customColumns.map(({ index, name: header }) => [
          header,
          cleanCell(usable(index, `{{custom.${header}}}`, 'text')) ?? '',
        ]),
      ),
    };
  }

  private skip(row: SkippedRow): void {
    this.pendingSkipped.push(row);
    this.allSkipped.push(row);
  }
}

/**
 * Counts physical line breaks (CRLF, LF or CR) in the bytes fed to the parser, so a record's
 * end offset can be turned into the line it ends on.
 */
class LineBreakCounter {
  // Byte offsets of the breaks not yet passed by a record: where each starts and ends.
  private starts: number[] = [];
  private ends: number[] = [];
  private head = 0;
  private offset = 0;
  private passed = 0;
  private lastCarriageReturnEnd = -1;

  scan(chunk: Buffer): void {
    let lineFeed = chunk.indexOf(0x0a);
    let carriageReturn = chunk.indexOf(0x0d);
    while (lineFeed !== -1 || carriageReturn !== -1) {
      const atCarriageReturn =
        carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed);
      const index = atCarriageReturn ? carriageReturn : lineFeed;
      const position = this.offset + index;
      const last = this.ends.length - 1;
      const endsCarriageReturn = last >= 0 && this.ends[last] === position;
      if (!atCarriageReturn && endsCarriageReturn && this.lastCarriageReturnEnd === position) {
        // The LF of a CRLF, possibly in the next chunk: one break, two bytes.
        this.ends[last] = position + 1;
      } else {
        this.starts.push(position);
        this.ends.push(position + 1);
        if (atCarriageReturn) this.lastCarriageReturnEnd = position + 1;
      }
      if (atCarriageReturn) {
        carriageReturn = chunk.indexOf(0x0d, index + 1);
      } else {
        lineFeed = chunk.indexOf(0x0a, index + 1);
      }
    }
    this.offset += chunk.length;
  }

  /**
   * The line starting at `offset`, past any empty lines: how many empty lines came first, and its
   * length in bytes, or undefined when its end has not been read yet.
   */
  lineFrom(offset: number): { emptyLinesBefore: number; length: number | undefined } {
    let start = offset;
    let emptyLinesBefore = 0;
    for (let index = this.head; index < this.starts.length; index++) {
      if (this.starts[index] < start) continue;
      if (this.starts[index] > start) {
        return { emptyLinesBefore, length: this.starts[index] - start };
      }
      start = this.ends[index];
      emptyLinesBefore++;
    }
    return { emptyLinesBefore, length: undefined };
  }

  /** Breaks before the record that ends at `endOffset`, not counting its own terminator. */
  linesBefore(endOffset: number): number {
    let terminated = false;
    while (this.head < this.starts.length && this.starts[this.head] < endOffset) {
      terminated = this.ends[this.head] === endOffset;
      this.head++;
      this.passed++;
    }
    // Drops passed breaks now and then instead of shifting the arrays for each one.
    if (this.head > 1024) {
      this.starts = this.starts.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
    return terminated ? this.passed - 1 : this.passed;
  }
}

function unusableWarning(
  header: string,
  cell: string,
  reason: UnusableCellReason,
  use: string,
): string {
  const shown = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);
  const what =
    reason === 'formula'
      ? `looks like a spreadsheet formula (${shown})`
      : `holds markup (${shown})`;
  return `"${header}" ${what}, so it is not used for ${use}; the cell is kept in raw`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function countLineBreaks(cell: string): number {
  if (!cell.includes('\n') && !cell.includes('\r')) return 0;
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

async function readSample(
  chunks: AsyncIterator<Buffer | string>,
): Promise<{ sample: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  let lineBreaks = 0;
  while (length < HEAD_SAMPLE_BYTES && lineBreaks <= MAX_PREAMBLE_LINES) {
    const next = await chunks.next();
    if (next.done) {
      return { sample: Buffer.concat(parts), done: true };
    }
    const chunk = toBuffer(next.value);
    parts.push(chunk);
    length += chunk.length;
    lineBreaks += chunk.reduce((count, byte) => (byte === 0x0a ? count + 1 : count), 0);
  }
  return { sample: Buffer.concat(parts), done: false };
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

async function writeTo(parser: Parser, chunk: Buffer, state: ImportState): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    parser.write(chunk, (error) => (error ? reject(asLeadCsvError(error, state)) : resolve()));
  });
}

async function endParser(parser: Parser, state: ImportState): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    parser.once('error', (error) => reject(asLeadCsvError(error, state)));
    parser.end(() => resolve());
  });
}

function asLeadCsvError(error: unknown, state: ImportState): Error {
  if (error instanceof LeadCsvError) {
    return error;
  }
  if (isCsvError(error) && error.code === 'CSV_MAX_RECORD_SIZE') {
    return tooLongError(state);
  }
  const near = state.lastRecordEndLine + 1;
  const detail = error instanceof Error ? error.message : String(error);
  return new LeadCsvError(
    'malformed_csv',
    `the file is not valid CSV near line ${near} (${detail}); check for a quote that is never closed`,
    near,
  );
}

function isCsvError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * The parser holds more of one record than a row may have: a line that long, or a record running
 * over several lines because a quote opened in it is never closed.
 */
function tooLongError(state: ImportState): LeadCsvError {
  const max = state.options.maxRowLength;
  const { emptyLinesBefore, length } = state.lineBreaks.lineFrom(state.lastRecordEndOffset);
  const line = state.lastRecordEndLine + 1 + emptyLinesBefore;
  if (length === undefined || length > max) {
    return new LeadCsvError(
      'malformed_csv',
      `line ${line} is longer than the maximum of ${max} characters for a row`,
      line,
    );
  }
  return new LeadCsvError(
    'malformed_csv',
    `the row starting on line ${line} runs over several lines past the maximum of ${max} ` +
      `characters for a row; check for a quote that is never closed`,
    line,
  );
}
