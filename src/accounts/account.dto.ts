import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  ValidationArguments,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { IANAZone } from 'luxon';

@ValidatorConstraint({ name: 'ianaTimezone' })
class IsIanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && IANAZone.isValidZone(value);
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone name such as Europe/Berlin or America/New_York';
  }
}

@ValidatorConstraint({ name: 'proxyUrl' })
class IsProxyUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return ['http:', 'https:', 'socks5:'].includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'proxy must be a URL such as http://user:pass@host:8080 or socks5://host:1080';
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// An end may also be 24:00, the end of the day: 00:00 to 24:00 is the whole day.
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

// A window may run past midnight (22:00 to 06:00), but one that starts where it ends is empty.
@ValidatorConstraint({ name: 'differsFromStart' })
class DiffersFromStart implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value !== (args.object as { start?: unknown }).start;
  }
  defaultMessage(): string {
    return 'end must differ from start (a window may run past midnight, such as 22:00 to 06:00)';
  }
}

export class WorkingHoursDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 is Monday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique({ message: 'days must not repeat a weekday' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days!: number[];

  @ApiProperty({ example: '09:00' })
  @Matches(TIME, { message: 'start must be a time as HH:MM' })
  start!: string;

  @ApiProperty({ example: '18:00', description: 'HH:MM, or 24:00 for the end of the day' })
  @Matches(END_TIME, { message: 'end must be a time as HH:MM (24:00 is the end of the day)' })
  @Validate(DiffersFromStart)
  end!: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'Sam (sales)' })
  @IsString()
  @Matches(/\S/, { message: 'label must not be blank' })
  @MaxLength(100)
  label!: string;

  @ApiPropertyOptional({ description: 'The li_at session cookie; or give email and password' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(4000)
  liAt?: string;

  @ApiPropertyOptional({ example: 'sam@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC' })
  @IsOptional()
  @Validate(IsIanaTimezone)
  timezone?: string;

  @ApiPropertyOptional({ type: WorkingHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isPremium?: boolean;

  @ApiPropertyOptional({ example: 'http://user:pass@proxy.example:8080', nullable: true })
  @IsOptional()
  @Validate(IsProxyUrl)
  proxy?: string | null;
}

export class UpdateAccountDto extends PartialType(CreateAccountDto) {
  @ApiPropertyOptional({ enum: ['active', 'paused'] })
  @IsOptional()
  @IsIn(['active', 'paused'], { message: 'status can be set to active or paused' })
  status?: 'active' | 'paused';
}
