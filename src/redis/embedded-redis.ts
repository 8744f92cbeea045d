import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { Redis } from 'ioredis';

export class RedisServerMissingError extends Error {
  readonly code = 'redis_server_missing';
}

type Log = (
  message: string,
  fields?: Record<string, unknown>,
  level?: 'info' | 'warn' | 'error',
) => void;

export interface EmbeddedRedisOptions {
  dataDir: string;
  serverPath: string;
  log?: Log;
  /** Where to look for and how to install redis-server (tests replace it). */
  installer?: RedisInstaller;
}

/** What finding and installing redis-server depends on in the machine. */
export interface RedisInstaller {
  isRoot: boolean;
  platform: NodeJS.Platform;
  /** The full path of a command on the PATH (or of a path that exists), else null. */
  find(command: string): string | null;
  run(command: string, args: string[]): void;
}

export const systemInstaller: RedisInstaller = {
  isRoot: process.getuid?.() === 0,
  platform: process.platform,
  find: (command) => which(command),
  run: (command, args) =>
    execFileSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }),
};

/**
 * A private redis-server child for the embedded mode: append-only file under the data
 * folder, a free loopback port, stopped with the service, started again on the same port
 * if it dies. A child left by a crashed run is found by its pid file and ended first.
 */
export class EmbeddedRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly folder: string;
  private readonly pidFile: string;
  private readonly logFile: string;
  private readonly stopOnExit = () => this.child?.kill('SIGTERM');
  private binary = '';
  private port = 0;
  private running = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly restartTimes: number[] = [];
  url = '';

  constructor(private readonly options: EmbeddedRedisOptions) {
    this.folder = join(options.dataDir, 'redis');
    this.pidFile = join(this.folder, 'redis.pid');
    this.logFile = join(this.folder, 'redis.log');
  }

  async start(): Promise<string> {
    this.binary = ensureRedisServer(
      this.options.serverPath,
      this.options.installer ?? systemInstaller,
      this.options.log,
    );
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    endOrphan(this.pidFile);

    // Another program may take the free port before redis-server binds it: try a new one.
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      try {
        // One run's log only, so what a failed start reads is about this start.
        rmSync(this.logFile, { force: true });
        process.on('exit', this.stopOnExit);
        await this.launch();
        this.running = true;
        this.options.log?.('private redis-server started', {
          port: this.port,
          folder: this.folder,
        });
        return this.url;
      } catch (error) {
        await this.stop();
        const log = this.logTail();
        if (attempt < 3 && /Address already in use/i.test(log)) continue;
        throw new Error(`redis-server did not start: ${(error as Error).message}\n${log}`, {
          cause: error,
        });
      }
    }
  }

  private async launch(): Promise<void> {
    // Its own process group: Ctrl-C in a terminal reaches the service, which then stops Redis
    // after the workers have handed their jobs back, not before.
    const child = spawn(
      this.binary,
      redisArguments(this.port, this.folder, this.pidFile, this.logFile),
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => this.onUnexpectedExit(child, code, signal));
    child.once('error', () => undefined);

    this.url = `redis://127.0.0.1:${this.port}`;
    await waitForPing(this.url, child, 15_000);
  }

  /** The process id of the running child, if any. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    this.running = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    process.removeListener('exit', this.stopOnExit);
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM makes redis-server flush the append-only file before it exits.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = null;
  }

  // Clients reconnect by themselves to the same address; only a crash loop is given up on.
  private onUnexpectedExit(child: ChildProcess, code: number | null, signal: string | null) {
    if (!this.running || child !== this.child) return;
    const now = Date.now();
    const recent = this.restartTimes.filter((time) => now - time < RESTART_WINDOW_MS);
    this.restartTimes.splice(0, this.restartTimes.length, ...recent, now);
    if (recent.length >= MAX_RESTARTS) {
      this.options.log?.(
        'private redis-server keeps dying; not starting it again',
        { code, signal, log: this.logTail() },
        'error',
      );
      return;
    }
    this.options.log?.('private redis-server died; starting it again', { code, signal }, 'warn');
    this.restartTimer = setTimeout(() => void this.relaunch(), 200 * 2 ** recent.length);
  }

  private async relaunch(): Promise<void> {
    this.restartTimer = null;
    if (!this.running) return;
    try {
      await this.launch();
      this.options.log?.('private redis-server started again', { port: this.port });
    } catch (error) {
      // A child that never answered is ended; its exit schedules the next try.
      this.child?.kill('SIGKILL');
      this.options.log?.(
        'private redis-server did not start again',
        { err: (error as Error).message },
        'warn',
      );
    }
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }
}

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

function redisArguments(port: number, folder: string, pidFile: string, logFile: string) {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    folder,
    '--pidfile',
    pidFile,
    '--logfile',
    logFile,
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
  ];
}

/**
 * The redis-server binary to run. When the default name is not on the PATH, root on Debian
 * or Ubuntu gets it installed with apt-get; anyone else gets the command to run.
 */
export function ensureRedisServer(
  serverPath: string,
  installer: RedisInstaller,
  log?: Log,
): string {
  const found = installer.find(serverPath);
  if (found) return found;

  if (serverPath.includes('/')) {
    throw new RedisServerMissingError(
      `REDIS_SERVER_PATH=${serverPath} does not exist. Point it at a redis-server binary, ` +
        'unset it to use the one on the PATH, or set REDIS_URL to use an external Redis.',
    );
  }
  const hasAptGet = installer.find('apt-get') !== null;
  if (installer.isRoot && hasAptGet) {
    log?.('redis-server not found; installing it with apt-get');
    installer.run('apt-get', ['update', '-q']);
    installer.run('apt-get', ['install', '-y', '-q', 'redis-server']);
    const installed = installer.find(serverPath);
    if (installed) return installed;
  }
  throw new RedisServerMissingError(
    `${serverPath} is not installed, and Inreach starts a private Redis with it when REDIS_URL ` +
      `is unset. Install it with: ${installCommand(installer, hasAptGet)}; or set ` +
      'REDIS_SERVER_PATH to its binary, or REDIS_URL to an external Redis.',
  );
}

function installCommand(installer: RedisInstaller, hasAptGet: boolean): string {
  if (installer.platform === 'darwin') return 'brew install redis';
  if (hasAptGet) {
    return installer.isRoot
      ? 'apt-get update && apt-get install redis-server'
      : 'sudo apt-get install redis-server';
  }
  return 'your system package manager (the package is usually called redis or redis-server)';
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
    if (child.pid === undefined) throw new Error('could not be run');
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
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
