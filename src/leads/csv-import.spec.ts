import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../common/paths';
import { HEAD_SAMPLE_BYTES } from './csv-file-head';
import { importLeadCsv, readLeadCsv, type LeadRecord } from './csv-import';
import { LeadCsvError } from './lead-csv-error';

const FIXTURES = join(projectRoot(), 'test/fixtures/csv');

interface ExpectedFile {
  rows?: number;
  leads: number;
  duplicates?: number;
  skipped?: { line: number; reason: string }[];
  rejected?: { line: number; reason: string }[];
  records?: Record<string, unknown>[];
  profileUrls?: string[];
}

const expectations = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  ExpectedFile | string
>;
const fixtureNames = Object.keys(expectations).filter((name) => !name.startsWith('_'));

function fromText(text: string | Buffer): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);
}

/** Splits the text into tiny chunks so every boundary case of the stream is crossed. */
function inSmallChunks(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return Readable.from(chunks);
}

function pick(record: LeadRecord, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, record[field as keyof LeadRecord]]));
}

async function importFailure(source: Readable, options = {}): Promise<LeadCsvError> {
  const error = await readLeadCsv(source, options).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LeadCsvError);
  return error as LeadCsvError;
}

describe('importLeadCsv on the uploaded-file fixtures', () => {
  it.each(fixtureNames)('imports %s exactly as expected.json says', async (name) => {
    const expected = expectations[name] as ExpectedFile;

    const { records, report } = await readLeadCsv(createReadStream(join(FIXTURES, name)));

    expect(report.leads).toBe(expected.leads);
    expect(records).toHaveLength(expected.leads);
    const rejected = report.skipped
      .filter((row) => row.reason !== 'duplicate')
      .map(({ line, reason }) => ({ line, reason }));
    if (expected.skipped) {
      expect(rejected).toEqual(expected.skipped);
    }
    if (expected.rejected) {
      expect(rejected).toEqual(expected.rejected);
    }
    if (expected.rows !== undefined) {
      expect(report.rows).toBe(expected.rows);
    }
    if (expected.duplicates !== undefined) {
      expect(report.duplicates).toBe(expected.duplicates);
    }
    if (expected.profileUrls) {
      expect(records.map((record) => record.profileUrl)).toEqual(expected.profileUrls);
    }
    if (expected.records) {
      const shown = expected.records.map((record, index) =>
        pick(records[index], Object.keys(record)),
      );
      expect(shown).toEqual(expected.records);
    }
  });

  it('counts physical lines for the records of the LinkedIn export, preamble included', async () => {
    const { records } = await readLeadCsv(
      createReadStream(join(FIXTURES, 'linkedin-connections-export.csv')),
    );

    expect(records.map((record) => record.line)).toEqual([
      5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19,
    ]);
  });

  it('starts a record spanning two lines on its first line', async () => {
    const { records } = await readLeadCsv(createReadStream(join(FIXTURES, 'excel-semicolon.csv')));

    expect(records.map((record) => record.line)).toEqual([2, 3, 5]);
  });

  it('keeps the raw cells beside the cleaned names', async () => {
    const { records } = await readLeadCsv(
      createReadStream(join(FIXTURES, 'linkedin-connections-export.csv')),
    );
    const idris = records[1];

    expect(idris.raw.firstName).toBe('Dr. Idris');
    expect(idris.raw.cells['First Name']).toBe('Dr. Idris');
    expect(idris.fullName).toBe('Idris Okafor');
  });

  it('keeps every column but those of template variables as custom fields under their header', async () => {
    const { records, report } = await readLeadCsv(
      createReadStream(join(FIXTURES, 'apollo-export.csv')),
    );

    expect(report.customColumns).toEqual(['Email', 'Person Linkedin Url', 'Country']);
    expect(records[0].custom).toEqual({
      Email: 'grace.okonkwo@example.org',
      'Person Linkedin Url': 'http://www.linkedin.com/in/grace-okonkwo',
      Country: 'Nigeria',
    });
  });

  it('prefers the public slug and remembers the member id of a Sales Navigator row', async () => {
    const { records } = await readLeadCsv(createReadStream(join(FIXTURES, 'salesnav-export.csv')));

    expect(records[0]).toMatchObject({
      kind: 'vanity',
      key: 'in:nadia-haddad-ops',
      alternateKeys: ['member:ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU'],
      fullName: 'Nadia Haddad',
      company: 'Cedar Analytics',
      position: 'VP Operations',
      custom: { connectionDegree: '2nd', vmid: 'ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU' },
    });
  });

  it('reports each duplicate with the line of the first row for that person', async () => {
    const { report } = await readLeadCsv(createReadStream(join(FIXTURES, 'url-variants.csv')));

    const duplicates = report.skipped.filter((row) => row.reason === 'duplicate');
    expect(duplicates.map((row) => [row.line, row.duplicateOfLine])).toEqual([
      [3, 2],
      [4, 2],
      [5, 2],
      [6, 2],
      [7, 2],
      [9, 8],
      [13, 12],
      [15, 14],
    ]);
  });

  it('gives the same result however the bytes are chunked', async () => {
    const text = readFileSync(join(FIXTURES, 'excel-semicolon.csv'), 'utf8');
    const whole = await readLeadCsv(fromText(text));

    for (const size of [1, 2, 3, 7]) {
      const chunked = await readLeadCsv(inSmallChunks(text, size));
      expect(chunked.records).toEqual(whole.records);
    }
  });
});

