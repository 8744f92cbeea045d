import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { and, eq } from 'drizzle-orm';

import { Actor, CurrentActor } from '../auth/current-user';
import { DATABASE, Database } from '../database/database';
import { newestFirstPage } from '../database/newest-first';
import { activities, activityAction, activityStatus } from '../database/schema';
import { PageQueryDto } from '../jobs/jobs.dto';

export class ActivitiesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a campaign id' })
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leadId must be a lead id' })
  leadId?: string;

  @ApiPropertyOptional({ enum: activityAction.enumValues })
  @IsOptional()
  @IsIn(activityAction.enumValues, {
    message: `action must be one of ${activityAction.enumValues.join(', ')}`,
  })
  action?: (typeof activityAction.enumValues)[number];

  @ApiPropertyOptional({ enum: activityStatus.enumValues })
  @IsOptional()
  @IsIn(activityStatus.enumValues, {
    message: `status must be one of ${activityStatus.enumValues.join(', ')}`,
  })
  status?: (typeof activityStatus.enumValues)[number];
}

/** What the engine did on LinkedIn, as recorded: every invitation with its note and outcome. */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('api/activities')
export class ActivitiesController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOkResponse({ description: "The user's activities, newest first, filtered as asked" })
  async list(@CurrentActor() actor: Actor, @Query() query: ActivitiesQueryDto) {
    const where = and(
      eq(activities.userId, actor.userId),
      query.campaignId ? eq(activities.campaignId, query.campaignId) : undefined,
      query.accountId ? eq(activities.accountId, query.accountId) : undefined,
      query.leadId ? eq(activities.leadId, query.leadId) : undefined,
      query.action ? eq(activities.action, query.action) : undefined,
      query.status ? eq(activities.status, query.status) : undefined,
    );
    return newestFirstPage(this.db, activities, where, query.page, query.limit);
  }
}
