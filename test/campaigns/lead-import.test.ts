import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

  beforeAll(async () => {
    app = await startTestService(kind, { LEAD_IMPORT_MAX_BYTES: String(MAX_BYTES) });
    alice = await app.createUser('alice@example.com');
    const account = await app.http
      .post('/api/accounts')
      .set('authorization', auth())
      .send({ label: 'Sales', liAt: 'AQEDAR-test-cookie-value-1234567890' });
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

    expect((streamed.body as { message: string }).message).toContain('nothing from this file');

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
    expect(refused.status).toBe(400);
    expect((refused.body as { message: string }).message).toContain('noteTemplate');
  });
});