describe('importLeadCsv on other files', () => {
  it('reads tab-separated files', async () => {
    const text = 'LinkedIn URL\tFirst Name\tIndustry\nlinkedin.com/in/ada-l\tAda\tMath\n';

    const { records } = await readLeadCsv(fromText(text));

    expect(records).toMatchObject([
      { line: 2, profileUrl: 'https://www.linkedin.com/in/ada-l/', custom: { Industry: 'Math' } },
    ]);
  });

  it('splits a full name when the file has no first name column', async () => {
    const text = 'linkedinProfileUrl,Full Name\nlinkedin.com/in/pvdb,Pieter VAN DER BERG\n';

    const { records } = await readLeadCsv(fromText(text));

    expect(records[0]).toMatchObject({ firstName: 'Pieter', lastName: 'van der Berg' });
  });

  it('counts lines after lone CR line ends', async () => {
    const text =
      'url,name\rlinkedin.com/in/aaa-1,A\r\rlinkedin.com/in/bbb-2,"B\rB"\rlinkedin.com/in/ccc-3,C';

    const { records } = await readLeadCsv(fromText(text));

    expect(records.map((record) => record.line)).toEqual([2, 4, 6]);
  });

  it('skips a row with a cell longer than the limit and says which column', async () => {
    const text = `url,Notes\nlinkedin.com/in/aaa-1,${'x'.repeat(50)}\nlinkedin.com/in/bbb-2,ok\n`;

    const { records, report } = await readLeadCsv(fromText(text), { maxFieldLength: 30 });

    expect(records).toHaveLength(1);
    expect(report.skipped).toMatchObject([{ line: 2, reason: 'field_too_long' }]);
    expect(report.skipped[0].message).toContain('Notes');
  });

  it('reports rows with nothing in them instead of dropping them silently', async () => {
    const { report } = await readLeadCsv(fromText('url;name\r\n;;\r\nlinkedin.com/in/aaa-1;A\r\n'));

    expect(report.skipped).toMatchObject([{ line: 2, reason: 'empty_row' }]);
  });

  it.each([
    ['an empty file', '', 'empty_file'],
    ['a file of blank lines', '\r\n\r\n  \n', 'empty_file'],
    ['a file without a URL column', 'name,company\nAda,Math\n', 'no_url_column'],
    ['binary junk', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]), 'binary_file'],
    [
      'Latin-1 text',
      Buffer.from('url,name\nlinkedin.com/in/x,J\xfcrgen\n', 'latin1'),
      'unsupported_encoding',
    ],
    ['UTF-16 text', Buffer.from('\ufeffurl,name\n', 'utf16le'), 'unsupported_encoding'],
    ['a quote never closed', 'url,name\nlinkedin.com/in/aaa-1,"Ada\n', 'malformed_csv'],
  ])('refuses %s with a clear reason', async (_what, content, reason) => {
    const error = await importFailure(fromText(content));

    expect(error.reason).toBe(reason);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('refuses a file over the byte limit', async () => {
    const rows = Array.from({ length: 200 }, (_, index) => `linkedin.com/in/person-${index}`);

    const error = await importFailure(fromText(['url', ...rows].join('\n')), { maxBytes: 1000 });

    expect(error.reason).toBe('file_too_large');
    expect(error.code).toBe('payload_too_large');
  });

  it('refuses a file over the row limit', async () => {
    const rows = Array.from({ length: 20 }, (_, index) => `linkedin.com/in/person-${index}`);

    const error = await importFailure(fromText(['url', ...rows].join('\n')), { maxRows: 10 });

    expect(error.reason).toBe('too_many_rows');
  });

  it('names the line where a row too long to be real starts', async () => {
    const text = `url,name\nlinkedin.com/in/aaa-1,A\nlinkedin.com/in/bbb-2,"${'y'.repeat(500)}`;

    const error = await importFailure(fromText(text), { maxRowLength: 100 });

    expect(error.reason).toBe('malformed_csv');
    expect(error.line).toBe(3);
  });

  it('says a line over the row limit is too long, with its number and the limit', async () => {
    const text = `url,name\nlinkedin.com/in/aaa-1,A\n\n\nlinkedin.com/in/bbb-2,${'y'.repeat(500)}\n`;

    const error = await importFailure(inSmallChunks(text, 64), { maxRowLength: 100 });

    expect(error.reason).toBe('malformed_csv');
    expect(error.line).toBe(5);
    expect(error.message).toBe('line 5 is longer than the maximum of 100 characters for a row');
  });

  it('says a row running over several lines past the limit may hold an unclosed quote', async () => {
    const text = `url,name\nlinkedin.com/in/aaa-1,"A\n${'short line\n'.repeat(30)}`;

    const error = await importFailure(fromText(text), { maxRowLength: 100 });

    expect(error.line).toBe(2);
    expect(error.message).toMatch(/row starting on line 2 runs over several lines.*quote/);
  });

  it('says a first line too long to hold the header is too long', async () => {
    const error = await importFailure(fromText(`url,${'x'.repeat(HEAD_SAMPLE_BYTES + 10)}`));

    expect(error.reason).toBe('malformed_csv');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/^line 1 is longer than the maximum of 65536 bytes/);
  });

  it('streams 100,000 rows in batches without holding them all', async () => {
    const total = 100_000;
    function* generate(): Generator<Buffer> {
      yield Buffer.from('\ufeffFirst Name,Last Name,LinkedIn URL,Company,Industry\r\n');
      for (let start = 0; start < total; start += 1000) {
        const lines: string[] = [];
        for (let index = start; index < start + 1000; index++) {
          lines.push(
            `Name${index},SURNAME,https://www.linkedin.com/in/person-${index},Co ${index},"A, B"`,
          );
        }
        yield Buffer.from(lines.join('\r\n') + '\r\n');
      }
    }
    const leadImport = importLeadCsv(Readable.from(generate()), { batchSize: 500 });

    let count = 0;
    let largestBatch = 0;
    let lastLine = 0;
    for await (const batch of leadImport) {
      count += batch.records.length;
      largestBatch = Math.max(largestBatch, batch.records.length);
      lastLine = batch.records.at(-1)?.line ?? lastLine;
    }

    expect(count).toBe(total);
    expect(largestBatch).toBe(500);
    expect(lastLine).toBe(total + 1);
    expect(leadImport.report).toMatchObject({ rows: total, leads: total, duplicates: 0 });
  });
});

