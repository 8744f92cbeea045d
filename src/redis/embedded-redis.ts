import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { Redis } from 'ioredis';

export class RedisServerMissingError extends Error {
  readonly code = 'redis_server_missing';
}

export interface EmbeddedRedisOptions {
  dataDir: string;
  serverPath: string;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * A private redis-server child for the embedded mode: append-only file under the data
 * folder, a free loopback port, stopped with the service. A child left by a crashed run
 * is found by its pid file and ended before a new one starts.
 */
export class EmbeddedRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly folder: string;
  private readonly pidFile: string;
  url = '';

  constructor(private readonly options: EmbeddedRedisOptions) {
    this.folder = join(options.dataDir, 'redis');
    this.pidFile = join(this.folder, 'redis.pid');
  }

  async start(): Promise<string> {
    const binary = ensureRedisServer(this.options.serverPath, this.options.log);
    mkdirSync(this.folder, { recursive: true });
    endOrphan(this.pidFile);

    const port = await freePort();
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.folder,
        '--pidfile',
        this.pidFile,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let output = '';
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)),
    );

    this.url = `redis://127.0.0.1:${port}`;
    try {
      await waitForPing(this.url, child, 15_000);
    } catch (error) {
      await this.stop();
      throw new Error(`redis-server did not start: ${(error as Error).message}\n${output}`, {
        cause: error,
      });
    }
    this.options.log?.('private redis-server started', { port, folder: this.folder });
    return this.url;
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.child = null;
  }
}

function ensureRedisServer(
  serverPath: string,
  log?: (message: string, fields?: Record<string, unknown>) => void,
): string {
  const found = which(serverPath);
  if (found) return found;

  const isRoot = process.getuid?.() === 0;
  if (isRoot && which('apt-get')) {
    log?.('redis-server not found; installing it with apt-get');
    execFileSync('apt-get', ['install', '-y', '-q', 'redis-server'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = which(serverPath);
    if (installed) return installed;
  }
  throw new RedisServerMissingError(
    'redis-server is not installed, and Inreach starts a private one when REDIS_URL is unset. ' +
      'Install it (Debian or Ubuntu: `sudo apt-get install redis-server`; macOS: ' +
      '`brew install redis`), set REDIS_SERVER_PATH to its binary, or set REDIS_URL.',
  );
}

function which(command: string): string | null {
  if (command.includes('/')) return existsSync(command) ? command : null;
  for (const folder of (process.env.PATH ?? '').split(':')) {
    const candidate = join(folder, command);
    if (folder && existsSync(candidate)) return candidate;
  }
  return null;
}

function endOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (commandLine.includes('redis-server')) process.kill(pid, 'SIGKILL');
  } catch {
    // The process is gone already.
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      // Loading the append-only file answers LOADING until done.
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // Not listening yet.
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no answer to PING in time');
}
