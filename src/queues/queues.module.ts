import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Redis } from 'ioredis';

import { REDIS_URL } from '../app/core.module';
import { Clock, CLOCK, systemClock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { WORKER_HEALTH } from '../health/health.controller';
import { LinkedInSettingsService } from '../limits/linkedin-settings.service';
import { ProcessPendingJobsProcessor } from '../limits/process-pending-jobs.processor';
import { ACCOUNT_LEASE, AccountLease } from '../locks/account-lease';
import { createWorkerRedis } from '../redis/redis';
import { HandlerRegistry } from './handler-registry';
import { JobHistoryService } from './job-history.service';
import { QUEUE_SETTINGS_OVERRIDES } from './queue-definitions';
import { QueueService } from './queue.service';
import { WORKER_SERVICE_OPTIONS, WorkerService, WorkerServiceOptions } from './worker.service';

/** The Redis connection behind the shared AccountLease (for the browser session code). */
@Injectable()
export class LeaseConnection implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(@Inject(REDIS_URL) redisUrl: string) {
    this.redis = createWorkerRedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

export interface QueuesModuleOptions {
  clock?: Clock;
  workers?: WorkerServiceOptions;
}

/**
 * Queues, workers, job history, the account lease, limits and pending jobs. Global, so any
 * module's processors can inject QueueService or LinkedInSettingsService and mark themselves
 * with @HandlesJob.
 */
@Global()
@Module({})
export class QueuesModule {
  static register(options: QueuesModuleOptions = {}): DynamicModule {
    const providers = [
      { provide: CLOCK, useValue: options.clock ?? systemClock },
      { provide: WORKER_SERVICE_OPTIONS, useValue: options.workers ?? {} },
      { provide: QUEUE_SETTINGS_OVERRIDES, useValue: options.workers?.settings ?? {} },
      HandlerRegistry,
      JobHistoryService,
      QueueService,
      WorkerService,
      { provide: WORKER_HEALTH, useExisting: WorkerService },
      LeaseConnection,
      {
        provide: ACCOUNT_LEASE,
        useFactory: (connection: LeaseConnection, config: AppConfig) =>
          new AccountLease(connection.redis, config.QUEUE_PREFIX),
        inject: [LeaseConnection, APP_CONFIG],
      },
      LinkedInSettingsService,
      ProcessPendingJobsProcessor,
    ];
    return {
      module: QueuesModule,
      imports: [DiscoveryModule],
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
