import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Job } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RunningService, startService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { QueueService } from '../../src/queues/queue.service';
import { WorkerService } from '../../src/queues/worker.service';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import { waitFor } from '../support/queue-harness';
import { TcpProxy } from '../support/tcp-proxy';

interface Health {
  status: string;
  workers: { ok: boolean; workers: { queue: string; state: string }[] };
}

// Redis reached through a proxy the test cuts, so the outage is real for every connection.
describe('workers and the jobs API when Redis goes away and comes back', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let dataDir: string;
  let http: ReturnType<typeof request>;
  let campaignId: string;
  const key = () => `Bearer ${service.adminKey}`;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(TEST_REDIS_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-redis-outage-'));
    service = await startService(
      loadConfig({
        PORT: '0',
        INREACH_DATA_DIR: dataDir,
        DATABASE_URL: database.url!,
        ENCRYPTION_KEY: 'c'.repeat(64),
        REDIS_URL: `redis://127.0.0.1:${await proxy.start()}`,
        QUEUE_PREFIX: uniquePrefix('redis_outage'),
        LOG_LEVEL: 'fatal',
      }),
      { database: database.connection },
    );
    http = request(service.url!);
    await service.app.get(WorkerService).pause('follow-requests');

    const account = await http
      .post('/api/accounts')
      .set('authorization', key())
      .send({ label: 'Sales', liAt: 'AQEDAR-test-cookie-value-1234567890' });
    const campaign = await http
      .post('/api/campaigns')
      .set('authorization', key())
      .send({
        name: 'Growth',
        accountId: (account.body as { id: string }).id,
        source: {
          type: 'search',
          url: 'https://www.linkedin.com/search/results/people/?keywords=growth',
        },
        status: 'active',
      });
    campaignId = (campaign.body as { id: string }).id;
  });
  afterAll(async () => {
    await service.stop();
    await proxy.cut();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within a second and shows the workers disconnected', async () => {
    expect((await http.get('/health')).status).toBe(200);
    await proxy.cut();

    const started = Date.now();
    const refused = await http
      .post('/api/jobs/follow-request')
      .set('authorization', key())
      .send({ campaignId, importLimit: 5 });
    const elapsed = Date.now() - started;
    const health = await waitFor(async () => {
      const response = await http.get('/health');
      const body = response.body as Health;
      const down = body.workers.workers.some((worker) => worker.state === 'disconnected');
      return down ? { status: response.status, body } : undefined;
    });

    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'service_unavailable' });
    expect(elapsed).toBeLessThan(1_000);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', workers: { ok: false } });
    const history = await http.get('/api/jobs/waiting').set('authorization', key());
    expect(history.body).toMatchObject({ total: 0 });
  });

  it('reconnects by itself: health is back to 200 and the workers take jobs again', async () => {
    await proxy.start(proxy.port);

    const health = await waitFor(
      async () => {
        const response = await http.get('/health');
        return response.status === 200 ? (response.body as Health) : undefined;
      },
      30_000,
      'health to recover',
    );
    const queued = await http
      .post('/api/jobs/follow-request')
      .set('authorization', key())
      .send({ campaignId, importLimit: 5 });
    const maintenance = service.app.get(QueueService).queue('maintenance');
    const job = await maintenance.add('process-pending-jobs', {});
    const state = await waitFor(async () => {
      const current = await (await Job.fromId(maintenance, job.id!))?.getState();
      return current === 'completed' ? current : undefined;
    });

    expect(health.workers.workers.map((worker) => worker.state).sort()).toEqual([
      'paused',
      'running',
    ]);
    expect(queued.status).toBe(201);
    expect(state).toBe('completed');
  });
});
