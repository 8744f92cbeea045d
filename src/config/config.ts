import { resolve } from 'node:path';

import { z } from 'zod';

export const PROCESS_MODES = ['all', 'api', 'worker', 'scheduler'] as const;
export type ProcessMode = (typeof PROCESS_MODES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

interface Variable<T> {
  schema: z.ZodType<T, string | undefined>;
  /** What a valid value looks like, for the message that stops a bad start. */
  shape: string;
  /** Values that may hold a password or a key are never echoed back. */
  secret?: boolean;
}

function variable<T>(schema: z.ZodType<T, string | undefined>, shape: string): Variable<T> {
  return { schema, shape };
}

function secretVariable<T>(schema: z.ZodType<T, string | undefined>, shape: string): Variable<T> {
  return { schema, shape, secret: true };
}

// Strict digits only: Number() would also take "0x10", "1e3" or " 12 ".
const wholeNumber = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const decimalNumber = z
  .string()
  .trim()
  .regex(/^\d*\.?\d+$/)
  .transform(Number);

const lowerCase = z.string().transform((value) => value.trim().toLowerCase());

const booleanText = lowerCase
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return schemes.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    });

const nonEmptyText = z.string().trim().min(1);

/**
 * Every environment variable Inreach reads: its parser, its default and the shape a value
 * must have. `.env.example` documents each one (a test keeps the two in step).
 */
export const CONFIG_VARIABLES = {
  INREACH_MODE: variable(
    lowerCase.pipe(z.enum(PROCESS_MODES)).default('all'),
    `one of ${PROCESS_MODES.join(', ')}`,
  ),
  PORT: variable(
    wholeNumber(0, 65535).default(3008),
    'a port number from 0 to 65535, such as 3008',
  ),
  HOST: variable(nonEmptyText.default('127.0.0.1'), 'an address to listen on, such as 127.0.0.1'),
  INREACH_DATA_DIR: variable(nonEmptyText.default('./data'), 'a folder path, such as ./data'),
  DATABASE_URL: secretVariable(
    urlWithScheme(['postgres:', 'postgresql:']).optional(),
    'a Postgres URL such as postgres://user:password@host:5432/dbname',
  ),
  DATABASE_POOL_SIZE: variable(wholeNumber(1, 100).default(10), 'a whole number from 1 to 100'),
  REDIS_URL: secretVariable(
    urlWithScheme(['redis:', 'rediss:']).optional(),
    'a Redis URL such as redis://127.0.0.1:6379 or rediss://:password@host:6380',
  ),
  REDIS_SERVER_PATH: variable(
    nonEmptyText.default('redis-server'),
    'the redis-server command or a path to it',
  ),
  QUEUE_PREFIX: variable(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_{}-]+$/)
      .default('inreach'),
    'letters, digits, _ - { } only, such as inreach (use {braces} on Redis Cluster)',
  ),
  ENCRYPTION_KEY: secretVariable(
    z
      .string()
      .refine((value) => decodeKey(value) !== null)
      .optional(),
    '32 bytes as 64 hex characters or base64 (for example from: openssl rand -base64 32)',
  ),
  CHROMIUM_PATH: variable(nonEmptyText.optional(), 'the path of a Chromium binary'),
  BROWSER_HEADLESS: variable(booleanText.default(true), 'true or false'),
  LINKEDIN_BASE_URL: variable(
    urlWithScheme(['http:', 'https:']).default('https://www.linkedin.com'),
    'an http(s) URL such as https://www.linkedin.com',
  ),
  PACING_SPEED: variable(
    decimalNumber.pipe(z.number().positive().max(1)).default(1),
    'a number above 0 and at most 1 (1 is human pace, 0.01 is a hundred times faster)',
  ),
  WORKER_CONCURRENCY: variable(wholeNumber(1, 50).default(4), 'a whole number from 1 to 50'),
  MAX_BROWSER_CONTEXTS: variable(wholeNumber(1, 100).default(10), 'a whole number from 1 to 100'),
  CONTEXT_MAX_JOBS: variable(wholeNumber(1, 100_000).default(50), 'a whole number above 0'),
  CONTEXT_MAX_AGE_MINUTES: variable(
    wholeNumber(1, 100_000).default(60),
    'a whole number of minutes above 0',
  ),
  CONTEXT_IDLE_MINUTES: variable(
    wholeNumber(1, 100_000).default(10),
    'a whole number of minutes above 0',
  ),
  JOB_LOCK_SECONDS: variable(
    wholeNumber(10, 3_600).default(120),
    'a whole number of seconds from 10 to 3600, such as 120',
  ),
  SHUTDOWN_TIMEOUT_MS: variable(
    wholeNumber(1, 3_600_000).default(30_000),
    'a whole number of milliseconds above 0, such as 30000',
  ),
  LOG_LEVEL: variable(lowerCase.pipe(z.enum(LOG_LEVELS)).default('info'), LOG_LEVELS.join(', ')),
  LOG_FORMAT: variable(
    lowerCase.pipe(z.enum(['auto', 'json', 'pretty'])).default('auto'),
    'auto, json or pretty',
  ),
  LEAD_IMPORT_MAX_BYTES: variable(
    wholeNumber(1, 2 ** 31).default(20 * 1024 * 1024),
    'a whole number of bytes above 0, such as 20971520',
  ),
  ADMIN_EMAIL: variable(
    z.string().trim().toLowerCase().pipe(z.email()).default('admin@inreach.local'),
    'an email address',
  ),
};

type Variables = typeof CONFIG_VARIABLES;
export type VariableName = keyof Variables;

export type RawConfig = { [Name in VariableName]: z.output<Variables[Name]['schema']> };

export const configSchema = z.object(
  Object.fromEntries(
    Object.entries(CONFIG_VARIABLES).map(([name, definition]) => [name, definition.schema]),
  ) as { [Name in VariableName]: Variables[Name]['schema'] },
);

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
    Object.keys(CONFIG_VARIABLES).flatMap((name) => {
      const value = env[name];
      return value !== undefined && value.trim() !== '' ? [[name, value]] : [];
    }),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    const lines = names.map((name) => describeBadValue(name as VariableName, env[name] ?? ''));
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

function describeBadValue(name: VariableName, value: string): string {
  const { shape, secret } = CONFIG_VARIABLES[name] as Variable<unknown>;
  const shown = secret ? `(value hidden, ${value.length} characters)` : JSON.stringify(value);
  return `  ${name}=${shown}: expected ${shape}`;
}

/** Variables that look like Inreach's but are not read, most likely typos. */
export function unknownVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(env).filter(
    (name) => name.startsWith('INREACH_') && !(name in CONFIG_VARIABLES),
  );
}

/** A 32-byte key from hex or base64 text, or null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const decoded = Buffer.from(
    trimmed,
    trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64',
  );
  return decoded.length === 32 ? decoded : null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
