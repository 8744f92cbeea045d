import { randomUUID } from 'node:crypto';

import type { Redis } from 'ioredis';

// Delete or extend only when the key still holds our token, so a lease that expired and was
// taken by someone else is never released or extended by its old holder.
const RELEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;
const RENEW_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/** A held lease on one account; renew it while working and release it on every path. */
export interface AccountLeaseHandle {
  readonly accountId: string;
  readonly token: string;
  /** Extends the lease by its TTL; false when it was lost (expired and maybe taken). */
  renew(): Promise<boolean>;
  /** Gives the lease up; false when it was no longer ours. Safe to call twice. */
  release(): Promise<boolean>;
}

/**
 * One exclusive lease per LinkedIn account across all processes: SET NX PX with a random
 * token; renew and release compare the token in Lua. Keys: `<prefix>:lease:account:<id>`.
 */
export class AccountLease {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Takes the account's lease for `ttlMs`, or returns null when another holder has it. */
  async acquire(accountId: string, ttlMs: number): Promise<AccountLeaseHandle | null> {
    const key = this.keyFor(accountId);
    const token = randomUUID();
    const answer = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (answer !== 'OK') return null;

    let released = false;
    return {
      accountId,
      token,
      renew: async () => {
        if (released) return false;
        const renewed = await this.redis.eval(RENEW_SCRIPT, 1, key, token, String(ttlMs));
        return renewed === 1;
      },
      release: async () => {
        if (released) return false;
        released = true;
        const deleted = await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
        return deleted === 1;
      },
    };
  }

  /** Whether some process holds the account's lease right now. */
  async isHeld(accountId: string): Promise<boolean> {
    return (await this.redis.exists(this.keyFor(accountId))) === 1;
  }

  private keyFor(accountId: string): string {
    return `${this.keyPrefix}:lease:account:${accountId}`;
  }
}

export const ACCOUNT_LEASE = Symbol('ACCOUNT_LEASE');
