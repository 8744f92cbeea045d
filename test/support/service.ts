import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';

import { RunningService, startService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import {
  createTestDatabase,
  DatabaseKind,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from './databases';

export interface TestService {
  service: RunningService;
  database: TestDatabase;
  adminKey: string;
  http: ReturnType<typeof request>;
  /** Creates a user through the API and returns its key. */
  createUser(email?: string): Promise<{ id: string; key: string }>;
  stop(): Promise<void>;
}

/**
 * The whole service in this process, on a fresh database of the given kind, the test Redis
 * with a unique queue prefix, and a free port.
 */
export async function startTestService(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inreach-test-'));
  const database = await createTestDatabase(kind);
  const config = loadConfig({
    PORT: '0',
    INREACH_DATA_DIR: dataDir,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniquePrefix('q'),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...(database.url ? { ENCRYPTION_KEY: 'a'.repeat(64) } : {}),
    ...env,
  });
  const service = await startService(config, { database: database.connection });
  const adminKey = service.adminKey!;
  const http = request(service.url!);
  let users = 0;

  return {
    service,
    database,
    adminKey,
    http,
    async createUser(email = `user${++users}@example.com`) {
      const response = await http
        .post('/api/users')
        .set('authorization', `Bearer ${adminKey}`)
        .send({ email });
      if (response.status !== 201)
        throw new Error(`user not created: ${JSON.stringify(response.body)}`);
      const body = response.body as { id: string; apiKey: string };
      return { id: body.id, key: body.apiKey };
    },
    async stop() {
      await service.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
