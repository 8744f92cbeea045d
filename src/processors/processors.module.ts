import { Module } from '@nestjs/common';

import { ActivitiesController } from '../activities/activities.controller';
import { ActivityLog } from '../activities/activity-log';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { LinkedInModule } from '../linkedin/linkedin.module';
import { FollowRequestProcessor } from './follow-request.processor';

/**
 * The job handlers that work campaigns (WorkerService finds them by their @HandlesJob mark) and
 * the activity log they write, with its API.
 */
@Module({
  imports: [CampaignsModule, LinkedInModule],
  controllers: [ActivitiesController],
  providers: [ActivityLog, FollowRequestProcessor],
  exports: [ActivityLog],
})
export class ProcessorsModule {}
