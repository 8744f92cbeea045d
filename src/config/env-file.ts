import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type EnvFileOutcome = 'loaded' | 'absent' | 'unsupported';

/**
 * Reads `.env` from the working folder into process.env, where variables already set win.
 * Uses Node's own parser (process.loadEnvFile, Node 20.12 and later).
 */
export function loadEnvFile(path = '.env'): EnvFileOutcome {
  const file = resolve(path);
  if (!existsSync(file)) return 'absent';

  const load = (process as { loadEnvFile?: (path: string) => void }).loadEnvFile;
  if (typeof load !== 'function') return 'unsupported';
  load(file);
  return 'loaded';
}
