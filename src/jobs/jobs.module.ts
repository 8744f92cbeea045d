import { DynamicModule, Module } from '@nestjs/common';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';

import { UsersService } from '../auth/users.service';
import { SECRET_BOX, SecretBox } from '../crypto/secret-box';
import { DATABASE, Database } from '../database/database';
import { QueuesModule, QueuesModuleOptions } from '../queues/queues.module';
import { BoardQueues, boardAuth, BULL_BOARD_ROUTE } from './bull-board';
import { JobsController } from './jobs.controller';
import { LimitsController } from './limits.controller';
import { PendingJobsController } from './pending-jobs.controller';

/** The jobs API, limits and usage routes, pending jobs, and Bull Board at /admin/queues. */
@Module({})
export class JobsModule {
  static register(options: QueuesModuleOptions = {}): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        QueuesModule.register(options),
        BullBoardModule.forRootAsync({
          useFactory: (db: Database, secrets: SecretBox) => ({
            route: BULL_BOARD_ROUTE,
            adapter: ExpressAdapter,
            middleware: boardAuth(new UsersService(db), secrets),
          }),
          inject: [DATABASE, SECRET_BOX],
        }),
      ],
      controllers: [JobsController, LimitsController, PendingJobsController],
      providers: [BoardQueues, UsersService],
    };
  }
}
