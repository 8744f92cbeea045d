import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const MARKER_FLAG = '--inreach-browser-owner=';

// Playwright refuses `--user-data-dir` in `launch`, so the owner is written in a switch of our
// own that Chromium ignores: the data directory's hash (one install) and the owner's pid.
function dataDirTag(dataDir: string): string {
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
}

/**
 * The command-line switch that marks a browser as launched by process `pid` for `dataDir`;
 * `launchId` tells apart the browsers of several pools in one process.
 */
export function browserMarker(dataDir: string, pid: number, launchId = '0'): string {
  return `${MARKER_FLAG}${dataDirTag(dataDir)}-${pid}-${launchId}`;
}

export interface MarkedBrowser {
  pid: number;
  ownerPid: number;
  launchId: string;
}

/** Browser processes of this data directory, with the pid of the process that launched each. */
export function findMarkedBrowsers(dataDir: string, procRoot = '/proc'): MarkedBrowser[] {
  const prefix = `${MARKER_FLAG}${dataDirTag(dataDir)}-`;
  const found: MarkedBrowser[] = [];
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return found; // no /proc (not Linux): nothing to find
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`${procRoot}/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // the process ended while we looked
    }
    const marker = args.find((arg) => arg.startsWith(prefix));
    if (!marker) continue;
    const [ownerPid, launchId = '0'] = marker.slice(prefix.length).split('-');
    found.push({ pid: Number(entry), ownerPid: Number(ownerPid), launchId });
  }
  return found;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Ends the browsers whose owner process is gone (a crashed or killed worker). Playwright starts
 * Chromium as a process group leader, so the group (renderers, zygotes) goes with it.
 * Returns the pids it killed.
 */
export function killOrphanBrowsers(dataDir: string, procRoot = '/proc'): number[] {
  const orphans = findMarkedBrowsers(dataDir, procRoot).filter(
    (browser) => browser.ownerPid !== process.pid && !isProcessAlive(browser.ownerPid),
  );
  for (const browser of orphans) killBrowserGroup(browser.pid);
  return orphans.map((browser) => browser.pid);
}

/** Kills this process's browsers of one launch (the last resort when a close hangs). */
export function killOwnBrowsers(dataDir: string, launchId: string): number[] {
  const own = findMarkedBrowsers(dataDir).filter(
    (browser) => browser.ownerPid === process.pid && browser.launchId === launchId,
  );
  for (const browser of own) killBrowserGroup(browser.pid);
  return own.map((browser) => browser.pid);
}

function killBrowserGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // not a group leader, or already gone
    }
  }
}

/** Memory of a process and its descendants, in bytes, from /proc. */
export interface TreeMemory {
  /** Sum of resident sets: shared pages (libraries, the zygote's) counted in every process. */
  rss: number;
  /** Sum of proportional sets: shared pages split between their users, so it adds up. */
  pss: number;
  processes: number;
}

/** Resident memory of a process and its descendants, in bytes, from /proc. */
export function processTreeRss(rootPid: number, procRoot = '/proc'): number {
  return processTreeMemory(rootPid, procRoot).rss;
}

export function processTreeMemory(rootPid: number, procRoot = '/proc'): TreeMemory {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`${procRoot}/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const kilobytes = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kilobytes * 1024);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      continue;
    }
  }
  const total: TreeMemory = { rss: 0, pss: 0, processes: 0 };
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (!rss.has(pid)) continue;
    total.rss += rss.get(pid) ?? 0;
    total.pss += proportionalSet(pid, procRoot);
    total.processes += 1;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

function proportionalSet(pid: number, procRoot: string): number {
  try {
    const rollup = readFileSync(`${procRoot}/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // gone, or a kernel without smaps_rollup
  }
}
