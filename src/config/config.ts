import { resolve } from 'node:path';

import { z } from 'zod';

export const PROCESS_MODES = ['all', 'api', 'worker', 'scheduler'] as const;
export type ProcessMode = (typeof PROCESS_MODES)[number];

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'a postgres:// or postgresql:// URL');

const redisUrl = z
  .string()
  .url()
  .refine((value) => /^rediss?:\/\//.test(value), 'a redis:// or rediss:// URL');

const encryptionKey = z
  .string()
  .refine(
    (value) => decodeKey(value) !== null,
    '32 bytes as 64 hex characters or base64 (for example: openssl rand -base64 32)',
  );

/** Every environment variable Inreach reads, with its default. The README documents each. */
export const configSchema = z.object({
  INREACH_MODE: z.enum(PROCESS_MODES).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3008),
  HOST: z.string().min(1).default('127.0.0.1'),
  INREACH_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: positiveInt.max(100).default(10),
  REDIS_URL: redisUrl.optional(),
  REDIS_SERVER_PATH: z.string().min(1).default('redis-server'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only (use {braces} on Redis Cluster)')
    .default('inreach'),
  ENCRYPTION_KEY: encryptionKey.optional(),
  CHROMIUM_PATH: z.string().min(1).optional(),
  BROWSER_HEADLESS: booleanText.default(true),
  LINKEDIN_BASE_URL: z.string().url().default('https://www.linkedin.com'),
  PACING_SPEED: z.coerce
    .number()
    .positive()
    .max(1, 'a number above 0 and at most 1 (1 is human pace, 0.01 is a hundred times faster)')
    .default(1),
  WORKER_CONCURRENCY: positiveInt.max(50).default(4),
  MAX_BROWSER_CONTEXTS: positiveInt.max(100).default(10),
  CONTEXT_MAX_JOBS: positiveInt.default(50),
  CONTEXT_MAX_AGE_MINUTES: positiveInt.default(60),
  CONTEXT_IDLE_MINUTES: positiveInt.default(10),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Largest lead file an upload may carry. */
  LEAD_IMPORT_MAX_BYTES: positiveInt.default(20 * 1024 * 1024),
  ADMIN_EMAIL: z.string().email().default('admin@inreach.local'),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig extends RawConfig {
  dataDir: string;
  embeddedDatabase: boolean;
  embeddedRedis: boolean;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Reads the environment once; a bad value stops the start with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((name) =>
      env[name] !== undefined && env[name] !== '' ? [[name, env[name]]] : [],
    ),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: expected ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const config = parsed.data;
  const embeddedDatabase = config.DATABASE_URL === undefined;
  if (embeddedDatabase && config.INREACH_MODE !== 'all') {
    throw new ConfigError(
      `INREACH_MODE=${config.INREACH_MODE} needs DATABASE_URL: the embedded database (PGlite) ` +
        'works in a single process only. Set DATABASE_URL to a Postgres URL, or use INREACH_MODE=all.',
    );
  }
  if (config.INREACH_MODE !== 'all' && config.REDIS_URL === undefined) {
    throw new ConfigError(
      `INREACH_MODE=${config.INREACH_MODE} needs REDIS_URL: processes share one Redis, ` +
        'and the private redis-server is started only in INREACH_MODE=all.',
    );
  }
  if (!embeddedDatabase && config.ENCRYPTION_KEY === undefined) {
    throw new ConfigError(
      'ENCRYPTION_KEY is required with DATABASE_URL, so that every process decrypts the same ' +
        'secrets: 32 bytes as base64, for example from `openssl rand -base64 32`.',
    );
  }

  return {
    ...config,
    dataDir: resolve(config.INREACH_DATA_DIR),
    embeddedDatabase,
    embeddedRedis: config.REDIS_URL === undefined,
  };
}

/** A 32-byte key from hex or base64 text, or null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const decoded = Buffer.from(trimmed, 'base64');
  return decoded.length === 32 ? decoded : null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
