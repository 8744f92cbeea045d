import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { LOCAL_TOKEN } from '../auth/local.controller';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SECRET_BOX, SecretBox } from '../crypto/secret-box';
import { DATABASE, DATABASE_CONNECTION, DatabaseConnection } from '../database/database';
import { REDIS } from '../redis/redis';

export const REDIS_URL = Symbol('REDIS_URL');

export interface CoreDependencies {
  config: AppConfig;
  database: DatabaseConnection;
  /** Where Redis is, after the embedded server (if any) has started. */
  redisUrl: string;
  /** The request-path connection (fails fast). */
  redis: Redis;
  secretBox: SecretBox;
  /** The token local commands show to reach this process (see LocalController). */
  localToken: string;
}

/** The process-wide things every module may inject: config, database, Redis, the secret box. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: DATABASE_CONNECTION, useValue: deps.database },
      { provide: DATABASE, useValue: deps.database.db },
      { provide: REDIS, useValue: deps.redis },
      { provide: REDIS_URL, useValue: deps.redisUrl },
      { provide: SECRET_BOX, useValue: deps.secretBox },
      { provide: LOCAL_TOKEN, useValue: deps.localToken },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
