// Cells that mean "nothing here" in exports and hand-made sheets.
const EMPTY_MARKERS = new Set([
  '',
  '-',
  '--',
  '—',
  '–',
  'n/a',
  'na',
  '#n/a',
  'null',
  'none',
  'undefined',
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

const LONGEST_EMPTY_MARKER = Math.max(...[...EMPTY_MARKERS].map((marker) => marker.length));

// Whitespace other than single spaces; a cell without any only needs trimming.
const UNEVEN_SPACE = /[^\S ]| {2}/;

/** Trims a cell, keeps new lines inside it as `\n`, and turns placeholders into null. */
export function cleanCell(value: string | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  const cleaned = UNEVEN_SPACE.test(value)
    ? value
        .replace(/\r\n?/g, '\n')
        .replace(/[^\S\n]+/g, ' ')
        .replace(/ *\n */g, '\n')
        .trim()
    : value.trim();
  const placeholder =
    cleaned.length <= LONGEST_EMPTY_MARKER && EMPTY_MARKERS.has(cleaned.toLowerCase());
  return placeholder ? null : cleaned;
}

/** Why a cell is not used as a template value: a spreadsheet formula, or markup in a name. */
export type UnusableCellReason = 'formula' | 'markup';

// Spreadsheets run a cell that starts with "=", "+", "-" or "@". After "+", "-" or "@" plain
// words or numbers are let through ("-Dash Ventures", "- Founder", "+1 (555) 010-9999",
// "@acme"); quotes, "|", "!", operators or a function call after them make a formula.
const FORMULA_SIGN = /^[=+\-@]/;
const PLAIN_AFTER_SIGN = /^[+\-@]\s*[\p{L}\p{N}][\p{L}\p{M}\p{N} .,'’&_/#%?()-]*$/u;
const FUNCTION_CALL = /[\p{L}\p{N}_.]\(/u;

// Names hold no angle brackets; one means a tag or other markup (`<script>`).
const MARKUP = /[<>]/;

/**
 * Why the cell cannot fill a template, or undefined when it can. Surrounding whitespace is looked
 * past: a tab or CR before "=" still starts a formula, and before a plain name it is only space.
 */
export function unusableCell(value: string, kind: 'name' | 'text'): UnusableCellReason | undefined {
  const text = value.trim();
  // A lone "-" means no value; it is no formula.
  if (FORMULA_SIGN.test(text) && !isPlainSigned(text) && cleanCell(text) !== null) {
    return 'formula';
  }
  if (kind === 'name' && MARKUP.test(text)) {
    return 'markup';
  }
  return undefined;
}

function isPlainSigned(text: string): boolean {
  return PLAIN_AFTER_SIGN.test(text) && !FUNCTION_CALL.test(text);
}

// A list bullet before a company or position ("- Founder", "• Acme"); a dash joined to a word
// ("-Dash Ventures") is part of the name and stays.
const LIST_BULLET = /^[-–—•·*]\s+(?=\S)/;

/** Like `cleanCell`, and drops a list bullet written before the value. */
export function cleanText(value: string | undefined): string | null {
  const cleaned = cleanCell(value);
  return cleaned === null ? null : cleaned.replace(LIST_BULLET, '');
}

/** An email address, or null for anything that is not one (LinkedIn puts URNs there too). */
export function cleanEmail(value: string | undefined): string | null {
  const cleaned = cleanCell(value);
  return cleaned !== null && EMAIL.test(cleaned) ? cleaned : null;
}

/** Reads `09 Oct 2024` (LinkedIn's export) or `2024-10-09` as an ISO date. */
export function parseConnectedOn(value: string | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null) {
    return null;
  }

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(cleaned);
  if (iso) {
    return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }

  const written = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})$/.exec(cleaned);
  if (written) {
    const month = MONTHS.indexOf(written[2].slice(0, 3).toLowerCase()) + 1;
    return month === 0 ? null : isoDate(Number(written[3]), month, Number(written[1]));
  }
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString().slice(0, 10) : null;
}
