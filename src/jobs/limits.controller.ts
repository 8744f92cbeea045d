import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { Actor, CurrentActor } from '../auth/current-user';
import { LinkedInSettingsService } from '../limits/linkedin-settings.service';
import { UpdateLimitsDto } from './jobs.dto';

@ApiTags('limits')
@ApiBearerAuth()
@Controller('api/accounts/:id')
export class LimitsController {
  constructor(private readonly settings: LinkedInSettingsService) {}

  @Get('limits')
  @ApiOkResponse({ description: 'Daily and weekly caps per action type, ceilings and warm-up' })
  @ApiNotFoundResponse()
  limits(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.settings.getLimits(actor.userId, id);
  }

  @Put('limits')
  @ApiOkResponse({ description: 'The caps after the change' })
  @ApiUnprocessableEntityResponse({ description: 'A cap above its hard ceiling (named)' })
  setLimits(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateLimitsDto,
  ) {
    return this.settings.setLimits(actor.userId, id, body);
  }

  @Get('usage')
  @ApiOkResponse({
    description: 'Used and left per type, today and this week, and when each resets',
  })
  usage(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.settings.getOwnedUsage(actor.userId, id);
  }
}
