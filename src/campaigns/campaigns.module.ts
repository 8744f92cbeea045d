import { Module } from '@nestjs/common';

import { AccountsService } from '../accounts/accounts.service';
import { CampaignLeadsController } from '../leads/campaign-leads.controller';
import { CampaignLeadsService } from '../leads/campaign-leads.service';
import { LeadImportService } from '../leads/lead-import.service';
import { CampaignPreviewService } from './campaign-preview.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

/** Campaigns, their leads, lead files and previews; exports the service the processors use. */
@Module({
  controllers: [CampaignsController, CampaignLeadsController],
  // AccountsService is stateless; a local instance avoids importing the app module back.
  providers: [
    AccountsService,
    CampaignsService,
    CampaignPreviewService,
    LeadImportService,
    CampaignLeadsService,
  ],
  exports: [CampaignsService, LeadImportService],
})
export class CampaignsModule {}
