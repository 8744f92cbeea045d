import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';

import { projectRoot } from '../common/paths';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseConnection {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const DATABASE = Symbol('DATABASE');
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

const migrationsFolder = join(projectRoot(), 'drizzle');

// Any fixed number works; every Inreach process must use the same one.
const MIGRATION_LOCK_ID = 0x1e7ac4;

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

/** Opens Postgres through a pool whose waits fail fast, so a dead server answers 503, not a hang. */
export function openPostgres({ url, poolSize = 10 }: PostgresOptions): DatabaseConnection {
  const pool = new Pool({
    connectionString: withLibpqSslModes(url),
    max: poolSize,
    connectionTimeoutMillis: 1_000,
    query_timeout: 30_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;

  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        // TODO: behind a transaction-mode pooler (Supabase's port 6543) lock and unlock may reach
        // different backends; migrations need a session connection (port 5432) until handled.
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        try {
          await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens the embedded database; `folder` undefined keeps it in memory (tests). */
export async function openPglite(folder?: string): Promise<DatabaseConnection> {
  if (folder) mkdirSync(folder, { recursive: true });
  const client = folder ? await PGlite.create(folder) : await PGlite.create();
  const db = drizzlePglite(client, { schema }) as unknown as Database;

  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    close: () => client.close(),
  };
}

/**
 * URLs copied from Supabase or psql mean sslmode as libpq does (`require`: encrypt, do not
 * check the certificate); node-postgres reads them as verify-full unless told otherwise.
 */
export function withLibpqSslModes(url: string): string {
  // TODO: sslmode=prefer against a server without TLS fails here; libpq would fall back to plain.
  const parsed = new URL(url);
  if (!parsed.searchParams.has('sslmode') || parsed.searchParams.has('uselibpqcompat')) return url;
  parsed.searchParams.set('uselibpqcompat', 'true');
  return parsed.toString();
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function selectRows<T>(db: Pick<Database, 'execute'>, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
