import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { openPostgres, pingDatabase } from '../../src/database/database';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import { selfSignedCertificate, TlsPostgresProxy } from './support/tls-postgres-proxy';

// A Postgres behind TLS with a certificate from a private CA, as Supabase serves it.
describe('DATABASE_URL with sslmode, as Supabase hands it out', () => {
  let database: TestDatabase;
  let proxy: TlsPostgresProxy;
  let certFile: string;
  let urlThroughTls: (query: string) => string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.url!);
    const certificate = selfSignedCertificate();
    certFile = certificate.certFile;
    proxy = new TlsPostgresProxy(
      { host: target.hostname, port: Number(target.port || 5432) },
      certificate,
    );
    const port = await proxy.start();
    urlThroughTls = (query) => {
      const url = new URL(database.url!);
      url.host = `127.0.0.1:${port}`;
      url.search = query;
      return url.toString();
    };
  });
  afterAll(async () => {
    await proxy.stop();
    await database.drop();
  });

  it('encrypts without checking the certificate on sslmode=require, as psql does', async () => {
    const connection = openPostgres({ url: urlThroughTls('?sslmode=require'), poolSize: 1 });
    try {
      const before = proxy.tlsSessions;
      await pingDatabase(connection.db);
      expect(proxy.tlsSessions).toBe(before + 1);
      expect(proxy.plainSessions).toBe(0);
    } finally {
      await connection.close();
    }
  });

  it('checks the certificate on sslmode=verify-full, and trusts the CA given in sslrootcert', async () => {
    const unverified = openPostgres({ url: urlThroughTls('?sslmode=verify-full'), poolSize: 1 });
    const refused = await pingDatabase(unverified.db).then(
      () => null,
      (error: Error) => error,
    );
    await unverified.close();
    expect(String((refused?.cause as Error | undefined)?.message)).toMatch(/self[- ]signed/i);

    const query = `?sslmode=verify-full&sslrootcert=${encodeURIComponent(certFile)}`;
    const verified = openPostgres({ url: urlThroughTls(query), poolSize: 1 });
    await pingDatabase(verified.db);
    await verified.close();
  });

  it('starts the whole service on such a URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inreach-ssl-'));
    const service = await startService(
      loadConfig({
        PORT: '0',
        INREACH_DATA_DIR: dataDir,
        DATABASE_URL: urlThroughTls('?sslmode=require'),
        ENCRYPTION_KEY: 'c'.repeat(64),
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: uniquePrefix('ssl'),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      }),
    );
    try {
      const health = await fetch(`${service.url}/health`);
      expect(health.status).toBe(200);
      expect(proxy.plainSessions).toBe(0);
    } finally {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
