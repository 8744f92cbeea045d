import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';

import { Actor, CurrentActor } from '../auth/current-user';
import { UsersService } from '../auth/users.service';
import {
  AppError,
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DATABASE, Database } from '../database/database';
import { campaigns } from '../database/schema';
import { REDIS } from '../redis/redis';
import {
  JobHistoryRow,
  JobHistoryService,
  JobHistoryState,
  OPEN_JOB_STATES,
} from '../queues/job-history.service';
import { isQueueName } from '../queues/queue-definitions';
import { QueueService } from '../queues/queue.service';
import { WorkerService } from '../queues/worker.service';
import { toJobView } from './job-view';
import {
  CreateFollowRequestDto,
  JobPageView,
  JobView,
  PageQueryDto,
  WorkerStatsView,
} from './jobs.dto';

const STATS_TIMEOUT_MS = 1_000;

@ApiTags('jobs')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key, or one that is not valid' })
@Controller('api/jobs')
export class JobsController {
  constructor(
    private readonly queues: QueueService,
    private readonly history: JobHistoryService,
    private readonly workers: WorkerService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  @Post('follow-request')
  @ApiCreatedResponse({ type: JobView, description: 'The run is queued' })
  @ApiBadRequestResponse({ description: 'A field of the body is missing or wrong (named)' })
  @ApiForbiddenResponse({ description: "A userId other than the caller's, without an admin key" })
  @ApiNotFoundResponse({ description: 'Unknown campaign, or one of another user' })
  @ApiConflictResponse({
    description: 'The campaign is not active, or a run of it is already waiting or running',
  })
  @ApiServiceUnavailableResponse({ description: 'Redis is not reachable (answered within 1s)' })
  async createFollowRequest(
    @CurrentActor() actor: Actor,
    @Body() body: CreateFollowRequestDto,
  ): Promise<JobView> {
    const userId = await this.owner(actor, body.userId);
    await this.requireActive(userId, body.campaignId);
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
  @ApiOkResponse({
    type: WorkerStatsView,
    description:
      'The workers of every process on this Redis (state, concurrency, running now; for admins ' +
      'also host, pid and the counts); a user sees only their own running jobs. Without ' +
      "Redis, this process's only.",
  })
  async workerStats(@CurrentActor() actor: Actor): Promise<WorkerStatsView> {
    const admin = actor.user.isAdmin && actor.userId === actor.user.id;
    const visible = admin ? null : actor.userId;
    const processes = await withTimeout(this.workers.allStats(this.redis)).catch(() => null);
    const listed = processes ?? [
      {
        processId: 'this',
        host: '',
        pid: process.pid,
        mode: this.config.INREACH_MODE,
        seenAt: new Date().toISOString(),
        workers: this.workers.stats(),
      },
    ];
    const source = processes ? 'redis' : 'this-process';
    if (visible === null) return { mode: this.config.INREACH_MODE, source, processes: listed };
    // Hosts, pids and counts describe every tenant's work: for admins only.
    return {
      mode: this.config.INREACH_MODE,
      source,
      processes: listed.map(({ processId, mode, seenAt, workers }) => ({
        processId,
        mode,
        seenAt,
        workers: workers.map(({ queue, state, concurrency, running }) => ({
          queue,
          state,
          concurrency,
          running: running.filter((job) => job.userId === visible),
        })),
      })),
    };
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
    return toJobView(await this.withLiveState(row));
  }

  /** Whose job this is: the caller's, or with an admin key any existing user's. */
  private async owner(actor: Actor, given: string | undefined): Promise<string> {
    // A UUID in capitals names the same user; ids are kept in lower case.
    const requested = given?.toLowerCase();
    if (requested === undefined || requested === actor.userId) return actor.userId;
    if (actor.userId !== actor.user.id) {
      throw new ValidationError(
        `userId ${requested} differs from X-Act-As-User ${actor.userId}; send one of them`,
        { field: 'userId' },
      );
    }
    if (!actor.user.isAdmin) {
      throw new AppError(
        'forbidden',
        'userId must be your own; only an admin key may name another user.',
        {
          field: 'userId',
        },
      );
    }
    if (!(await this.users.findById(requested))) throw new NotFoundError('User', requested);
    return requested;
  }

  /** A run is queued for an active campaign only; any other would end at once, not run. */
  private async requireActive(userId: string, campaignId: string): Promise<void> {
    const [campaign] = await this.db
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.userId, userId)));
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
    if (campaign.status !== 'active') {
      throw new ConflictError(`Campaign ${campaignId} is ${campaign.status}; set it active first`, {
        campaignId,
        status: campaign.status,
      });
    }
  }

  /**
   * An open row is compared with Redis, which is ahead of the history by a moment; Redis's
   * answer is shown when they differ. Without Redis the row is shown as it is.
   */
  private async withLiveState(row: JobHistoryRow): Promise<JobHistoryRow> {
    if (!OPEN_JOB_STATES.includes(row.state as JobHistoryState) || !isQueueName(row.queue)) {
      return row;
    }
    const live = await this.queues.liveState(row.queue, row.id).catch(() => null);
    if (!live || live.state === 'missing' || live.state === row.state) return row;
    return {
      ...row,
      state: live.state,
      attempts: Math.max(row.attempts, live.attemptsMade),
      result: live.result ?? row.result,
      error: live.error ?? row.error,
      finishedAt: live.finishedAt ?? row.finishedAt,
    };
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

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('Redis did not answer within a second.')),
      STATS_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
