import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import { projectRoot } from '../../../src/common/paths';
import { CliRun } from '../../support/process';

export interface CliOptions {
  cwd?: string;
  /** Its own process group, so a test can signal the group as a terminal's Ctrl-C does. */
  detached?: boolean;
}

/** Like runCli, with a working folder and a process group of its own when asked. */
export function runCliWith(args: string[], env: Record<string, string>, options: CliOptions) {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin/inreach.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    detached: options.detached ?? false,
  });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const run: CliRun & { stdout(): string } = {
    child,
    output: () => output,
    stdout: () => stdout,
    exited,
  };
  return run;
}

/** The pid of the last redis-server that ran in a data folder, from its own log. */
export function redisPidFromLog(dataDir: string): number {
  const log = readFileSync(join(dataDir, 'redis', 'redis.log'), 'utf8');
  const match = /^(\d+):/m.exec(log);
  if (!match) throw new Error(`no pid in the Redis log of ${dataDir}`);
  return Number(match[1]);
}

/** What a running redis-server says of its setup (it rewrites its own command line). */
export async function redisSettings(pid: number): Promise<Record<string, string>> {
  const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  const address = /(127\.0\.0\.1):(\d+)/.exec(title);
  if (!address) throw new Error(`redis-server ${pid} shows no address: ${title}`);
  const redis = new Redis(Number(address[2]), address[1], { lazyConnect: true });
  await redis.connect();
  try {
    const settings: Record<string, string> = { host: address[1], port: address[2] };
    for (const name of ['bind', 'dir', 'appendonly', 'protected-mode']) {
      const [, value] = (await redis.config('GET', name)) as [string, string];
      settings[name] = value;
    }
    return settings;
  } finally {
    redis.disconnect();
  }
}

/** Every file under a folder, read as text (binary bytes included as latin1). */
export function readAllFiles(folder: string): { path: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return readAllFiles(path);
    if (!entry.isFile()) return [];
    return [{ path, text: readFileSync(path).toString('latin1') }];
  });
}

/** The last non-empty line of a command's standard output: where `users create` puts the key. */
export function lastLine(stdout: string): string {
  return stdout.trim().split('\n').pop() ?? '';
}

// A busy two-core machine (CI, or several suites at once) may take this long to start one.
export const START_TIMEOUT_MS = 150_000;
export const PROCESS_TEST_TIMEOUT_MS = 300_000;

/**
 * Ends what a failed test left running: the service gently first (so it stops its Redis),
 * then by force, and a Redis of the data folder that outlived it.
 */
export async function stopLeftovers(pids: number[], dataDirs: string[]): Promise<void> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const running = pids.filter(alive);
  running.forEach((pid) => process.kill(pid, 'SIGTERM'));
  const deadline = Date.now() + 10_000;
  while (running.some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  running.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL'));

  for (const dataDir of dataDirs) {
    let redisPid: number;
    try {
      redisPid = redisPidFromLog(dataDir);
    } catch {
      continue;
    }
    const title = alive(redisPid) ? readFileSync(`/proc/${redisPid}/cmdline`, 'utf8') : '';
    if (title.includes('redis-server')) {
      process.kill(redisPid, 'SIGKILL');
    }
  }
}
