import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Logger } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { leads } from '../../src/database/schema';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

const FIXTURES = join(__dirname, '..', 'fixtures', 'csv');
const MAX_BYTES = 100_000;

interface FixtureExpectation {
  leads: number;
  rows?: number;
  duplicates?: number;
  skipped?: { line: number; reason: string }[];
  rejected?: { line: number; reason: string }[];
  profileUrls?: string[];
  records?: Record<string, string | null>[];
}

interface ImportReport {
  rows: number;
  leadsInFile: number;
  added: number;
  alreadyKnown: number;
  alreadyInCampaign: number;
  duplicatesInFile: number;
  rejected: { line: number; reason: string; message: string }[];
  warnings: string[];
}

interface LeadPage {
  total: number;
  items: {
    id: string;
    state: string;
    position: number;
    sourceLine: number;
    lead: Record<string, unknown> & { id: string; profileUrl: string };
  }[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  FixtureExpectation
>;
const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith('.csv'));

describe.each(DATABASE_KINDS)('lead import on %s', (kind) => {
  let app: TestService;
  let alice: { id: string; key: string };
  let accountId: string;

  const auth = () => `Bearer ${alice.key}`;

  async function createCampaign(body: Record<string, unknown> = {}): Promise<string> {
    const response = await app.http
      .post('/api/campaigns')
      .set('authorization', auth())
      .send({ name: 'Import', accountId, source: { type: 'csv' }, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  function upload(campaignId: string, content: Buffer | string, filename = 'leads.csv') {
    return app.http
      .post(`/api/campaigns/${campaignId}/leads/import`)
      .set('authorization', auth())
      .attach('file', Buffer.from(content), filename);
  }

  async function imported(campaignId: string, content: Buffer | string): Promise<ImportReport> {
    const response = await upload(campaignId, content);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as ImportReport;
  }

  async function leadsOf(campaignId: string): Promise<LeadPage> {
    const response = await app.http
      .get(`/api/campaigns/${campaignId}/leads?limit=500`)
      .set('authorization', auth());
    expect(response.status).toBe(200);
    return response.body as LeadPage;
  }

  /** A multipart body with the file as `file`, written by hand so a test can cut it anywhere. */
  function multipart(content: string): { body: Buffer; boundary: string } {
    const boundary = 'inreach-test-boundary';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leads.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    );
    return { body, boundary };
  }

  /** Sends the head of an upload, waits, and drops the connection the way a killed client does. */
  async function abortedUpload(campaignId: string, content: string, sendBytes: number) {
    const { body, boundary } = multipart(content);
    const request = httpRequest(`${app.service.url}/api/campaigns/${campaignId}/leads/import`, {
      method: 'POST',
      headers: {
        authorization: auth(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      },
    });
    request.on('error', () => undefined);
    request.write(body.subarray(0, sendBytes));
    await sleep(500);
    request.destroy();
  }

  function generatedRows(from: number, count: number): string {
    return Array.from(
      { length: count },
      (_, index) => `https://www.linkedin.com/in/gen-${from + index}-x,Gen${from + index}\n`,
    ).join('');
  }

  beforeAll(async () => {
    app = await startTestService(kind, { LEAD_IMPORT_MAX_BYTES: String(MAX_BYTES) });
    alice = await app.createUser('alice@example.com');
    const account = await app.http
      .post('/api/accounts')
      .set('authorization', auth())
      .send({ label: 'Sales', liAt: `AQEDAR-test-cookie-value-${kind}-1234567890` });
    accountId = (account.body as { id: string }).id;
  });
  afterAll(() => app.stop());

  it.each(fixtureFiles)('imports %s as expected.json says', async (file) => {
    const expectation = expected[file];
    expect(expectation, `expected.json has no entry for ${file}`).toBeDefined();
    const campaignId = await createCampaign();

    const report = await imported(campaignId, readFileSync(join(FIXTURES, file)));

    expect(report.leadsInFile).toBe(expectation.leads);
    expect(report.added).toBe(expectation.leads);
    if (expectation.rows !== undefined) expect(report.rows).toBe(expectation.rows);
    if (expectation.duplicates !== undefined) {
      expect(report.duplicatesInFile).toBe(expectation.duplicates);
    }
    const notDuplicates = report.rejected.filter((row) => row.reason !== 'duplicate');
    const rejected = expectation.rejected ?? expectation.skipped ?? [];
    expect(notDuplicates.map(({ line, reason }) => ({ line, reason }))).toEqual(rejected);
    for (const row of report.rejected) expect(row.message).not.toBe('');

    const page = await leadsOf(campaignId);
    expect(page.total).toBe(expectation.leads);
    const urls = page.items.map((item) => item.lead.profileUrl);
    if (expectation.profileUrls) expect(urls).toEqual(expectation.profileUrls);
    if (expectation.records) {
      expect(urls).toEqual(expectation.records.map((record) => record.profileUrl));
      page.items.forEach((item, index) => {
        // Lead rows have no columns for these; they stay in the raw cells.
        const { connectedOn: _connectedOn, notes: _notes, ...fields } = expectation.records![index];
        expect(item.lead).toMatchObject(fields);
        expect(item.lead.raw).toEqual(expect.any(Object));
      });
    }
    expect(page.items.map((item) => item.position)).toEqual(
      [...page.items.map((item) => item.position)].sort((a, b) => a - b),
    );
    expect(page.items.every((item) => item.state === 'new')).toBe(true);
  });

  it('adds nothing when the same file is imported twice', async () => {
    const campaignId = await createCampaign();
    const file = readFileSync(join(FIXTURES, 'linkedin-connections-export.csv'));

    const first = await imported(campaignId, file);
    const second = await imported(campaignId, file);

    expect(first).toMatchObject({ added: 14, alreadyInCampaign: 0 });
    expect(second).toMatchObject({ added: 0, alreadyInCampaign: 14, alreadyKnown: 0 });
    expect((await leadsOf(campaignId)).total).toBe(14);
  });

  it('keeps one lead row for a person shared by two campaigns', async () => {
    const first = await createCampaign();
    const second = await createCampaign();
    const file = 'profileUrl,firstName\nhttps://www.linkedin.com/in/shared-person-77,Ann\n';

    expect(await imported(first, file)).toMatchObject({ added: 1, alreadyKnown: 0 });
    const again = await imported(
      second,
      'LinkedIn URL,First Name,Company\nlinkedin.com/in/Shared-Person-77/?trk=x,Ann,Fabrikam\n',
    );
    expect(again).toMatchObject({ added: 1, alreadyKnown: 1 });

    const rows = await app.database.connection.db
      .select({ id: leads.id, company: leads.company })
      .from(leads)
      .where(eq(leads.profileKey, 'in:shared-person-77'));
    expect(rows).toHaveLength(1);
    // The second file filled in what the first did not know.
    expect(rows[0]).toMatchObject({ company: 'Fabrikam' });
    const [a, b] = await Promise.all([leadsOf(first), leadsOf(second)]);
    expect(a.items[0].lead.id).toBe(b.items[0].lead.id);
  });

  it('answers a clear 400 for uploads that are not usable lead files', async () => {
    const campaignId = await createCampaign();
    const cases: [string, () => ReturnType<typeof upload>, RegExp][] = [
      [
        'no file',
        () =>
          app.http
            .post(`/api/campaigns/${campaignId}/leads/import`)
            .set('authorization', auth())
            .field('note', 'hello'),
        /No file/,
      ],
      [
        'not multipart',
        () =>
          app.http
            .post(`/api/campaigns/${campaignId}/leads/import`)
            .set('authorization', auth())
            .send({ file: 'x' }),
        /multipart/,
      ],
      ['an empty file', () => upload(campaignId, ''), /empty/],
      [
        'binary junk',
        () => upload(campaignId, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3])),
        /binary/,
      ],
      [
        'no URL column',
        () => upload(campaignId, 'First Name,Last Name,Company\nAnn,Lee,Fabrikam\n'),
        /URL column/,
      ],
      [
        'a quote never closed',
        () =>
          upload(
            campaignId,
            'LinkedIn URL,Name\nhttps://www.linkedin.com/in/ann-lee,"Ann\n' + 'x,'.repeat(20_000),
          ),
        /quote/,
      ],
    ];
    for (const [label, send, message] of cases) {
      const response = await send();
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body, label).toMatchObject({ code: 'validation_failed' });
      expect((response.body as { message: string }).message, label).toMatch(message);
    }
    expect((await leadsOf(campaignId)).total).toBe(0);
  });

  it('answers 413 for a file over the limit, whether declared or found while streaming', async () => {
    const campaignId = await createCampaign();
    const row = (index: number) => `https://www.linkedin.com/in/person-${index}-abc,Person\n`;
    const rows = (count: number) =>
      Array.from({ length: count }, (_, index) => row(index)).join('');
    const header = 'LinkedIn URL,First Name\n';

    // Far over: refused from the declared length, before anything is read.
    const huge = await upload(campaignId, header + rows(10_000));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'payload_too_large' });
    expect((huge.body as { message: string }).message).toContain(`${MAX_BYTES} bytes`);

    // Just over: the stream passes the limit while being read.
    const justOver = header + rows(3_000);
    const slightly = justOver.slice(0, MAX_BYTES + 500);
    expect(slightly.length).toBeGreaterThan(MAX_BYTES);
    const streamed = await upload(campaignId, slightly);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toMatchObject({ code: 'payload_too_large' });

    // Nothing of the refused files stayed, and the service still answers.
    expect((await leadsOf(campaignId)).total).toBe(0);
    const fine = await imported(campaignId, header + row(1));
    expect(fine).toMatchObject({ added: 1, alreadyKnown: 0 });
  });

