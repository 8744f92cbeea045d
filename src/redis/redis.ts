import { Redis, RedisOptions } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * A connection for request paths: commands fail within a second when Redis is away, so the
 * API answers 503 instead of hanging. Workers use `createWorkerRedis` instead.
 */
export function createRequestRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1_000,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}

/** A connection for BullMQ workers, which wait through outages and reconnect by themselves. */
export function createWorkerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}
