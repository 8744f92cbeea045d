import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

import { MAX_IMPORT_LIMIT } from '../campaigns/campaign.dto';
import { NestedObject } from '../common/nested-object';
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
  @ApiPropertyOptional({ type: String, nullable: true }) campaignId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) accountId!: string | null;
  @ApiProperty({ description: 'The payload: ids only' }) data!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) progress!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) result!: Record<string, unknown> | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why it failed, or why its last attempt failed while a retry waits',
  })
  error!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) startedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt!: string | null;
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
  @ApiPropertyOptional({ type: String, nullable: true }) userId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) accountId!: string | null;
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

// Left out, a cap keeps its value; null is refused (IsOptional would let it through as "keep").
export class CapsDto {
  @ApiPropertyOptional({ minimum: 0 })
  @ValidateIf((_caps, value) => value !== undefined)
  @IsInt({ message: '$property must be an integer' })
  @Min(0)
  daily?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @ValidateIf((_caps, value) => value !== undefined)
  @IsInt({ message: '$property must be an integer' })
  @Min(0)
  weekly?: number;
}

const CAPS_SHAPE = '$property must be an object with daily and/or weekly';

@ValidatorConstraint({ name: 'namesACap' })
class NamesACap implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const caps = value as Partial<CapsDto> | null;
    return caps?.daily !== undefined || caps?.weekly !== undefined;
  }
}

/**
 * The caps of one action type: an object naming daily, weekly or both. null, an array or {}
 * are refused: each would change nothing while the caller believes the caps changed.
 */
const CapsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: CapsDto }),
    Validate(NamesACap, { message: CAPS_SHAPE }),
    NestedObject(() => CapsDto, CAPS_SHAPE),
  );

/** New caps per action type; each stays within its hard ceiling. */
export class UpdateLimitsDto {
  @CapsField() connections?: CapsDto;
  @CapsField() notes?: CapsDto;
  @CapsField() messages?: CapsDto;
  @CapsField() profileViews?: CapsDto;
  @CapsField() follows?: CapsDto;
  @CapsField() withdrawals?: CapsDto;
}
