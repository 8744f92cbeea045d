import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

import { Actor, CurrentActor } from '../auth/current-user';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobHistoryService, JobHistoryState } from '../queues/job-history.service';
import { QueueService } from '../queues/queue.service';
import { WorkerService } from '../queues/worker.service';
import { toJobView } from './job-view';
import { CreateFollowRequestDto, JobPageView, JobView, PageQueryDto } from './jobs.dto';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/jobs')
export class JobsController {
  constructor(
    private readonly queues: QueueService,
    private readonly history: JobHistoryService,
    private readonly workers: WorkerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('follow-request')
  @ApiCreatedResponse({ type: JobView, description: 'The run is queued' })
  @ApiNotFoundResponse({ description: 'Unknown campaign, or one of another user' })
  @ApiConflictResponse({ description: 'A run of the campaign is already waiting or running' })
  @ApiServiceUnavailableResponse({ description: 'Redis is not reachable' })
  async createFollowRequest(
    @CurrentActor() actor: Actor,
    @Body() body: CreateFollowRequestDto,
  ): Promise<JobView> {
    const userId = body.userId ?? actor.userId;
    // Only an admin key may queue for someone else; to others that user does not exist.
    if (userId !== actor.userId && !actor.user.isAdmin) throw new NotFoundError('User', userId);

    const job = await this.queues.addFollowRequestJob(userId, body.campaignId, {
      importLimit: body.importLimit,
    });
    const row = await this.history.get(userId, job.id);
    return toJobView(row!);
  }

  @Get('stats/queue')
  @ApiOkResponse({ description: "Counts per queue and state: the user's jobs, or all for admins" })
  async queueStats(@CurrentActor() actor: Actor) {
    const admin = actor.user.isAdmin && actor.userId === actor.user.id;
    const counts = await this.history.counts(admin ? null : actor.userId);
    if (!admin) return { scope: 'user', queues: counts };
    // Redis's own counts include system jobs; they are left out while Redis is away.
    const live = await this.queues.liveCounts().catch(() => null);
    return { scope: 'all', queues: counts, live };
  }

  @Get('stats/workers')
  @ApiOkResponse({ description: 'The workers of this process' })
  workerStats() {
    return { mode: this.config.INREACH_MODE, workers: this.workers.stats() };
  }

  @Get('waiting')
  @ApiOkResponse({ type: JobPageView, description: 'Waiting and delayed jobs, newest first' })
  waiting(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.page(actor, ['waiting', 'delayed'], query);
  }

  @Get('active')
  @ApiOkResponse({ type: JobPageView })
  active(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.page(actor, ['active'], query);
  }

  @Get('completed')
  @ApiOkResponse({ type: JobPageView })
  completed(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.page(actor, ['completed'], query);
  }

  @Get('failed')
  @ApiOkResponse({ type: JobPageView })
  failed(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.page(actor, ['failed'], query);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobView })
  @ApiNotFoundResponse({ description: 'Unknown job, or one of another user' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<JobView> {
    const row = await this.history.get(actor.userId, id);
    if (!row) throw new NotFoundError('Job', id);
    return toJobView(row);
  }

  private async page(
    actor: Actor,
    states: JobHistoryState[],
    query: PageQueryDto,
  ): Promise<JobPageView> {
    const page = await this.history.list(actor.userId, states, query.page, query.limit);
    return { ...page, items: page.items.map(toJobView) };
  }
}
