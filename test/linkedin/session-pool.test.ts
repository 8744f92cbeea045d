import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { BrowserUnavailableError } from '../../src/linkedin/errors';
import { findMarkedBrowsers } from '../../src/linkedin/session/orphan-browsers';
import {
  SessionPool,
  type ContextSetup,
  type SessionPoolOptions,
} from '../../src/linkedin/session/session-pool';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';

const DIRECT: () => ContextSetup = () => ({ loginKey: 'login-1', proxy: null, storageState: null });

/** Live (not zombie) processes whose process group is `groupId`. */
function liveProcessesOfGroup(groupId: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // fields after the command name in parentheses: state, ppid, pgrp, ...
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === groupId && state !== 'Z' && state !== 'X') found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

// A killed process takes a moment to exit; what is still alive after that is left behind.
async function settledGroup(groupId: number): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  let live = liveProcessesOfGroup(groupId);
  while (live.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    live = liveProcessesOfGroup(groupId);
  }
  return live;
}

function isLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('the session pool', () => {
  let simulator: SimulatorHandle;
  let dataDir: string;
  const pools: SessionPool[] = [];
  let clock = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-pool-'));
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  afterAll(async () => {
    await simulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function pool(options: Partial<SessionPoolOptions> = {}): SessionPool {
    clock = 1_000_000;
    const created = new SessionPool({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      dataDir,
      maxContexts: 3,
      contextMaxJobs: 5,
      contextMaxAgeMs: 3_600_000,
      contextIdleMs: 600_000,
      closeTimeoutMs: 3_000,
      now: () => clock,
      ...options,
    });
    created.start();
    pools.push(created);
    return created;
  }

  it('lends each account its own context and reuses it for the next job', async () => {
    const sessions = pool();

    const first = await sessions.acquire('alice', DIRECT);
    await first.page.goto(`${simulator.baseUrl}/login`);
    await first.context.addCookies([{ name: 'marker', value: 'alice', url: simulator.baseUrl }]);
    sessions.markChecked(first);
    await sessions.release(first);
    const other = await sessions.acquire('bob', DIRECT);
    const again = await sessions.acquire('alice', DIRECT);

    expect(first.fresh).toBe(true);
    expect(again.context).toBe(first.context);
    expect(again.fresh).toBe(false);
    expect(other.context).not.toBe(first.context);
    expect(await other.context.cookies(simulator.baseUrl)).toEqual([]);
    expect(sessions.stats()).toMatchObject({ contexts: 2, busy: 2, launches: 1 });
  });

  it('opens a new context once the account has new credentials, and closes the old one', async () => {
    const sessions = pool();
    const first = await sessions.acquire('alice', DIRECT);
    sessions.markChecked(first);
    await sessions.release(first);

    const renewed = await sessions.acquire('alice', () => ({ ...DIRECT(), loginKey: 'login-2' }));

    expect(renewed.context).not.toBe(first.context);
    expect(renewed.fresh).toBe(true);
    expect(first.page.isClosed()).toBe(true);
    expect(sessions.stats()).toMatchObject({ contexts: 1 });
  });

  it('recycles a context after CONTEXT_MAX_JOBS jobs and after its maximum age', async () => {
    const sessions = pool({ contextMaxJobs: 2, contextMaxAgeMs: 60_000 });

    const first = await sessions.acquire('alice', DIRECT);
    await sessions.release(first);
    const second = await sessions.acquire('alice', DIRECT);
    await sessions.release(second);
    const third = await sessions.acquire('alice', DIRECT);
    await sessions.release(third);
    clock += 61_000;
    const fourth = await sessions.acquire('alice', DIRECT);

    expect(second.context).toBe(first.context);
    expect(third.context).not.toBe(first.context);
    expect(fourth.context).not.toBe(third.context);
    expect(sessions.stats().recycled).toBe(2);
  });

  it('closes idle contexts, then the browser itself', async () => {
    const sessions = pool({ contextIdleMs: 5_000 });
    const lent = await sessions.acquire('alice', DIRECT);
    const [browserPid] = sessions.browserPids();
    await sessions.release(lent);

    await sessions.closeIdle();
    expect(sessions.stats()).toMatchObject({ contexts: 1, browserRunning: true });
    clock += 5_001;
    await sessions.closeIdle();

    expect(sessions.stats()).toMatchObject({ contexts: 0, browserRunning: false });
    expect(isLive(browserPid)).toBe(false);
  });

  it('holds at MAX_BROWSER_CONTEXTS: a third account waits while both are busy', async () => {
    const sessions = pool({ maxContexts: 2, acquireTimeoutMs: 30_000 });
    const alice = await sessions.acquire('alice', DIRECT);
    await sessions.acquire('bob', DIRECT);

    let carolLent = false;
    const carol = sessions.acquire('carol', DIRECT).then((lent) => {
      carolLent = true;
      return lent;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(carolLent).toBe(false);
    await sessions.release(alice);
    const carolContext = await carol;

    expect(carolContext.accountId).toBe('carol');
    expect(sessions.stats()).toMatchObject({ contexts: 2, busy: 2 });
  });

  it('makes room at the cap by closing the least recently used idle context', async () => {
    const sessions = pool({ maxContexts: 2, acquireTimeoutMs: 500 });
    const alice = await sessions.acquire('alice', DIRECT);
    const bob = await sessions.acquire('bob', DIRECT);
    await sessions.release(alice);
    clock += 1_000;
    await sessions.release(bob);

    await sessions.acquire('carol', DIRECT);
    const bobAgain = await sessions.acquire('bob', DIRECT);
    const aliceAgain = await sessions.acquire('alice', DIRECT).catch((error: unknown) => error);

    expect(bobAgain.context).toBe(bob.context);
    expect(aliceAgain).toBeInstanceOf(BrowserUnavailableError);
  });

  it('gives up with BrowserUnavailableError when no slot frees in time', async () => {
    const sessions = pool({ maxContexts: 1, acquireTimeoutMs: 500 });
    await sessions.acquire('alice', DIRECT);

    await expect(sessions.acquire('bob', DIRECT)).rejects.toBeInstanceOf(BrowserUnavailableError);
  });

  it('sends one account through its proxy, with its credentials, and the other direct', async () => {
    const proxy = await startForwardProxy(simulator.port);
    try {
      const sessions = pool();
      const proxied = await sessions.acquire('alice', () => ({
        loginKey: 'login-1',
        proxy: `http://alice:s%40cret@127.0.0.1:${proxy.port}`,
        storageState: null,
      }));
      const direct = await sessions.acquire('bob', DIRECT);

      const response = await proxied.page.goto('http://linkedin-through-proxy.test/login');
      const failed = await direct.page
        .goto('http://linkedin-through-proxy.test/login', { timeout: 10_000 })
        .then(() => false)
        .catch(() => true);

      expect(response?.status()).toBe(200);
      expect(await proxied.page.locator('input#username').count()).toBe(1);
      expect(failed).toBe(true);
      expect(proxy.requests).toContainEqual({
        host: 'linkedin-through-proxy.test',
        credentials: 'alice:s@cret',
      });
    } finally {
      await proxy.close();
    }
  });

  it('kills a browser whose close hangs, within the close timeout', async () => {
    const sessions = pool({ closeTimeoutMs: 1_000 });
    const lent = await sessions.acquire('alice', DIRECT);
    const [browserPid] = sessions.browserPids();
    // a frozen browser never answers the close
    process.kill(-browserPid, 'SIGSTOP');

    const started = Date.now();
    await sessions.release(lent, { discard: true });
    await sessions.close();

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await settledGroup(browserPid)).toEqual([]);
  });

  it('ends, at the next start, the browser of a worker killed with SIGKILL', async () => {
    const worker = await startChildWorker(dataDir, `${simulator.baseUrl}/login`);
    expect(findMarkedBrowsers(dataDir).map((browser) => browser.ownerPid)).toContain(worker.pid);

    // a hung browser does not notice its owner's death by itself
    process.kill(-worker.browserPid, 'SIGSTOP');
    await worker.kill('SIGKILL');
    expect(isLive(worker.browserPid)).toBe(true);

    pool();

    expect(await settledGroup(worker.browserPid)).toEqual([]);
    const left = findMarkedBrowsers(dataDir).filter((browser) => isLive(browser.pid));
    expect(left.filter((browser) => browser.ownerPid === worker.pid)).toEqual([]);
  }, 120_000);

  it('leaves the browsers of a live worker and of another install alone', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'inreach-pool-other-'));
    const live = await startChildWorker(dataDir);
    const elsewhere = await startChildWorker(otherDir);
    try {
      process.kill(-elsewhere.browserPid, 'SIGSTOP');
      await elsewhere.kill('SIGKILL');

      pool();

      expect(isLive(live.browserPid)).toBe(true);
      expect(isLive(elsewhere.browserPid)).toBe(true);
    } finally {
      await live.kill('SIGTERM');
      pool({ dataDir: otherDir });
      await settledGroup(elsewhere.browserPid);
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 120_000);
});

interface ChildWorker {
  pid: number;
  browserPid: number;
  kill(signal: NodeJS.Signals): Promise<void>;
}

// A worker-like child process with a pool, one context and its browser.
async function startChildWorker(dataDir: string, url?: string): Promise<ChildWorker> {
  const args = ['--import', 'tsx', 'test/support/session-pool-child.ts', dataDir];
  const child = spawn(process.execPath, url ? [...args, url] : args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<{ browserPids: number[] }>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as { browserPids: number[] });
    });
    void exited.then(() => reject(new Error('the worker exited before it was ready')));
  });
  return {
    pid: child.pid!,
    browserPid: ready.browserPids[0],
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}

interface ForwardProxy {
  port: number;
  requests: { host: string; credentials: string | null }[];
  close(): Promise<void>;
}

// An HTTP forward proxy that asks for Basic credentials and sends every host to the simulator.
async function startForwardProxy(simulatorPort: number): Promise<ForwardProxy> {
  const requests: ForwardProxy['requests'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const authorization = incoming.headers['proxy-authorization'];
    if (!authorization) {
      outgoing.writeHead(407, { 'proxy-authenticate': 'Basic realm="inreach-test"' }).end();
      return;
    }
    const target = new URL(incoming.url ?? '/');
    requests.push({
      host: target.hostname,
      credentials: Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString(),
    });
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: simulatorPort,
        path: `${target.pathname}${target.search}`,
        method: incoming.method,
        headers: { ...incoming.headers, host: `127.0.0.1:${simulatorPort}` },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