  it('refuses files for campaigns that do not take them', async () => {
    const searchCampaign = await createCampaign({
      source: {
        type: 'search',
        url: 'https://www.linkedin.com/search/results/people/?keywords=cto',
      },
    });
    const response = await upload(
      searchCampaign,
      'LinkedIn URL\nhttps://www.linkedin.com/in/ann\n',
    );
    expect(response.status).toBe(409);
    expect((response.body as { message: string }).message).toMatch(/csv/);
  });

  it('warns about template columns the file lacks and previews with the file columns', async () => {
    const campaignId = await createCampaign({
      noteTemplate: 'Hi {{firstName}}, fellow {{custom.Industry}} person!',
    });
    const report = await imported(
      campaignId,
      'LinkedIn URL,First Name,Industry\nhttps://www.linkedin.com/in/ann-lee-1,Ann,Retail\n' +
        'https://www.linkedin.com/in/bo-chen-2,Bo,\n',
    );
    expect(report.warnings).toEqual([]);

    const preview = await app.http
      .post(`/api/campaigns/${campaignId}/preview`)
      .set('authorization', auth())
      .send({});
    expect(preview.body).toMatchObject({
      leads: [
        { note: { ok: true, text: 'Hi Ann, fellow Retail person!' } },
        { note: { ok: false, skipReason: 'empty_variable', variable: 'custom.Industry' } },
      ],
    });

    const other = await createCampaign({ noteTemplate: 'Hi {{custom.Sector}}' });
    const warned = await imported(other, 'LinkedIn URL\nhttps://www.linkedin.com/in/ann-lee-1\n');
    expect(warned.warnings).toHaveLength(1);
    expect(warned.warnings[0]).toContain('custom.Sector');

    // Once the columns are known, a template naming another one is refused on save.
    const refused = await app.http
      .patch(`/api/campaigns/${campaignId}`)
      .set('authorization', auth())
      .send({ noteTemplate: 'Hi {{custom.Sector}}' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'unprocessable',
      details: { field: 'noteTemplate', reason: 'unknown_column' },
    });
    expect((refused.body as { message: string }).message).toContain('custom.Sector');
  });

