import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RunningService, startService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import { TcpProxy } from '../support/tcp-proxy';

// Postgres and Redis reached through proxies the test can cut, so an outage is real.
describe('when the database or Redis goes away', () => {
  let database: TestDatabase;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let service: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.url!);
    postgresProxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const redisTarget = new URL(TEST_REDIS_URL);
    redisProxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
    target.host = `127.0.0.1:${await postgresProxy.start()}`;
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-outage-'));

    service = await startService(
      loadConfig({
        PORT: '0',
        INREACH_DATA_DIR: dataDir,
        DATABASE_URL: target.toString(),
        ENCRYPTION_KEY: 'b'.repeat(64),
        REDIS_URL: `redis://127.0.0.1:${await redisProxy.start()}`,
        QUEUE_PREFIX: uniquePrefix('outage'),
        LOG_LEVEL: 'fatal',
      }),
    );
  });
  afterAll(async () => {
    await service.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within a second, never a hang', async () => {
    const http = request(service.url!);
    const key = `Bearer ${service.adminKey}`;
    expect((await http.get('/api/accounts').set('authorization', key)).status).toBe(200);

    await redisProxy.cut();
    let started = Date.now();
    const redisDown = await http.get('/health');
    expect(redisDown.status).toBe(503);
    expect(redisDown.body).toMatchObject({ redis: { ok: false }, database: { ok: true } });
    expect(Date.now() - started).toBeLessThan(1_500);

    started = Date.now();
    const statsWithoutRedis = await http.get('/api/jobs/stats/queue').set('authorization', key);
    expect([200, 503]).toContain(statsWithoutRedis.status);
    expect(Date.now() - started).toBeLessThan(1_500);

    await postgresProxy.cut();
    started = Date.now();
    const databaseDown = await http.get('/api/accounts').set('authorization', key);
    expect(databaseDown.status).toBe(503);
    expect(databaseDown.body).toMatchObject({ code: 'service_unavailable' });
    expect(Date.now() - started).toBeLessThan(1_500);

    started = Date.now();
    const bothDown = await http.get('/health');
    expect(bothDown.status).toBe(503);
    expect(bothDown.body).toMatchObject({ database: { ok: false }, redis: { ok: false } });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('heals by itself once both are back', async () => {
    const http = request(service.url!);
    await postgresProxy.start(postgresProxy.port);
    await redisProxy.start(redisProxy.port);

    await expect
      .poll(async () => (await http.get('/health')).status, { timeout: 15_000, interval: 250 })
      .toBe(200);
    const accounts = await http
      .get('/api/accounts')
      .set('authorization', `Bearer ${service.adminKey}`);
    expect(accounts.status).toBe(200);
  });
});
