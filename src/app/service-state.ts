import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ProcessMode } from '../config/config';
import { dataFolderHolder } from './data-folder-lock';

/** What a running service tells local commands about itself, in <data>/service.json (0600). */
export interface ServiceState {
  pid: number;
  url: string | null;
  mode: ProcessMode;
  /** Lets a command on this machine create users through the service (see LocalController). */
  localToken: string;
}

const STATE_FILE = 'service.json';

/** The header that carries the local token to the service. */
export const LOCAL_TOKEN_HEADER = 'x-inreach-local-token';

export function createLocalToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the state whole (rename), readable by the owner only; returns its remover. */
export function writeServiceState(dataDir: string, state: ServiceState): () => void {
  const file = join(dataDir, STATE_FILE);
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(state) + '\n', { mode: 0o600 });
  renameSync(draft, file);
  return () => {
    if (readServiceState(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

export function readServiceState(dataDir: string): ServiceState | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as ServiceState;
  } catch {
    return null;
  }
}

/** The service that holds the data folder right now and serves HTTP, if there is one. */
export function runningService(dataDir: string): (ServiceState & { url: string }) | null {
  const holder = dataFolderHolder(dataDir);
  const state = readServiceState(dataDir);
  if (!holder || !state || holder.pid !== state.pid || !state.url) return null;
  return { ...state, url: state.url };
}
