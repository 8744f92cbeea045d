import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { AccountsController } from '../accounts/accounts.controller';
import { AccountsService } from '../accounts/accounts.service';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { LocalController } from '../auth/local.controller';
import { UsersController } from '../auth/users.controller';
import { UsersService } from '../auth/users.service';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ErrorFilter } from '../common/error.filter';
import { EventsModule } from '../events/events.module';
import { HealthController } from '../health/health.controller';
import { JobsModule } from '../jobs/jobs.module';
import { LinkedInModule } from '../linkedin/linkedin.module';
import { ProcessorsModule } from '../processors/processors.module';
import { CoreDependencies, CoreModule } from './core.module';

@Module({
  controllers: [HealthController, UsersController, AccountsController, LocalController],
  providers: [
    UsersService,
    AccountsService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [UsersService, AccountsService],
})
export class FoundationModule {}

/** The whole service; which parts run is decided by INREACH_MODE inside each module. */
@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        FoundationModule,
        EventsModule,
        JobsModule.register(),
        CampaignsModule,
        LinkedInModule,
        ProcessorsModule,
      ],
    };
  }
}
