import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { decodeKey } from '../config/config';

const VERSION = 'v1';

/** A stored secret does not open with this key: another ENCRYPTION_KEY wrote it. */
export class SecretUnreadableError extends Error {
  readonly code = 'secret_unreadable';
}

/** AES-256-GCM for secrets at rest: `v1:<iv>:<tag>:<ciphertext>`, each part base64. */
export class SecretBox {
  // A key of its own for fingerprints, so a hash never reuses the encryption key.
  private readonly fingerprintKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    this.fingerprintKey = Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'inreach fingerprint v1', 32),
    );
  }

  /** A stable keyed hash (HMAC-SHA256, base64url) that tells equal secrets without storing them. */
  fingerprint(value: string): string {
    return createHmac('sha256', this.fingerprintKey).update(value, 'utf8').digest('base64url');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const parts = [iv, tag, ciphertext].map((part) => part.toString('base64'));
    return [VERSION, ...parts].join(':');
  }

  decrypt(envelope: string): string {
    const [version, iv, tag, ciphertext] = envelope.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('not a secret envelope this version understands');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new SecretUnreadableError(
        'a stored secret does not decrypt with this key (tampered, or written under another key)',
        { cause: error },
      );
    }
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson<T>(envelope: string): T {
    return JSON.parse(this.decrypt(envelope)) as T;
  }
}

/**
 * The key from ENCRYPTION_KEY, or in embedded mode one generated once into the data folder
 * with owner-only permissions.
 */
export function loadOrCreateKey(configured: string | undefined, keyFile: string): Buffer {
  if (configured) {
    const key = decodeKey(configured);
    if (!key) throw new Error('ENCRYPTION_KEY is not a 32-byte key');
    return key;
  }
  if (existsSync(keyFile)) {
    const key = decodeKey(readFileSync(keyFile, 'utf8'));
    if (!key) throw new Error(`${keyFile} does not hold a 32-byte key`);
    return key;
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return key;
}

export const SECRET_BOX = Symbol('SECRET_BOX');
