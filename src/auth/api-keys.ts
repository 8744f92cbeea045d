import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'inr_';

/** A new API key: shown once, stored only as its hash. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

// Keys carry 192 random bits, so a fast hash is enough; a slow one would only cost every request.
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
