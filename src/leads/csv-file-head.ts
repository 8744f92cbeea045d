import { isUrlHeader } from './lead-columns';
import { LeadCsvError } from './lead-csv-error';

/** Where the header of an uploaded lead file sits and how its cells are separated. */
export interface CsvFileHead {
  /** Byte offset of the header row (after a byte-order mark and any preamble). */
  headerOffset: number;
  /** 1-based physical line of the header row. */
  headerLine: number;
  delimiter: ',' | ';' | '\t';
}

// LinkedIn's own export puts three lines before its header; leave room for others.
export const MAX_PREAMBLE_LINES = 20;
export const HEAD_SAMPLE_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const DELIMITERS = [',', ';', '\t'] as const;

/** Finds the header row in the first bytes of a file, or says plainly why the file is unusable. */
export function findCsvHead(sample: Buffer, isWholeFile: boolean): CsvFileHead {
  if (sample.length === 0) {
    throw new LeadCsvError('empty_file', 'the file is empty');
  }
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) {
    throw new LeadCsvError(
      'unsupported_encoding',
      'the file is UTF-16 text; save it as "CSV UTF-8" and upload it again',
    );
  }
  if (sample.includes(0)) {
    throw new LeadCsvError('binary_file', 'the file is not a CSV text file (it holds binary data)');
  }

  const bomLength = startsWith(sample, UTF8_BOM) ? UTF8_BOM.length : 0;
  assertUtf8(sample.subarray(bomLength));
  if (sample.subarray(bomLength).toString('utf8').trim() === '') {
    throw new LeadCsvError('empty_file', 'the file has no rows');
  }

  const lines = splitLines(sample, bomLength, isWholeFile).slice(0, MAX_PREAMBLE_LINES);
  for (const [index, line] of lines.entries()) {
    const text = sample.subarray(line.start, line.end).toString('utf8');
    const delimiter = detectDelimiter(text);
    if (splitCells(text, delimiter).some(isUrlHeader)) {
      return { headerOffset: line.start, headerLine: index + 1, delimiter };
    }
  }

  if (!isWholeFile && lines.length < MAX_PREAMBLE_LINES) {
    // The sample ended inside a line: one too long to be a header or a line before it.
    const line = lines.length + 1;
    throw new LeadCsvError(
      'malformed_csv',
      `line ${line} is longer than the maximum of ${HEAD_SAMPLE_BYTES} bytes for the header ` +
        `row and the lines before it, and no header row with a LinkedIn URL column comes first`,
      line,
    );
  }
  const firstLine = lines[0] === undefined ? '' : sample.subarray(lines[0].start, lines[0].end);
  throw new LeadCsvError(
    'no_url_column',
    `no header row with a LinkedIn URL column (such as "LinkedIn URL" or "Profile URL") in the ` +
      `first ${MAX_PREAMBLE_LINES} lines; the first line reads "${shorten(firstLine.toString('utf8'))}"`,
  );
}

/** The separator used most often outside quotes; a comma when there is none. */
export function detectDelimiter(headerLine: string): CsvFileHead['delimiter'] {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }
  let best: CsvFileHead['delimiter'] = ',';
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) {
      best = delimiter;
    }
  }
  return best;
}

function splitCells(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
    } else if (char === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/** Physical lines (CRLF, LF or CR) as byte ranges; an unfinished last line only at the end. */
function splitLines(
  sample: Buffer,
  from: number,
  isWholeFile: boolean,
): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = from;
  for (let position = from; position < sample.length; position++) {
    const byte = sample[position];
    if (byte === 0x0a || byte === 0x0d) {
      lines.push({ start, end: position });
      if (byte === 0x0d && sample[position + 1] === 0x0a) {
        position++;
      }
      start = position + 1;
    }
  }
  if (isWholeFile && start < sample.length) {
    lines.push({ start, end: sample.length });
  }
  return lines;
}

function assertUtf8(bytes: Buffer): void {
  try {
    // `stream: true` tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    throw new LeadCsvError(
      'unsupported_encoding',
      'the file is not UTF-8 text; save it as "CSV UTF-8" and upload it again',
    );
  }
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
