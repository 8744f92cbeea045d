import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isAlive, runCli, waitForServiceUrl } from '../support/process';
import {
  lastLine,
  redisPidFromLog,
  redisSettings,
  stopLeftovers,
  runCliWith,
  PROCESS_TEST_TIMEOUT_MS,
  START_TIMEOUT_MS,
} from './support/processes';

const modeOf = (path: string) => statSync(path).mode & 0o777;

// The embedded defaults end to end: a real process, PGlite on disk, a private redis-server.
describe(
  'the service as a process on embedded defaults',
  { timeout: PROCESS_TEST_TIMEOUT_MS },
  () => {
    let dataDir: string;
    const env = () => ({ INREACH_DATA_DIR: dataDir, PORT: '0' });
    const folders: string[] = [];
    const startedPids: number[] = [];
    const serve = (extra: Record<string, string> = {}, detached = false) => {
      const run = runCliWith([], { ...env(), ...extra }, { detached });
      startedPids.push(run.child.pid!);
      return run;
    };
    const newFolder = () => {
      const folder = mkdtempSync(join(tmpdir(), 'inreach-process-'));
      folders.push(folder);
      return folder;
    };

    beforeAll(() => {
      dataDir = newFolder();
    });
    afterAll(async () => {
      // A failed test may leave its service running; it must not outlive the suite.
      await stopLeftovers(startedPids, folders);
      folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
    });

    it('starts healthy on PGlite and a private loopback Redis, logs JSON, and stops on SIGTERM', async () => {
      const run = serve();
      const url = await waitForServiceUrl(dataDir, run, START_TIMEOUT_MS);

      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: { ok: true }, redis: { ok: true } });
      expect(existsSync(join(dataDir, 'db', 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      expect(await redisSettings(redisPid)).toMatchObject({
        host: '127.0.0.1',
        bind: '127.0.0.1',
        appendonly: 'yes',
        dir: join(dataDir, 'redis'),
      });

      for (const file of ['admin-key', 'secret.key', 'service.json', 'inreach.lock']) {
        expect(modeOf(join(dataDir, file)), file).toBe(0o600);
      }
      const adminKey = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
      expect(run.output()).toContain(`Its API key, shown once (also in ${dataDir}/admin-key):`);
      expect(run.output()).toContain(adminKey);
      const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(await me.json()).toMatchObject({ isAdmin: true });

      // Not a terminal, so the logs are JSON lines, each with the class that wrote it.
      const logLines = run
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { context?: string; msg: string });
      expect(logLines.length).toBeGreaterThan(3);
      expect(logLines.every((line) => typeof line.context === 'string')).toBe(true);
      expect(logLines).toContainEqual(
        expect.objectContaining({ context: 'Service', msg: 'Inreach is running' }),
      );

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(isAlive(redisPid)).toBe(false);
      expect(existsSync(join(dataDir, 'inreach.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'service.json'))).toBe(false);
    });

    it('creates users through the running service, without the admin key file', async () => {
      const run = serve();
      const url = await waitForServiceUrl(dataDir, run, START_TIMEOUT_MS);
      // The admin may have moved the key away after the first start; the command must not need it.
      renameSync(join(dataDir, 'admin-key'), join(dataDir, 'admin-key.saved'));

      const create = runCliWith(['users', 'create', '--email', 'live@example.com'], env(), {});
      expect(await create.exited).toBe(0);
      expect(create.output()).toContain('through the running service');
      const createAdmin = runCliWith(
        ['users', 'create', '--email', 'live-admin@example.com', '--admin'],
        env(),
        {},
      );
      expect(await createAdmin.exited).toBe(0);

      for (const [command, expected] of [
        [create, { email: 'live@example.com', isAdmin: false }],
        [createAdmin, { email: 'live-admin@example.com', isAdmin: true }],
      ] as const) {
        const key = lastLine(command.stdout());
        const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${key}` } });
        expect(await me.json()).toMatchObject(expected);
      }

      const duplicate = runCliWith(['users', 'create', '--email', 'live@example.com'], env(), {});
      expect(await duplicate.exited).toBe(1);
      expect(duplicate.output()).toMatch(/already exists/);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      renameSync(join(dataDir, 'admin-key.saved'), join(dataDir, 'admin-key'));
    });

    it('refuses a second service on the same data folder, naming the one that holds it', async () => {
      const first = serve();
      const url = await waitForServiceUrl(dataDir, first, START_TIMEOUT_MS);

      const second = serve();
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(
        new RegExp(`Another Inreach service \\(pid ${first.child.pid}.*INREACH_DATA_DIR`),
      );
      // The first one goes on, untouched.
      expect((await fetch(`${url}/health`)).status).toBe(200);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    });

    it('creates users with the service stopped, and keeps data across restarts', async () => {
      const create = runCliWith(
        ['users', 'create', '--email', 'offline@example.com', '--admin'],
        env(),
        {},
      );
      expect(await create.exited).toBe(0);
      const key = lastLine(create.stdout());
      expect(key).toMatch(/^inr_/);

      const run = serve();
      const url = await waitForServiceUrl(dataDir, run, START_TIMEOUT_MS);
      for (const email of ['offline@example.com', 'live@example.com']) {
        const users = await fetch(`${url}/api/users`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(await users.json()).toContainEqual(expect.objectContaining({ email }));
      }
      expect(run.output()).not.toContain('Created the admin user');
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
    });

    it('keeps its Redis up until it has stopped when Ctrl-C reaches the whole process group', async () => {
      const run = serve({}, true);
      await waitForServiceUrl(dataDir, run, START_TIMEOUT_MS);
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));

      process.kill(-run.child.pid!, 'SIGINT');
      expect(await run.exited).toBe(0);
      expect(isAlive(redisPid)).toBe(false);

      // redis-server logs the signal that stopped it: the service's SIGTERM, not the terminal's.
      const redisLog = readFileSync(join(dataDir, 'redis', 'redis.log'), 'utf8');
      expect(redisLog).toContain('Received SIGTERM');
      expect(redisLog).not.toContain('Received SIGINT');
    });

    it('names a taken port before it creates anything', async () => {
      const folder = newFolder();
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        const run = runCli([], { INREACH_DATA_DIR: folder, PORT: String(port) });
        expect(await run.exited).toBe(1);
        expect(run.output()).toMatch(
          new RegExp(`Port ${port} on 127.0.0.1 is already in use.*PORT`),
        );
        for (const made of ['db', 'redis', 'admin-key', 'secret.key', 'inreach.lock']) {
          expect(existsSync(join(folder, made)), made).toBe(false);
        }
      } finally {
        blocker.close();
      }
    });

    it('stops its private Redis when the start fails after it', async () => {
      const folder = newFolder();
      const run = runCli([], {
        INREACH_DATA_DIR: folder,
        PORT: '0',
        // Nothing listens on port 1: the database start fails once Redis runs.
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/inreach',
        ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      });
      expect(await run.exited).toBe(1);
      expect(isAlive(redisPidFromLog(folder))).toBe(false);
      expect(existsSync(join(folder, 'inreach.lock'))).toBe(false);
    });

    it('says how to get redis-server when it is missing', async () => {
      const folder = newFolder();
      const run = runCli([], {
        INREACH_DATA_DIR: folder,
        PORT: '0',
        REDIS_SERVER_PATH: '/nowhere/redis-server',
      });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/REDIS_SERVER_PATH=\/nowhere\/redis-server does not exist/);
      expect(run.output()).toMatch(/REDIS_URL/);
    });

    it('stops at start on a bad value, naming the variable', async () => {
      const run = runCli([], { ...env(), PORT: 'eighty' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/PORT="eighty": expected a port number/);
    });

    it('refuses a split process mode on the embedded database', async () => {
      const run = runCli(['--mode', 'worker'], { ...env(), REDIS_URL: 'redis://127.0.0.1:6379' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/DATABASE_URL.*PGlite/s);
    });

    it('reads .env from the working folder, where the shell still wins', async () => {
      const folder = newFolder();
      writeFileSync(
        join(folder, '.env'),
        `INREACH_DATA_DIR=${join(folder, 'from-dotenv')}\nLOG_LEVEL=loud\n`,
      );

      const shellWins = runCliWith(
        ['users', 'create', '--email', 'dotenv@example.com'],
        { LOG_LEVEL: 'warn' },
        { cwd: folder },
      );
      expect(await shellWins.exited).toBe(0);
      expect(existsSync(join(folder, 'from-dotenv', 'db', 'PG_VERSION'))).toBe(true);

      const fileRead = runCliWith(
        ['users', 'create', '--email', 'x@example.com'],
        {},
        { cwd: folder },
      );
      expect(await fileRead.exited).toBe(1);
      expect(fileRead.output()).toMatch(/LOG_LEVEL="loud": expected/);
    });
  },
);
