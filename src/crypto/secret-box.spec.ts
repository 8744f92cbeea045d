import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadOrCreateKey, SecretBox, SecretUnreadableError } from './secret-box';

describe('SecretBox', () => {
  it('round-trips and never produces the same envelope twice', () => {
    const box = new SecretBox(randomBytes(32));
    const first = box.encrypt('li_at=AQEDA');
    expect(first).not.toContain('AQEDA');
    expect(box.decrypt(first)).toBe('li_at=AQEDA');
    expect(box.encrypt('li_at=AQEDA')).not.toBe(first);
  });

  it('refuses a tampered envelope or another key', () => {
    const box = new SecretBox(randomBytes(32));
    const envelope = box.encrypt('secret');
    const parts = envelope.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => box.decrypt(parts.join(':'))).toThrow(SecretUnreadableError);
    expect(() => new SecretBox(randomBytes(32)).decrypt(envelope)).toThrow(SecretUnreadableError);
  });

  it('fingerprints a secret the same way under one key, differently under another', () => {
    const key = randomBytes(32);
    const box = new SecretBox(key);
    const fingerprint = box.fingerprint('AQEDA-cookie');
    expect(fingerprint).not.toContain('AQEDA');
    expect(new SecretBox(key).fingerprint('AQEDA-cookie')).toBe(fingerprint);
    expect(box.fingerprint('AQEDA-cookie2')).not.toBe(fingerprint);
    expect(new SecretBox(randomBytes(32)).fingerprint('AQEDA-cookie')).not.toBe(fingerprint);
  });

  it('generates the embedded key once, readable by the owner only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'inreach-key-')), 'secret.key');
    const key = loadOrCreateKey(undefined, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(undefined, file).equals(key)).toBe(true);
  });
});
