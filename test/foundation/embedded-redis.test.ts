import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EmbeddedRedis } from '../../src/redis/embedded-redis';
import { isAlive } from '../support/process';

describe('the private redis-server', () => {
  let dataDir: string;
  let redis: EmbeddedRedis;
  const logged: { message: string; level: string }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-redis-'));
    redis = new EmbeddedRedis({
      dataDir,
      serverPath: 'redis-server',
      log: (message, _fields, level = 'info') => logged.push({ message, level }),
    });
    await redis.start();
  });
  afterAll(async () => {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes back on the same port with its data when it dies, and clients reconnect', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    await client.set('kept', 'across a crash');
    const firstPid = redis.pid!;
    const url = redis.url;

    process.kill(firstPid, 'SIGKILL');
    await expect
      .poll(() => redis.pid !== firstPid && redis.pid !== null && isAlive(redis.pid), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(redis.url).toBe(url);
    await expect
      .poll(() => client.get('kept').catch(() => null), { timeout: 20_000 })
      .toBe('across a crash');
    client.disconnect();
    expect(logged).toContainEqual({
      message: 'private redis-server died; starting it again',
      level: 'warn',
    });
  });

  it('stops for good when the service stops it', async () => {
    const pid = redis.pid!;
    await redis.stop();
    expect(isAlive(pid)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(redis.pid).toBeNull();
    expect(readFileSync(join(dataDir, 'redis', 'redis.log'), 'utf8')).toContain('Received SIGTERM');
  });
});
