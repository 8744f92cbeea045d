import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { and, eq } from 'drizzle-orm';

import { Actor, CurrentActor } from '../auth/current-user';
import { DATABASE, Database } from '../database/database';
import { newestFirstPage } from '../database/newest-first';
import { pendingJobs } from '../database/schema';
import { PendingJobsQueryDto } from './jobs.dto';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/pending-jobs')
export class PendingJobsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOkResponse({
    description: "The user's parked work with its reason and earliest time, newest first",
  })
  async list(@CurrentActor() actor: Actor, @Query() query: PendingJobsQueryDto) {
    const where = and(
      eq(pendingJobs.userId, actor.userId),
      query.status ? eq(pendingJobs.status, query.status) : undefined,
    );
    return newestFirstPage(this.db, pendingJobs, where, query.page, query.limit);
  }
}
