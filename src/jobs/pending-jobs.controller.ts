import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { and, count, desc, eq } from 'drizzle-orm';

import { Actor, CurrentActor } from '../auth/current-user';
import { DATABASE, Database } from '../database/database';
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
    const [items, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(pendingJobs)
        .where(where)
        .orderBy(desc(pendingJobs.createdAt), desc(pendingJobs.id))
        .limit(query.limit)
        .offset((query.page - 1) * query.limit),
      this.db.select({ total: count() }).from(pendingJobs).where(where),
    ]);
    return { items, page: query.page, limit: query.limit, total };
  }
}
