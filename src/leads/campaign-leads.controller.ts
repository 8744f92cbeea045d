import { Controller, Get, HttpCode, Inject, Logger, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { Actor, CurrentActor } from '../auth/current-user';
import { AppError, ConflictError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { describeSource } from '../campaigns/campaign-source';
import { CampaignsService } from '../campaigns/campaigns.service';
import { campaignIdPipe, ListLeadsQueryDto } from '../campaigns/campaign.dto';
import { CampaignLeadsService } from './campaign-leads.service';
import { receiveCsvUpload, spoolUpload, UploadNotReceivedError, UPLOAD_FIELD } from './csv-upload';
import { LeadImportService } from './lead-import.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns/:id/leads')
export class CampaignLeadsController {
  private readonly logger = new Logger(CampaignLeadsController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
    private readonly importer: LeadImportService,
    private readonly campaignLeads: CampaignLeadsService,
  ) {}

  /**
   * Imports an uploaded CSV (kept on disk until read) into a csv campaign, all of it or nothing,
   * and reports every line it did not take.
   */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', campaignIdPipe) id: string,
    @Req() request: Request,
  ) {
    const campaign = await this.campaigns.findOwned(actor.userId, id);
    if (campaign.sourceType !== 'csv') {
      throw new ConflictError(
        `This campaign finds its leads in ${describeSource(campaign.sourceType)}; only csv ` +
          'campaigns take files',
        { sourceType: campaign.sourceType },
      );
    }
    if (campaign.status === 'archived') {
      throw new ConflictError('The campaign is archived; unarchive it before adding leads');
    }

    const maxBytes = this.config.LEAD_IMPORT_MAX_BYTES;
    const upload = await receiveCsvUpload(request, maxBytes);
    try {
      const spooled = await spoolUpload(upload).catch((error: unknown) => {
        throw this.uploadFailed(campaign.id, error);
      });
      try {
        return await this.importer.importCsv(campaign, spooled.open(), {
          maxBytes,
          signal: upload.signal,
        });
      } finally {
        await spooled.remove();
      }
    } finally {
      upload.release();
    }
  }

  /** Logs an upload that never arrived whole (no lead data in the line); answers its problem. */
  private uploadFailed(campaignId: string, error: unknown): unknown {
    if (!(error instanceof UploadNotReceivedError)) return error;
    const { problem, bytesReceived } = error;
    const details = problem instanceof AppError ? problem.details : undefined;
    this.logger.warn({
      msg: 'lead upload not received whole',
      campaignId,
      bytesReceived,
      reason: (details as { reason?: string } | undefined)?.reason ?? (problem as Error).message,
    });
    return problem;
  }

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', campaignIdPipe) id: string,
    @Query() query: ListLeadsQueryDto,
  ) {
    const campaign = await this.campaigns.findOwned(actor.userId, id);
    return this.campaignLeads.list(campaign.id, query);
  }
}