  it('leaves spreadsheet formulas and markup out of templates, warns per line, keeps them raw', async () => {
    const campaignId = await createCampaign({
      noteTemplate: 'Hi {{firstName | there}} at {{company | your company}}, {{position}}',
    });
    const report = await imported(
      campaignId,
      'First Name,Last Name,Company,Position,LinkedIn URL\n' +
        '"=HYPERLINK(""http://evil.io"",""x"")",Lee,"-cmd|\' /C calc\'!A0",CTO,' +
        'https://www.linkedin.com/in/formula-ann-1\n' +
        '@SUM(1+1),Chen,-Dash Ventures,- Founder,https://www.linkedin.com/in/formula-bo-2\n' +
        "<script>alert(1)</script>,O'Brien,Acme,@SUM(2),https://www.linkedin.com/in/formula-cy-3\n" +
        "d'Artagnan,Jean-Luc,Acme,Sales,https://www.linkedin.com/in/李四\n",
    );

    expect(report).toMatchObject({ added: 4, rejected: [] });
    expect(report.warnings).toEqual([
      expect.stringMatching(/^line 2: "First Name" looks like a spreadsheet formula/),
      expect.stringMatching(/^line 2: "Company" looks like a spreadsheet formula/),
      expect.stringMatching(/^line 3: "First Name" looks like a spreadsheet formula/),
      expect.stringMatching(/^line 4: "First Name" holds markup/),
      expect.stringMatching(/^line 4: "Position" looks like a spreadsheet formula/),
    ]);

    const preview = await app.http
      .post(`/api/campaigns/${campaignId}/preview`)
      .set('authorization', auth())
      .send({});
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      leads: [
        { note: { ok: true, text: 'Hi there at your company, CTO' } },
        { note: { ok: true, text: 'Hi there at -Dash Ventures, Founder' } },
        { note: { ok: false, skipReason: 'empty_variable', variable: 'position' } },
        { note: { ok: true, text: "Hi d'Artagnan at Acme, Sales" } },
      ],
    });

