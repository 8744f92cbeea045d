import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  PROCESS_TEST_TIMEOUT_MS,
  redisPidFromLog,
  runCliWith,
  stopLeftovers,
} from '../foundation/support/processes';
import { isAlive } from '../support/process';

// The README's first command after its install step: `inreach demo`, as a real process.
describe('the demo', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  const folders: string[] = [];
  const pids: number[] = [];

  function demo() {
    const dataDir = mkdtempSync(join(tmpdir(), 'inreach-demo-'));
    folders.push(dataDir);
    const run = runCliWith(['demo'], { INREACH_DATA_DIR: dataDir, PORT: '0' }, { detached: true });
    pids.push(run.child.pid!);
    return { run, demoDir: join(dataDir, 'demo') };
  }

  afterAll(async () => {
    await stopLeftovers(
      pids,
      folders.map((folder) => join(folder, 'demo')),
    );
    folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
  });

  it('runs one campaign of each source type to a summary and stops by itself', async () => {
    const { run, demoDir } = demo();

    const code = await run.exited;

    const output = run.stdout();
    expect(code, run.output()).toBe(0);
    for (const name of [
      'People searching "growth"',
      'Reactions to the launch post',
      'Comments on the launch post',
      'Attendees of the event',
      'Leads from a CSV file',
    ]) {
      expect(output).toContain(`\n${name}\n  invited 5 (5 with a note)`);
    }
    const received = /The simulated LinkedIn received (\d+) invitations to (\d+) different people/
      .exec(output)
      ?.slice(1)
      .map(Number);
    expect(received).toEqual([25, 25]);
    expect(output).toMatch(/docs at http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
    expect(isAlive(redisPidFromLog(demoDir))).toBe(false);
  });

  it('stops cleanly, its Redis too, when interrupted while the campaigns run', async () => {
    const { run, demoDir } = demo();
    const deadline = Date.now() + 120_000;
    while (!run.stdout().includes('Running every campaign') && Date.now() < deadline) {
      if (run.child.exitCode !== null) throw new Error(`the demo ended early:\n${run.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // As Ctrl+C in a terminal: the whole process group hears it.
    process.kill(-run.child.pid!, 'SIGINT');
    const code = await run.exited;

    expect(code, run.output()).toBe(0);
    expect(run.stdout()).toContain('The demo was interrupted');
    expect(run.stdout()).not.toContain('Summary');
    expect(isAlive(redisPidFromLog(demoDir))).toBe(false);
    expect(existsSync(join(demoDir, 'inreach.lock'))).toBe(false);
  });
});
