import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { DataFolderBusyError, dataFolderHolder, lockDataFolder } from './data-folder-lock';

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('lockDataFolder', () => {
  const sleepers: ReturnType<typeof spawn>[] = [];
  afterEach(() => sleepers.splice(0).forEach((sleeper) => sleeper.kill('SIGKILL')));

  /** A live process other than this one, written down as the holder of the folder. */
  function heldByAnotherProcess(
    folder: string,
    processStart?: string,
    role: 'service' | 'cli' = 'service',
  ) {
    const sleeper = spawn('sleep', ['30']);
    sleepers.push(sleeper);
    const pid = sleeper.pid!;
    writeFileSync(
      join(folder, 'inreach.lock'),
      JSON.stringify({
        pid,
        role,
        processStart: processStart ?? startOf(pid),
        since: 'now',
      }),
    );
    return sleeper;
  }

  it('takes a free folder with an owner-only lock file, and gives it back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-lock-'));
    const lock = await lockDataFolder(folder, 'cli');
    expect(statSync(join(folder, 'inreach.lock')).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(join(folder, 'inreach.lock'))).toBe(false);
  });

  it('refuses a folder another live process holds, naming it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-lock-'));
    const holder = heldByAnotherProcess(folder);
    const error = await lockDataFolder(folder, 'service').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFolderBusyError);
    expect((error as Error).message).toContain(`pid ${holder.pid}`);
    expect(dataFolderHolder(folder)?.pid).toBe(holder.pid);
  });

  it('waits for a command holding it to finish when asked to', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-lock-'));
    const holder = heldByAnotherProcess(folder, undefined, 'cli');
    setTimeout(() => holder.kill('SIGKILL'), 300);
    const lock = await lockDataFolder(folder, 'service', 10_000);
    expect(JSON.parse(readFileSync(join(folder, 'inreach.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    lock.release();
  });

  it('refuses at once when a service holds it, even when asked to wait', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-lock-'));
    heldByAnotherProcess(folder);
    const started = Date.now();
    const error = await lockDataFolder(folder, 'service', 10_000).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DataFolderBusyError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('takes over a lock whose process is gone, or whose pid now belongs to another process', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-lock-'));
    const gone = heldByAnotherProcess(folder);
    gone.kill('SIGKILL');
    await new Promise((resolve) => gone.once('exit', resolve));
    (await lockDataFolder(folder, 'service')).release();

    heldByAnotherProcess(folder, '1');
    (await lockDataFolder(folder, 'service')).release();

    // After a container restart, this very process may carry the pid written down before.
    writeFileSync(join(folder, 'inreach.lock'), JSON.stringify({ pid: process.pid }));
    (await lockDataFolder(folder, 'service')).release();
  });
});