    const page = await leadsOf(campaignId);
    expect(page.items[0].lead).toMatchObject({
      firstName: null,
      company: null,
      raw: { 'First Name': '=HYPERLINK("http://evil.io","x")', Company: "-cmd|' /C calc'!A0" },
    });
    expect(page.items[2].lead).toMatchObject({
      firstName: null,
      lastName: "O'Brien",
      raw: { 'First Name': '<script>alert(1)</script>' },
    });
    expect(page.items[3].lead).toMatchObject({
      profileUrl: 'https://www.linkedin.com/in/%E6%9D%8E%E5%9B%9B/',
      firstName: "d'Artagnan",
      lastName: 'Jean-Luc',
    });
  });

  it('lets any column of the file be a custom column but those of the lead variables', async () => {
    const campaignId = await createCampaign();
    const report = await imported(
      campaignId,
      'LinkedIn URL,First Name,Notes,Comment\n' +
        'https://www.linkedin.com/in/notes-ann-1,Ann,met at the fair,likes sailing\n',
    );
    expect(report).toMatchObject({ added: 1, warnings: [] });

    const patchNote = (noteTemplate: string) =>
      app.http
        .patch(`/api/campaigns/${campaignId}`)
        .set('authorization', auth())
        .send({ noteTemplate });
    const saved = await patchNote('Hi {{firstName}}, we {{custom.Notes}}; {{custom.Comment}}?');
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const preview = await app.http
      .post(`/api/campaigns/${campaignId}/preview`)
      .set('authorization', auth())
      .send({});
    expect(preview.body).toMatchObject({
      leads: [{ note: { ok: true, text: 'Hi Ann, we met at the fair; likes sailing?' } }],
    });

    const refused = await patchNote('Hi {{custom.First Name}}');
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect((refused.body as { message: string }).message).toContain('write {{firstName}} instead');
  });

  it('imports a row with more cells than the header, warns and keeps the extra cells raw', async () => {
    const campaignId = await createCampaign();
    const report = await imported(
      campaignId,
      'First Name,Last Name,LinkedIn URL,Company\n' +
        'Ann,Lee,https://www.linkedin.com/in/extra-ann-1,Acme,EXTRA,EXTRA2\n',
    );

    expect(report).toMatchObject({ added: 1, rejected: [] });
    expect(report.warnings).toEqual([
      "line 2: the row has 2 cells more than the header's 4 columns; they are not used and are " +
        'kept in raw as _extra1, _extra2',
    ]);
    const page = await leadsOf(campaignId);
    expect(page.items[0].lead).toMatchObject({
      company: 'Acme',
      raw: { Company: 'Acme', _extra1: 'EXTRA', _extra2: 'EXTRA2' },
    });
  });

  it('keeps nothing of an upload whose client goes away mid-way, and logs it', async () => {
    const campaignId = await createCampaign();
    const content = 'LinkedIn URL,First Name\n' + generatedRows(0, 1900);
    expect(content.length).toBeLessThan(MAX_BYTES);
    const warn = vi.spyOn(Logger.prototype, 'warn');

    // Well past the first batch of 1,000 rows when the connection drops.
    await abortedUpload(campaignId, content, Math.floor(content.length * 0.9));

    await vi.waitFor(() => {
      const logged = warn.mock.calls.find(
        ([line]) => (line as { msg?: string }).msg === 'lead upload not received whole',
      );
      expect(logged?.[0]).toMatchObject({ campaignId, reason: 'upload_aborted' });
      expect((logged![0] as { bytesReceived: number }).bytesReceived).toBeGreaterThan(50_000);
      // No lead data in the line.
      expect(JSON.stringify(logged![0])).not.toContain('linkedin.com/in/');
    });
    warn.mockRestore();
    expect((await leadsOf(campaignId)).total).toBe(0);

    const full = await imported(campaignId, content);
    expect(full).toMatchObject({ rows: 1900, added: 1900 });
    expect((await leadsOf(campaignId)).total).toBe(1900);
  });

  it('answers 400 for a form cut off before its closing boundary, keeping nothing', async () => {
    const campaignId = await createCampaign();
    const { body, boundary } = multipart('LinkedIn URL\n' + generatedRows(0, 1500));
    const cut = body.subarray(0, body.length - `\r\n--${boundary}--\r\n`.length);

    const response = await app.http
      .post(`/api/campaigns/${campaignId}/leads/import`)
      .set('authorization', auth())
      .set('content-type', `multipart/form-data; boundary=${boundary}`)
      .send(cut);

    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      details: { reason: 'incomplete_form' },
    });
    expect((response.body as { message: string }).message).toMatch(/closing multipart boundary/);
    expect((await leadsOf(campaignId)).total).toBe(0);
  });

  it('answers 400 for a second file or any other field in the form, keeping nothing', async () => {
    const campaignId = await createCampaign();
    const a = 'LinkedIn URL\n' + generatedRows(0, 3);
    const b = 'LinkedIn URL\n' + generatedRows(100, 3);
    const post = () =>
      app.http.post(`/api/campaigns/${campaignId}/leads/import`).set('authorization', auth());
    const cases: [string, () => ReturnType<typeof post>, RegExp][] = [
      [
        'two files',
        () =>
          post().attach('file', Buffer.from(a), 'a.csv').attach('file', Buffer.from(b), 'b.csv'),
        /one file per request/,
      ],
      [
        'a field after the file',
        () => post().attach('file', Buffer.from(a), 'a.csv').field('campaign', 'x'),
        /field "campaign"/,
      ],
      [
        'a field before the file',
        () => post().field('campaign', 'x').attach('file', Buffer.from(a), 'a.csv'),
        /field "campaign"/,
      ],
      [
        'the file in another field',
        () => post().attach('data', Buffer.from(a), 'a.csv'),
        /in the field "data"/,
      ],
    ];
    for (const [label, send, message] of cases) {
      const response = await send();
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(400);
      expect((response.body as { message: string }).message, label).toMatch(message);
    }
    expect((await leadsOf(campaignId)).total).toBe(0);
  });

  it('warns about two columns for one field and about a file without rows', async () => {
    const campaignId = await createCampaign();
    const twoUrls = await imported(
      campaignId,
      'profileUrl,First Name,profileUrl,Name,Full Name\n' +
        'https://www.linkedin.com/in/ann-lee-1,Ann,https://www.linkedin.com/in/ann-lee-1,A,Ann Lee\n',
    );
    expect(twoUrls.added).toBe(1);
    expect(twoUrls.warnings).toHaveLength(2);
    expect(twoUrls.warnings[0]).toContain('"profileUrl" (column 1), "profileUrl" (column 3)');
    expect(twoUrls.warnings[1]).toMatch(/"Full Name" \(column 5\) is used.*"Name" \(column 4\)/);

    const headerOnly = await imported(await createCampaign(), 'LinkedIn URL,First Name\n');
    expect(headerOnly).toMatchObject({ rows: 0, added: 0 });
    expect(headerOnly.warnings).toContain('the file has a header but no rows');
  });

  it('refuses a template naming a column no imported lead has (422), accepts it before any file', async () => {
    const patchNote = (campaignId: string, noteTemplate: string) =>
      app.http
        .patch(`/api/campaigns/${campaignId}`)
        .set('authorization', auth())
        .send({ noteTemplate });

    const empty = await createCampaign();
    expect((await patchNote(empty, 'Hi {{custom.Nope}}')).status).toBe(200);

    const withLeads = await createCampaign();
    await imported(withLeads, 'LinkedIn URL,First Name\n' + generatedRows(0, 2));
    const refused = await patchNote(withLeads, 'Hi {{custom.Nope}}');
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body).toMatchObject({
      details: { field: 'noteTemplate', reason: 'unknown_column' },
    });
    expect((refused.body as { message: string }).message).toContain('custom.Nope');

    for (const [template, reason] of [
      ['[firstName] hi', 'unresolved_placeholder'],
      ['Hi {{firstName | }}', 'invalid_fallback'],
    ]) {
      const response = await patchNote(withLeads, template);
      expect(response.status, template).toBe(400);
      expect(response.body, template).toMatchObject({ details: { field: 'noteTemplate', reason } });
    }
  });
});
