import { Module } from '@nestjs/common';

import { AccountsService } from '../accounts/accounts.service';
import { LinkedInAutomationService } from './linkedin-automation.service';

/**
 * The LinkedIn client: sessions, login and page objects behind LinkedInAutomationService.
 * The account lease, config and event bus come from global modules.
 */
@Module({
  // AccountsService is stateless; a local instance avoids importing the app module back.
  providers: [AccountsService, LinkedInAutomationService],
  exports: [LinkedInAutomationService],
})
export class LinkedInModule {}
