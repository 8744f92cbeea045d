import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Command } from 'commander';

import { DataFolderBusyError, lockDataFolder } from '../../app/data-folder-lock';
import { LOCAL_TOKEN_HEADER, runningService, ServiceState } from '../../app/service-state';
import { UsersService } from '../../auth/users.service';
import { AppConfig, loadConfig } from '../../config/config';
import { openPglite, openPostgres } from '../../database/database';

interface CreateOptions {
  email: string;
  admin?: boolean;
}

// A service that is starting holds the data folder before it answers; give it this long.
const WAIT_FOR_SERVICE_MS = 30_000;

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
  if (!config.embeddedDatabase) return createInDatabase(config, email, admin);

  // The embedded database belongs to one process: while the service runs, ask it instead.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + WAIT_FOR_SERVICE_MS;
  for (;;) {
    const running = runningService(config.dataDir);
    if (running) return createThroughService(running, email, admin);

    try {
      const lock = await lockDataFolder(config.dataDir, 'cli');
      try {
        return await createInDatabase(config, email, admin);
      } finally {
        lock.release();
      }
    } catch (error) {
      if (!(error instanceof DataFolderBusyError) || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function createThroughService(
  service: ServiceState & { url: string },
  email: string,
  admin: boolean,
): Promise<string> {
  const response = await fetch(`${service.url}/api/local/users`, {
    method: 'POST',
    headers: { [LOCAL_TOKEN_HEADER]: service.localToken, 'content-type': 'application/json' },
    body: JSON.stringify({ email, admin }),
  });
  const body = (await response.json()) as { apiKey?: string; message?: string };
  if (!response.ok || !body.apiKey) throw new Error(body.message ?? `HTTP ${response.status}`);
  process.stderr.write(
    `Created ${email}${admin ? ' (admin)' : ''} through the running service at ${service.url}. ` +
      'Its API key:\n',
  );
  return body.apiKey;
}

async function createInDatabase(config: AppConfig, email: string, admin: boolean) {
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
