import { describe, expect, it } from 'vitest';

import { loadConfig } from './config';

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
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty": expected/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL.*postgres/);
    expect(() => loadConfig({ PACING_SPEED: '5' })).toThrow(/PACING_SPEED/);
    expect(() => loadConfig({ INREACH_MODE: 'everything' })).toThrow(/INREACH_MODE/);
  });

  it('refuses split process modes on the embedded database', () => {
    expect(() =>
      loadConfig({ INREACH_MODE: 'worker', REDIS_URL: 'redis://127.0.0.1:6379' }),
    ).toThrow(/PGlite.*single process/);
  });

  it('needs a shared encryption key with an external database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/ENCRYPTION_KEY/);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h/db', ENCRYPTION_KEY: 'ab'.repeat(32) })
        .embeddedDatabase,
    ).toBe(false);
  });
});
