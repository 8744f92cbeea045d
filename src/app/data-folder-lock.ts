import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'inreach.lock';

export type LockHolderRole = 'service' | 'cli';

export interface LockHolder {
  pid: number;
  role: LockHolderRole;
  /** The kernel's start time of the process (Linux), so a reused pid is not mistaken for it. */
  processStart: string | null;
  since: string;
}

export class DataFolderBusyError extends Error {
  readonly code = 'data_folder_busy';

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `Another Inreach ${holder.role === 'service' ? 'service' : 'command'} (pid ${holder.pid}, ` +
        `since ${holder.since}) is using the data folder ${dataDir}: the embedded database and ` +
        'Redis serve one process only. Stop it first, or set INREACH_DATA_DIR to another folder.',
    );
  }
}

export interface DataFolderLock {
  release(): void;
}

/**
 * Takes the data folder for this process: PGlite and the private redis-server must never be
 * opened by two processes at once. A lock left by a process that is gone is taken over. Up to
 * `waitMs` is spent waiting for a command (`users create`) to finish; a service holding the
 * folder is not waited for.
 */
export async function lockDataFolder(
  dataDir: string,
  role: LockHolderRole,
  waitMs = 0,
): Promise<DataFolderLock> {
  const file = join(dataDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;

  for (;;) {
    const holder = tryLock(file, role);
    if (holder === null) return { release: () => releaseIfOurs(file) };
    if (holder.role === 'service' || Date.now() >= deadline) {
      throw new DataFolderBusyError(dataDir, holder);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The live holder of the data folder, if any. */
export function dataFolderHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  return holder && isRunning(holder) ? holder : null;
}

/** Null when this process now holds the lock, else the live process that does. */
function tryLock(file: string, role: LockHolderRole): LockHolder | null {
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written whole under a private name, then linked: a reader never sees a half-written lock.
    const draft = `${file}.${process.pid}`;
    const holder: LockHolder = {
      pid: process.pid,
      role,
      processStart: processStartTime(process.pid),
      since: new Date().toISOString(),
    };
    writeFileSync(draft, JSON.stringify(holder) + '\n', { mode: 0o600 });
    try {
      linkSync(draft, file);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }

    const judged = readText(file);
    const current = parseHolder(judged);
    if (current && isRunning(current)) return current;
    clearStaleLock(file, judged);
  }
  const holder = readHolder(file);
  if (holder) return holder;
  throw new Error(`could not take the lock file ${file}`);
}

/** Moves a stale lock away; a fresh lock that replaced it meanwhile is put back. */
function clearStaleLock(file: string, judged: string | null): void {
  const moved = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, moved);
  } catch {
    // Someone else cleared it first.
    return;
  }
  if (readText(moved) !== judged) {
    try {
      linkSync(moved, file);
    } catch {
      // A third process took the folder in between; it holds it now.
    }
  }
  rmSync(moved, { force: true });
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readHolder(file: string): LockHolder | null {
  return parseHolder(readText(file));
}

function parseHolder(text: string | null): LockHolder | null {
  if (text === null) return null;
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number') return null;
    return {
      pid: holder.pid,
      role: holder.role === 'cli' ? 'cli' : 'service',
      processStart: holder.processStart ?? null,
      since: holder.since ?? 'an unknown time',
    };
  } catch {
    // Unreadable: not a live holder.
    return null;
  }
}

function isRunning(holder: LockHolder): boolean {
  // After a container restart the same small pid comes back for this very process.
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function releaseIfOurs(file: string): void {
  const holder = readHolder(file);
  if (holder?.pid === process.pid) rmSync(file, { force: true });
}

/** Field 22 of /proc/<pid>/stat; null where there is no /proc. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
