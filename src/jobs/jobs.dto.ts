import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';

import { MAX_IMPORT_LIMIT } from '../campaigns/campaign.dto';
import { MAX_PAGE, PageNumber, QueryInteger } from '../common/paging';

export class CreateFollowRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A campaign of the user' })
  @IsUUID()
  campaignId!: string;

  @ApiProperty({
    example: 20,
    minimum: 1,
    maximum: MAX_IMPORT_LIMIT,
    description:
      "Most invitations this run sends (a campaign's own importLimit has the same range)",
  })
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_LIMIT)
  importLimit!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The job's owner: the caller's own id, or any user's with an admin key",
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @PageNumber()
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @QueryInteger(1, 100)
  limit: number = 20;
}

export class PendingJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['waiting', 'released', 'cancelled'] })
  @IsOptional()
  @IsIn(['waiting', 'released', 'cancelled'])
  status?: 'waiting' | 'released' | 'cancelled';
}

export class JobView {
  @ApiProperty() id!: string;
  @ApiProperty() queue!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['waiting', 'delayed', 'active', 'completed', 'failed'] }) state!: string;
  @ApiPropertyOptional({ nullable: true }) campaignId!: string | null;
  @ApiPropertyOptional({ nullable: true }) accountId!: string | null;
  @ApiProperty({ description: 'The payload: ids only' }) data!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) progress!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) result!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) startedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) finishedAt!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class JobPageView {
  @ApiProperty({ type: [JobView] }) items!: JobView[];
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() total!: number;
}

export class RunningJobView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true }) userId!: string | null;
  @ApiPropertyOptional({ nullable: true }) accountId!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ description: '1 on the first run, 2 on the first retry...' }) attempt!: number;
}

export class WorkerView {
  @ApiProperty() queue!: string;
  @ApiProperty({ enum: ['running', 'paused', 'closed', 'disconnected'] }) state!: string;
  @ApiProperty() concurrency!: number;
  @ApiPropertyOptional({ description: 'Jobs completed since the process started (admins)' })
  completed?: number;
  @ApiPropertyOptional({
    description: 'Jobs that failed for good since the process started (admins)',
  })
  failed?: number;
  @ApiPropertyOptional({
    description: 'Jobs put back because their account was busy, no attempt used (admins)',
  })
  deferred?: number;
  @ApiProperty({ type: [RunningJobView] }) running!: RunningJobView[];
}

export class ProcessWorkersView {
  @ApiProperty() processId!: string;
  @ApiPropertyOptional({ description: 'Admins only' }) host?: string;
  @ApiPropertyOptional({ description: 'Admins only' }) pid?: number;
  @ApiProperty() mode!: string;
  @ApiProperty({ description: 'When the process last reported' }) seenAt!: string;
  @ApiProperty({ type: [WorkerView] }) workers!: WorkerView[];
}

export class WorkerStatsView {
  @ApiProperty({ description: 'The mode of the process that answered' }) mode!: string;
  @ApiProperty({ enum: ['redis', 'this-process'] }) source!: 'redis' | 'this-process';
  @ApiProperty({ type: [ProcessWorkersView] }) processes!: ProcessWorkersView[];
}

export class CapsDto {
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  daily?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  weekly?: number;
}

/** New caps per action type; each stays within its hard ceiling. */
export class UpdateLimitsDto {
  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  connections?: CapsDto;

  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  notes?: CapsDto;

  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  messages?: CapsDto;

  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  profileViews?: CapsDto;

  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  follows?: CapsDto;

  @ApiPropertyOptional({ type: CapsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapsDto)
  withdrawals?: CapsDto;
}
