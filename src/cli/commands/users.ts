import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Command } from 'commander';

import { UsersService } from '../../auth/users.service';
import { loadConfig } from '../../config/config';
import { openPglite, openPostgres } from '../../database/database';

interface CreateOptions {
  email: string;
  admin?: boolean;
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user and print its API key on the last line')
    .requiredOption('--email <email>', 'the user’s email')
    .option('--admin', 'make the user an admin (may act for any user)')
    .action(async (options: CreateOptions) => {
      const key = await createUser(options);
      process.stdout.write(`${key}\n`);
    });
}

async function createUser({ email, admin = false }: CreateOptions): Promise<string> {
  const config = loadConfig();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new Error(`--email must be an email address, got "${email}"`);
  }

  // The embedded database belongs to one process: while the service runs, ask it instead.
  const running = config.embeddedDatabase ? runningService(config.dataDir) : null;
  if (running) {
    const response = await fetch(`${running.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, admin }),
    });
    const body = (await response.json()) as { apiKey?: string; message?: string };
    if (!response.ok || !body.apiKey) throw new Error(body.message ?? `HTTP ${response.status}`);
    process.stderr.write(`Created ${email} through the running service at ${running.url}.\n`);
    return body.apiKey;
  }

  const database = config.DATABASE_URL
    ? openPostgres({ url: config.DATABASE_URL, poolSize: 1 })
    : await openPglite(join(config.dataDir, 'db'));
  try {
    await database.migrate();
    const created = await new UsersService(database.db).create(email, admin);
    process.stderr.write(`Created ${created.user.email}${admin ? ' (admin)' : ''}. Its API key:\n`);
    return created.apiKey;
  } finally {
    await database.close();
  }
}

function runningService(dataDir: string): { url: string; adminKey: string } | null {
  const stateFile = join(dataDir, 'service.json');
  const keyFile = join(dataDir, 'admin-key');
  if (!existsSync(stateFile) || !existsSync(keyFile)) return null;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; url: string | null };
  if (!state.url || !isAlive(state.pid)) return null;
  return { url: state.url, adminKey: readFileSync(keyFile, 'utf8').trim() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
