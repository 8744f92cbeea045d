import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';

describe('the encryption key', () => {
  let database: TestDatabase;
  let dataDir: string;
  const configWith = (key: string) =>
    loadConfig({
      PORT: '0',
      INREACH_DATA_DIR: dataDir,
      DATABASE_URL: database.url!,
      ENCRYPTION_KEY: key,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: uniquePrefix('key'),
      LOG_LEVEL: 'fatal',
    });

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-key-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('must be the one the stored secrets were written with, or the start stops saying so', async () => {
    const first = await startService(configWith('1'.repeat(64)));
    const created = await fetch(`${first.url}/api/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Sales', liAt: 'AQEDAR-cookie-0123456789' }),
    });
    expect(created.status).toBe(201);
    await first.stop();

    await expect(startService(configWith('2'.repeat(64)))).rejects.toThrow(
      /do not decrypt with ENCRYPTION_KEY/,
    );

    const again = await startService(configWith('1'.repeat(64)));
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    await again.stop();
  });
});
