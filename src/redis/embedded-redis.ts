import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { Redis } from 'ioredis';

export class RedisServerMissingError extends Error {
  readonly code = 'redis_server_missing';
}

type Log = (message: string, fields?: Record<string, unknown>) => void;

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
 * folder, a free loopback port, stopped with the service. A child left by a crashed run
 * is found by its pid file and ended before a new one starts.
 */
export class EmbeddedRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly folder: string;
  private readonly pidFile: string;
  private readonly logFile: string;
  private readonly stopOnExit = () => this.child?.kill('SIGTERM');
  url = '';

  constructor(private readonly options: EmbeddedRedisOptions) {
    this.folder = join(options.dataDir, 'redis');
    this.pidFile = join(this.folder, 'redis.pid');
    this.logFile = join(this.folder, 'redis.log');
  }

  async start(): Promise<string> {
    const binary = ensureRedisServer(
      this.options.serverPath,
      this.options.installer ?? systemInstaller,
      this.options.log,
    );
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    endOrphan(this.pidFile);

    // Another program may take the free port before redis-server binds it: try a new one.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await this.launch(binary, port);
        this.options.log?.('private redis-server started', { port, folder: this.folder });
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

  private async launch(binary: string, port: number): Promise<void> {
    // One run's log only, so what a failed start reads is about this start.
    rmSync(this.logFile, { force: true });
    // Its own process group: Ctrl-C in a terminal reaches the service, which then stops Redis
    // after the workers have handed their jobs back, not before.
    const child = spawn(binary, redisArguments(port, this.folder, this.pidFile, this.logFile), {
      stdio: 'ignore',
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    process.once('exit', this.stopOnExit);

    this.url = `redis://127.0.0.1:${port}`;
    await waitForPing(this.url, child, 15_000);
  }

  /** The process id of the running child, if any. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    const child = this.child;
    process.removeListener('exit', this.stopOnExit);
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

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }
}

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
