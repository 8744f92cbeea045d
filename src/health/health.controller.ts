import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Redis } from 'ioredis';

import { Public } from '../auth/current-user';
import { DATABASE, Database, pingDatabase } from '../database/database';
import { REDIS } from '../redis/redis';

export interface WorkerHealth {
  ok: boolean;
  [detail: string]: unknown;
}

/** Implemented by the worker side; absent in processes that run no workers. */
export interface WorkerHealthSource {
  workerHealth(): WorkerHealth;
}
export const WORKER_HEALTH = Symbol('WORKER_HEALTH');

const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    @Optional() @Inject(WORKER_HEALTH) private readonly workers?: WorkerHealthSource,
  ) {}

  @Public()
  @Get()
  async health(@Res() response: Response) {
    const [database, redis] = await Promise.all([
      check(() => pingDatabase(this.db)),
      check(() => this.redis.ping()),
    ]);
    const workers = this.workers?.workerHealth() ?? { ok: true, running: false };
    const ok = database.ok && redis.ok && workers.ok;
    response
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'degraded', database, redis, workers });
  }
}

async function check(
  probe: () => Promise<unknown>,
): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within a second')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
