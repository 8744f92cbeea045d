import { ParseUUIDPipe } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  validateSync,
  type ValidationArguments,
} from 'class-validator';

import { ValidationError } from '../common/errors';
import { MAX_PAGE, PageNumber, QueryInteger } from '../common/paging';
import { campaignLeadState, campaignStatus, sourceType } from '../database/schema';

export const SOURCE_TYPES = sourceType.enumValues;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const WHEN_NOTES_RUN_OUT = ['send_without_note', 'skip'] as const;
export type WhenNotesRunOut = (typeof WHEN_NOTES_RUN_OUT)[number];

export const MAX_IMPORT_LIMIT = 100;
export const DEFAULT_IMPORT_LIMIT = 20;

/** The `:id` of a campaign route; a malformed one is a 400 naming `id`. */
export const campaignIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError('id must be a UUID', { field: 'id' }),
});

// Fields whose columns have no null: left out, they keep their value (or take the default).
const NOT_NULL_FIELDS = [
  'name',
  'accountId',
  'source',
  'whenNotesRunOut',
  'importLimit',
  'messageSequence',
  'stopOnReply',
  'status',
] as const;

/** A 400 naming the first field sent as null that cannot be null (`IsOptional` lets null by). */
export function refuseNulls(body: object): void {
  const values = body as Record<string, unknown>;
  const field = NOT_NULL_FIELDS.find((name) => values[name] === null);
  if (field !== undefined) {
    throw new ValidationError(`${field} cannot be null; leave it out to keep its value`, {
      field,
    });
  }
}

export class CampaignSourceDto {
  @ApiProperty({ enum: SOURCE_TYPES })
  @IsIn(SOURCE_TYPES, { message: `type must be one of ${SOURCE_TYPES.join(', ')}` })
  type!: SourceType;

  @ApiPropertyOptional({
    description: 'The search, post or event URL; not used by csv campaigns',
    example: 'https://www.linkedin.com/search/results/people/?keywords=cto',
  })
  @ValidateIf((source: CampaignSourceDto) => source.type !== 'csv')
  @MaxLength(4000)
  @IsString({ message: 'url is required for this source type' })
  url?: string;
}

/**
 * Checks `source` as one object of its own rules. Unlike `ValidateNested`, it never walks into
 * an array, so `source: [[[...]]]` is refused at once instead of recursing level by level.
 */
function IsCampaignSource(): PropertyDecorator {
  return ValidateBy({
    name: 'campaignSource',
    validator: {
      validate: (value: unknown) => sourceProblems(value).length === 0,
      defaultMessage: (args?: ValidationArguments) => sourceProblems(args?.value).join('; '),
    },
  });
}

function sourceProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['source must be an object such as {"type": "search", "url": "..."}'];
  }
  const source =
    value instanceof CampaignSourceDto ? value : plainToInstance(CampaignSourceDto, value);
  if (source.type === 'csv' && source.url !== undefined) {
    return ['source.url is not used by a csv campaign (its leads come from uploads); leave it out'];
  }
  const errors = validateSync(source, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `source.${text}` : `source.${error.property}: ${text}`,
    ),
  );
}

const NOT_BLANK = /\S/;
// An array inside the sequence would otherwise reach the template compiler as a step.
const MESSAGE_STEP_SHAPE =
  'each step of messageSequence must be an object such as {"delayDays": 2, "template": "..."}';

export class MessageStepDto {
  @ApiProperty({ description: 'Days after the acceptance (or the previous message)', example: 2 })
  @IsInt()
  @Min(0)
  @Max(365)
  delayDays!: number;

  @ApiProperty({ example: 'Thanks for connecting, {{firstName | there}}!' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'template must not be blank' })
  @MaxLength(8000)
  template!: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'CTOs in Berlin' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'One of your LinkedIn accounts' })
  @IsUUID('all', { message: 'accountId must be the id of one of your accounts' })
  accountId!: string;

  @ApiProperty({ type: CampaignSourceDto })
  @IsDefined({ message: 'source is required, for example {"type": "csv"}' })
  @IsCampaignSource()
  @Type(() => CampaignSourceDto)
  source!: CampaignSourceDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '{Hi|Hello} {{firstName | there}}, I saw your work at {{company}}.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  noteTemplate?: string | null;

  @ApiPropertyOptional({ enum: WHEN_NOTES_RUN_OUT, default: 'send_without_note' })
  @IsOptional()
  @IsIn(WHEN_NOTES_RUN_OUT, {
    message: `whenNotesRunOut must be one of ${WHEN_NOTES_RUN_OUT.join(', ')}`,
  })
  whenNotesRunOut?: WhenNotesRunOut;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_IMPORT_LIMIT, default: DEFAULT_IMPORT_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_LIMIT)
  importLimit?: number;

  @ApiPropertyOptional({ type: [MessageStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true, message: MESSAGE_STEP_SHAPE })
  @ValidateNested({ each: true })
  @Type(() => MessageStepDto)
  messageSequence?: MessageStepDto[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  stopOnReply?: boolean;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  withdrawAfterDays?: number | null;

  @ApiPropertyOptional({ enum: ['draft', 'active'], default: 'draft' })
  @IsOptional()
  @IsIn(['draft', 'active'], { message: 'status of a new campaign must be draft or active' })
  status?: 'draft' | 'active';
}

export class UpdateCampaignDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only while the campaign is a draft' })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be the id of one of your accounts' })
  accountId?: string;

  @ApiPropertyOptional({
    type: CampaignSourceDto,
    description: 'Only while the campaign is a draft',
  })
  @IsOptional()
  @IsCampaignSource()
  @Type(() => CampaignSourceDto)
  source?: CampaignSourceDto;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  noteTemplate?: string | null;

  @ApiPropertyOptional({ enum: WHEN_NOTES_RUN_OUT })
  @IsOptional()
  @IsIn(WHEN_NOTES_RUN_OUT, {
    message: `whenNotesRunOut must be one of ${WHEN_NOTES_RUN_OUT.join(', ')}`,
  })
  whenNotesRunOut?: WhenNotesRunOut;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_IMPORT_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_LIMIT)
  importLimit?: number;

  @ApiPropertyOptional({ type: [MessageStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true, message: MESSAGE_STEP_SHAPE })
  @ValidateNested({ each: true })
  @Type(() => MessageStepDto)
  messageSequence?: MessageStepDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  stopOnReply?: boolean;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  withdrawAfterDays?: number | null;

  @ApiPropertyOptional({ enum: campaignStatus.enumValues })
  @IsOptional()
  @IsIn(campaignStatus.enumValues, {
    message: `status must be one of ${campaignStatus.enumValues.join(', ')}`,
  })
  status?: (typeof campaignStatus.enumValues)[number];
}

export class PreviewDto {
  @ApiPropertyOptional({ type: [String], description: 'Lead ids; the first leads by default' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'leadIds must hold lead ids' })
  leadIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class ListLeadsQueryDto {
  @ApiPropertyOptional({ enum: campaignLeadState.enumValues })
  @IsOptional()
  @IsIn(campaignLeadState.enumValues, {
    message: `state must be one of ${campaignLeadState.enumValues.join(', ')}`,
  })
  state?: (typeof campaignLeadState.enumValues)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @PageNumber()
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @QueryInteger(1, 500)
  limit?: number;
}
