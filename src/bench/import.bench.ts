// Imports a generated 100,000-row lead file through the import service into PGlite and into
// Postgres (TEST_DATABASE_URL), printing rows per second and the peak extra memory of each.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { Client } from 'pg';

import { openPglite, openPostgres, type DatabaseConnection } from '../database/database';
import { campaignLeads, campaigns, linkedinAccounts, users } from '../database/schema';
import { LeadImportService } from '../leads/lead-import.service';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FIRST_NAMES = ['Maren', 'Idris', 'Katarzyna', 'Tobias', 'Aiko', 'Sofia', 'Jean-Luc', 'Zoë'];
const LAST_NAMES = ['Holtby', 'Okafor', 'Wróbel', 'Lindqvist', 'Nakamura', 'Marchetti', 'Moreau'];
const COMPANIES = ['Northwind Traders', 'Contoso, Ltd.', 'Fabrikam', 'Tailspin Toys', 'Litware'];

interface BenchResult {
  database: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function writeLeadFile(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('LinkedIn URL,First Name,Last Name,Company,Position,Location\n');
  for (let index = 0; index < rows; index++) {
    const first = FIRST_NAMES[index % FIRST_NAMES.length];
    const last = LAST_NAMES[index % LAST_NAMES.length];
    const company = COMPANIES[index % COMPANIES.length];
    const line =
      `https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}-${index.toString(36)}/,` +
      `${first},${last},"${company}",Head of Sales,"Berlin, Germany"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return out.bytesWritten;
}

/** Samples RSS and heap while `work` runs; reports the largest rise over the start. */
async function measure(
  work: () => Promise<void>,
): Promise<{ seconds: number; rss: number; heap: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  const began = process.hrtime.bigint();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  return { seconds, rss: peakRss - start.rss, heap: peakHeap - start.heapUsed };
}

async function run(
  database: string,
  connection: DatabaseConnection,
  file: string,
): Promise<BenchResult> {
  await connection.migrate();
  const db = connection.db;
  const [user] = await db
    .insert(users)
    .values({ email: `bench-${randomBytes(4).toString('hex')}@example.com` })
    .returning();
  const [account] = await db
    .insert(linkedinAccounts)
    .values({
      userId: user.id,
      label: 'bench',
      loginMethod: 'cookie',
      credentialsEncrypted: 'not-used-by-the-bench',
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    })
    .returning();
  const [campaign] = await db
    .insert(campaigns)
    .values({
      userId: user.id,
      accountId: account.id,
      name: 'bench',
      sourceType: 'csv',
      source: { type: 'csv' },
    })
    .returning();

  const importer = new LeadImportService(db);
  let added = 0;
  const measured = await measure(async () => {
    const report = await importer.importCsv(campaign, createReadStream(file), {
      maxBytes: 100 * 1024 * 1024,
      maxRows: ROWS,
    });
    added = report.added;
  });

  const [stored] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(campaignLeads)
    .where(eq(campaignLeads.campaignId, campaign.id));
  if (added !== ROWS || stored.count !== ROWS) {
    throw new Error(
      `${database}: expected ${ROWS} leads, the report says ${added}, the table holds ${stored.count}`,
    );
  }
  return {
    database,
    rows: ROWS,
    seconds: round(measured.seconds),
    rowsPerSecond: Math.round(ROWS / measured.seconds),
    peakRssMb: round(measured.rss / 2 ** 20),
    peakHeapMb: round(measured.heap / 2 ** 20),
  };
}

async function withPostgres<T>(work: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
  const name = `inreach_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const connection = openPostgres({ url: url.toString(), poolSize: 4 });
  try {
    return await work(connection);
  } finally {
    await connection.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const folder = mkdtempSync(join(tmpdir(), 'inreach-import-bench-'));
  const file = join(folder, 'leads.csv');
  try {
    const bytes = await writeLeadFile(file, ROWS);
    console.log(`lead file: ${ROWS} rows, ${round(bytes / 2 ** 20)} MB`);

    const results: BenchResult[] = [];
    const pglite = await openPglite();
    try {
      results.push(await run('pglite', pglite, file));
    } finally {
      await pglite.close();
    }
    results.push(await withPostgres((connection) => run('postgres', connection, file)));

    console.table(results);
    for (const result of results) {
      const fast = result.seconds < 10 ? 'ok' : 'SLOW';
      const lean = result.peakRssMb < 150 ? 'ok' : 'HEAVY';
      console.log(`${result.database}: time ${fast} (aim < 10 s), memory ${lean} (aim < 150 MB)`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
