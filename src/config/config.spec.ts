import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../common/paths';
import { CONFIG_VARIABLES, decodeKey, loadConfig, unknownVariables } from './config';
import { loadEnvFile } from './env-file';

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3008,
      INREACH_MODE: 'all',
      embeddedDatabase: true,
      embeddedRedis: true,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('names the variable and the expected shape of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      /PORT="eighty": expected a port number from 0 to 65535/,
    );
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(
      /REDIS_URL=.*expected a Redis URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_URL=.*expected a Postgres URL/,
    );
    expect(() => loadConfig({ PACING_SPEED: '5' })).toThrow(/PACING_SPEED="5": expected a number/);
    expect(() => loadConfig({ INREACH_MODE: 'everything' })).toThrow(
      /INREACH_MODE="everything": expected one of all, api, worker, scheduler/,
    );
    expect(() => loadConfig({ LINKEDIN_BASE_URL: 'ftp://example.com' })).toThrow(
      /LINKEDIN_BASE_URL/,
    );
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/PORT=.*\n.*LOG_LEVEL=/);
  });

  it('takes only plain whole numbers where a count is expected', () => {
    for (const value of ['0x10', '1e3', '3008.5', '-1', '99999']) {
      expect(() => loadConfig({ PORT: value })).toThrow(/PORT/);
    }
    expect(loadConfig({ PORT: ' 3009 ' }).PORT).toBe(3009);
  });

  it('never echoes a value that may hold a password or a key', () => {
    const attempts = [
      { DATABASE_URL: 'mysql://sam:hunter2@db.example/app' },
      { REDIS_URL: 'memcache://:hunter2@cache.example' },
      { ENCRYPTION_KEY: 'hunter2' },
    ];
    for (const env of attempts) {
      let message = '';
      try {
        loadConfig(env);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/value hidden/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('treats empty values as unset and reads words in any case', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: 'DEBUG', BROWSER_HEADLESS: 'No' });
    expect(config).toMatchObject({ PORT: 3008, LOG_LEVEL: 'debug', BROWSER_HEADLESS: false });
  });

  it('accepts Supabase-style URLs with query parameters', () => {
    const url =
      'postgresql://postgres.abcdefghij:p%40ss@aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require';
    const config = loadConfig({ DATABASE_URL: url, ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(config.DATABASE_URL).toBe(url);
    expect(config.embeddedDatabase).toBe(false);
  });

  it('refuses split process modes on the embedded database', () => {
    expect(() =>
      loadConfig({ INREACH_MODE: 'worker', REDIS_URL: 'redis://127.0.0.1:6379' }),
    ).toThrow(/PGlite.*single process/);
  });

  it('needs a shared Redis in split process modes', () => {
    expect(() =>
      loadConfig({
        INREACH_MODE: 'api',
        DATABASE_URL: 'postgres://u@h/db',
        ENCRYPTION_KEY: 'ab'.repeat(32),
      }),
    ).toThrow(/INREACH_MODE=api needs REDIS_URL/);
  });

  it('needs a shared encryption key with an external database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/ENCRYPTION_KEY/);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h/db', ENCRYPTION_KEY: 'ab'.repeat(32) })
        .embeddedDatabase,
    ).toBe(false);
  });

  it('points out INREACH_ variables it does not know', () => {
    expect(unknownVariables({ INREACH_DATADIR: './x', INREACH_MODE: 'all', PATH: '/bin' })).toEqual(
      ['INREACH_DATADIR'],
    );
  });
});

describe('decodeKey', () => {
  it('takes 32 bytes as hex, base64 or base64url and nothing else', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    expect(decodeKey(bytes.toString('hex'))?.equals(bytes)).toBe(true);
    expect(decodeKey(bytes.toString('base64'))?.equals(bytes)).toBe(true);
    expect(decodeKey(bytes.toString('base64url'))?.equals(bytes)).toBe(true);
    expect(decodeKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(decodeKey('!'.repeat(44))).toBeNull();
  });
});

describe('.env.example', () => {
  const example = join(projectRoot(), '.env.example');

  it('documents every variable the schema reads, and no other', () => {
    const text = readFileSync(example, 'utf8');
    const documented = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect([...new Set(documented)].sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });

  it('is a valid configuration when copied to .env as it is', () => {
    const values = parseEnv(readFileSync(example, 'utf8')) as Record<string, string>;
    expect(loadConfig(values)).toMatchObject({ PORT: 3008, embeddedDatabase: true });
  });
});

describe('loadEnvFile', () => {
  it('fills unset variables from .env and leaves set ones alone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'inreach-env-'));
    const file = join(folder, '.env');
    writeFileSync(file, 'INREACH_TEST_FROM_FILE=file\nINREACH_TEST_SET=file\n');
    process.env.INREACH_TEST_SET = 'shell';
    try {
      expect(loadEnvFile(file)).toBe('loaded');
      expect(process.env.INREACH_TEST_FROM_FILE).toBe('file');
      expect(process.env.INREACH_TEST_SET).toBe('shell');
    } finally {
      delete process.env.INREACH_TEST_FROM_FILE;
      delete process.env.INREACH_TEST_SET;
    }
  });

  it('says when there is no file', () => {
    expect(loadEnvFile(join(tmpdir(), 'no-such-folder', '.env'))).toBe('absent');
  });
});
