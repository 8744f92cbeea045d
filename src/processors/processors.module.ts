import { Module } from '@nestjs/common';

import { ActivityLog } from '../activities/activity-log';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { LinkedInModule } from '../linkedin/linkedin.module';
import { FollowRequestProcessor } from './follow-request.processor';

/** The job handlers that work campaigns; WorkerService finds them by their @HandlesJob mark. */
@Module({
  imports: [CampaignsModule, LinkedInModule],
  providers: [ActivityLog, FollowRequestProcessor],
  exports: [ActivityLog],
})
export class ProcessorsModule {}
