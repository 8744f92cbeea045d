import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { DatabaseConnection, openPglite, openPostgres } from '../../src/database/database';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  connection: DatabaseConnection;
  /** The URL of the fresh Postgres database, for tests that start more processes. */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the test Postgres server. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const connection = await openPglite();
    await connection.migrate();
    return { connection, url: null, drop: () => connection.close() };
  }

  const name = `inreach_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const connection = openPostgres({ url: url.toString(), poolSize: 5 });
  await connection.migrate();
  return {
    connection,
    url: url.toString(),
    drop: async () => {
      await connection.close();
      await withAdminClient((client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniquePrefix(label: string): string {
  return `t_${label}_${randomBytes(4).toString('hex')}`;
}