describe('importLeadCsv on cells templates must not use', () => {
  it('imports a row whose cells are formulas or markup without them, says so, keeps them raw', async () => {
    const text =
      'First Name,Last Name,Company,Position,Profile URL\n' +
      '"=HYPERLINK(""http://evil.io"",""x"")",Lee,"-cmd|\' /C calc\'!A0",CTO,linkedin.com/in/aaa-1\n' +
      '@SUM(1+1),Chen,-Dash Ventures,- Founder,linkedin.com/in/bbb-2\n' +
      '<script>alert(1)</script>,Kim,Acme,Sales,linkedin.com/in/ccc-3\n';

    const { records, report } = await readLeadCsv(fromText(text));

    expect(records.map((record) => pick(record, ['firstName', 'company', 'position']))).toEqual([
      { firstName: null, company: null, position: 'CTO' },
      { firstName: null, company: '-Dash Ventures', position: 'Founder' },
      { firstName: null, company: 'Acme', position: 'Sales' },
    ]);
    expect(records[0].raw.cells['First Name']).toBe('=HYPERLINK("http://evil.io","x")');
    expect(records[0].raw.firstName).toBe('=HYPERLINK("http://evil.io","x")');
    expect(records[2].raw.cells['First Name']).toBe('<script>alert(1)</script>');
    expect(records[1].fullName).toBe('Chen');
    expect(report.warnings).toEqual([
      expect.stringMatching(/^line 2: "First Name" looks like a spreadsheet formula .*firstName/),
      expect.stringMatching(/^line 2: "Company" looks like a spreadsheet formula .*company/),
      expect.stringMatching(/^line 3: "First Name" looks like a spreadsheet formula .*firstName/),
      expect.stringMatching(/^line 4: "First Name" holds markup .*firstName/),
    ]);
  });

  it('falls back to the full name when the first name cell is a formula', async () => {
    const text = 'First Name,Full Name,url\n=1+1,Ada Lovelace,linkedin.com/in/ada-l\n';

    const { records } = await readLeadCsv(fromText(text));

    expect(records[0]).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('leaves a formula out of a custom column too', async () => {
    const text = 'url,Industry\nlinkedin.com/in/aaa-1,=cmd()\nlinkedin.com/in/bbb-2,Retail\n';

    const { records, report } = await readLeadCsv(fromText(text));

    expect(records.map((record) => record.custom.Industry)).toEqual(['', 'Retail']);
    expect(report.warnings).toEqual([expect.stringContaining('line 2: "Industry"')]);
    expect(report.warnings[0]).toContain('{{custom.Industry}}');
  });

  it.each(["O'Brien", 'Jean-Luc', "d'Artagnan", 'María José', '李四'])(
    'keeps the name %j',
    async (firstName) => {
      const text = `url,First Name\nlinkedin.com/in/aaa-1,${firstName}\n`;

      const { records, report } = await readLeadCsv(fromText(text));

      expect(records[0].firstName).toBe(firstName);
      expect(report.warnings).toEqual([]);
    },
  );

  it('lists no more than 1,000 line warnings and counts the rest', async () => {
    const rows = Array.from({ length: 1005 }, (_, index) => `linkedin.com/in/p-${index}x,=1+1`);

    const { report } = await readLeadCsv(fromText(['url,First Name', ...rows].join('\n')));

    expect(report.warnings).toHaveLength(1001);
    expect(report.warnings.at(-1)).toBe('5 more warnings about single lines are left out');
  });
});

describe('importLeadCsv custom columns', () => {
  it('offers a column of a field templates cannot name, such as Notes, as a custom column', async () => {
    const text =
      'url,First Name,Notes,Comment,Email\nlinkedin.com/in/aaa-1,Ann,met at fair,vip,a@b.io\n';

    const { records, report } = await readLeadCsv(fromText(text));

    expect(report.customColumns).toEqual(['url', 'Notes', 'Comment', 'Email']);
    expect(records[0].custom).toEqual({
      url: 'linkedin.com/in/aaa-1',
      Notes: 'met at fair',
      Comment: 'vip',
      Email: 'a@b.io',
    });
    expect(records[0].notes).toBe('met at fair');
    // Both columns stay custom, so which of them fills notes needs no warning.
    expect(report.warnings).toEqual([]);
  });
});

describe('importLeadCsv extra cells', () => {
  it('imports a row with cells past the header, warns, and keeps them raw', async () => {
    const text =
      'First Name,Last Name,url,Company\n' +
      'A,B,linkedin.com/in/aaa-1,C,EXTRA,EXTRA2\n' +
      'D,E,linkedin.com/in/bbb-2,F,,\n';

    const { records, report } = await readLeadCsv(fromText(text));

    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ firstName: 'A', company: 'C' });
    expect(records[0].raw.cells).toMatchObject({ _extra1: 'EXTRA', _extra2: 'EXTRA2' });
    expect(records[1].raw.cells).not.toHaveProperty('_extra1');
    expect(report.warnings).toEqual([
      "line 2: the row has 2 cells more than the header's 4 columns; they are not used and are " +
        'kept in raw as _extra1, _extra2',
    ]);
  });

  it('names the extra cells apart from a header of the same name', async () => {
    const text = 'url,_extra1\nlinkedin.com/in/aaa-1,a,b\n';

    const { records } = await readLeadCsv(fromText(text));

    expect(records[0].raw.cells).toEqual({
      url: 'linkedin.com/in/aaa-1',
      _extra1: 'a',
      __extra1: 'b',
    });
  });

  it('says a row skipped for its URL has more cells than the header', async () => {
    const text = 'First Name,url\nSmith, John,linkedin.com/in/js-1\n';

    const { report } = await readLeadCsv(fromText(text));

    expect(report.skipped).toMatchObject([{ line: 2, reason: 'not_a_profile_url' }]);
    expect(report.skipped[0].message).toContain('1 cell more than the header');
  });
});
