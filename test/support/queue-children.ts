import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { projectRoot } from '../../src/common/paths';
import type { QueueSettingsOverrides } from '../../src/queues/queue-definitions';

/** What a test job tells a child worker to do. */
export interface ChildJobData {
  userId: string;
  accountId?: string;
  /** How long the handler works, in milliseconds. */
  workMs?: number;
  /** The child that never finishes this job (a test kills it mid-job). */
  hangIn?: string;
  [key: string]: unknown;
}

export interface ChildOptions {
  settings?: QueueSettingsOverrides;
  accountBusyDelayMs?: number;
  heartbeatEveryMs?: number;
}

/** One line of the log child workers keep in Redis. */
export interface ChildEvent {
  event: 'start' | 'end';
  jobId: string;
  accountId: string | null;
  child: string;
  attempt: number;
  at: number;
}

export function eventsKey(prefix: string): string {
  return `${prefix}:test:events`;
}

export interface RunningChild {
  name: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a child worker process (TypeScript through tsx) and waits until its workers run. */
export async function startWorkerChild(
  name: string,
  env: { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string },
  options: ChildOptions = {},
  script = 'test/support/queue-worker-child.ts',
): Promise<RunningChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), script)], {
    cwd: projectRoot(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      CHILD_NAME: name,
      CHILD_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited early:\n${output}`));
    });
  });

  return {
    name,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
