import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { Actor, CurrentActor } from '../auth/current-user';
import { PageQueryDto } from '../jobs/jobs.dto';
import { CampaignPreviewService } from './campaign-preview.service';
import {
  campaignIdPipe,
  CreateCampaignDto,
  PreviewDto,
  refuseNulls,
  UpdateCampaignDto,
} from './campaign.dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly previews: CampaignPreviewService,
  ) {}

  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateCampaignDto) {
    refuseNulls(body);
    return this.campaigns.create(actor.userId, body);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.campaigns.list(actor.userId, query.page, query.limit);
  }

  /** The campaign with its progress, counted from its leads. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', campaignIdPipe) id: string) {
    return this.campaigns.get(actor.userId, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', campaignIdPipe) id: string,
    @Body() body: UpdateCampaignDto,
  ) {
    refuseNulls(body);
    return this.campaigns.update(actor.userId, id, body);
  }

  /** 409 while the campaign is active: pause it first. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', campaignIdPipe) id: string) {
    await this.campaigns.remove(actor.userId, id);
  }

  /** Renders the note and messages for a few leads, or says why each would be skipped. */
  @Post(':id/preview')
  @HttpCode(200)
  preview(
    @CurrentActor() actor: Actor,
    @Param('id', campaignIdPipe) id: string,
    @Body() body: PreviewDto,
  ) {
    return this.previews.preview(actor.userId, id, body);
  }
}
