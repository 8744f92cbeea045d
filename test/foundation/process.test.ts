import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isAlive, runCli, waitForServiceUrl } from '../support/process';

// The embedded defaults end to end: a real process, PGlite on disk, a private redis-server.
describe('the service as a process on embedded defaults', () => {
  let dataDir: string;
  const env = () => ({ INREACH_DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'json' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-process-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts healthy, creates the admin once, and stops cleanly on SIGTERM', async () => {
    const run = runCli([], env());
    const url = await waitForServiceUrl(dataDir, run);

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);

    const keyFile = join(dataDir, 'admin-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const adminKey = readFileSync(keyFile, 'utf8').trim();
    expect(run.output()).toContain(adminKey);
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(await me.json()).toMatchObject({ isAdmin: true });

    // Creating a user while the service runs goes through the service.
    const create = runCli(['users', 'create', '--email', 'live@example.com'], env());
    expect(await create.exited).toBe(0);
    const liveKey = create.output().trim().split('\n').pop()!;
    const liveMe = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${liveKey}` },
    });
    expect(await liveMe.json()).toMatchObject({ email: 'live@example.com', isAdmin: false });

    const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(isAlive(redisPid)).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(isAlive(redisPid)).toBe(false);
  });

  it('creates users with the service stopped, and keeps data across restarts', async () => {
    const create = runCli(['users', 'create', '--email', 'offline@example.com', '--admin'], env());
    expect(await create.exited).toBe(0);
    const key = create.output().trim().split('\n').pop()!;
    expect(key).toMatch(/^inr_/);

    const run = runCli([], env());
    const url = await waitForServiceUrl(dataDir, run);
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ email: 'offline@example.com', isAdmin: true });
    expect(run.output()).not.toContain('Created the admin user');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('stops at start on a bad value, naming the variable', async () => {
    const run = runCli([], { ...env(), PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT="eighty": expected/);
  });

  it('refuses a split process mode on the embedded database', async () => {
    const run = runCli(['--mode', 'worker'], { ...env(), REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/DATABASE_URL.*PGlite/s);
  });
});
