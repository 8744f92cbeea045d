import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RunningService, startService } from '../../src/app/service';
import { APP_CONFIG, AppConfig, loadConfig } from '../../src/config/config';
import { openPostgres } from '../../src/database/database';
import { startTestService, TestService } from '../support/service';

// A second API process on the same Postgres and Redis, as a deployment with several runs.
describe('two API processes on one Postgres', () => {
  let first: TestService;
  let second: RunningService;
  let dataDir: string;
  const logLines: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    first = await startTestService('postgres');
    const shared = first.service.app.get<AppConfig>(APP_CONFIG);
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-test-'));
    const config = loadConfig({
      PORT: '0',
      INREACH_MODE: 'api',
      INREACH_DATA_DIR: dataDir,
      DATABASE_URL: first.database.url!,
      REDIS_URL: first.service.redisUrl,
      QUEUE_PREFIX: shared.QUEUE_PREFIX,
      ENCRYPTION_KEY: 'a'.repeat(64),
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
    });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    second = await startService(config, {
      database: openPostgres({ url: first.database.url!, poolSize: 2 }),
      logDestination: destination,
    });
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await second.stop();
    await second.database.close();
    await first.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('disconnects a feed client of one process when its key is revoked through the other', async () => {
    const alice = await first.createUser('alice@example.com');
    const created = await first.http
      .post('/api/keys')
      .set('authorization', `Bearer ${alice.key}`)
      .send({ name: 'feed' });
    const { id, apiKey } = created.body as { id: string; apiKey: string };
    const socket = io(second.url!, {
      auth: { token: apiKey },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('ready', resolve));
    const told = new Promise<{ message: string }>((resolve) => socket.once('error', resolve));
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));

    const revokedAt = Date.now();
    await first.http
      .delete(`/api/keys/${id}`)
      .set('authorization', `Bearer ${alice.key}`)
      .expect(204);

    expect(await told).toMatchObject({ message: 'The API key was revoked.' });
    await gone;
    expect(Date.now() - revokedAt).toBeLessThan(3_000);
  });

  it('logs a failed query with its SQL and error code, never its parameters', async () => {
    const bob = await first.createUser('bob@example.com');
    const secretName = 'PARAM-VALUE-never-logged';
    const admin = new Client({ connectionString: first.database.url! });
    await admin.connect();
    await admin.query('alter table api_keys rename column name to name_moved');
    await admin.end();
    logLines.length = 0;

    const response = await request(second.url!)
      .post('/api/keys')
      .set('authorization', `Bearer ${bob.key}`)
      .send({ name: secretName });

    expect(response.status).toBe(500);
    const failed = logLines.filter((line) => line.includes('Failed query'));
    expect(failed.length).toBeGreaterThan(0);
    const text = logLines.join('\n');
    expect(text).toContain('insert into \\"api_keys\\"');
    expect(text).toContain('"code":"42703"');
    expect(text).not.toContain(secretName);
    expect(text).not.toContain('params');
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toContain(bob.id);
  });
});
