import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { IANAZone } from 'luxon';

import { NestedObject } from '../common/nested-object';
import { canonicalTimeZone } from './time-zone';

@ValidatorConstraint({ name: 'ianaTimezone' })
class IsIanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && IANAZone.isValidZone(value);
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone name such as Europe/Berlin or America/New_York';
  }
}

function urlOf(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

@ValidatorConstraint({ name: 'proxyUrl' })
class IsProxyUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const url = urlOf(value);
    return (
      url !== null && ['http:', 'https:', 'socks5:'].includes(url.protocol) && url.hostname !== ''
    );
  }
  defaultMessage(): string {
    return 'proxy must be a URL such as http://user:pass@host:8080 or socks5://host:1080';
  }
}

// Chromium cannot authenticate to a SOCKS5 proxy: every run would fail to connect.
@ValidatorConstraint({ name: 'socksWithoutCredentials' })
class SocksWithoutCredentials implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const url = urlOf(value);
    if (url?.protocol !== 'socks5:') return true;
    return url.username === '' && url.password === '';
  }
  defaultMessage(): string {
    return (
      'proxy: Chromium cannot log in to a SOCKS5 proxy, so a socks5 proxy must not carry a ' +
      'username or password; use socks5://host:1080 without them, or an http:// proxy'
    );
  }
}

// RFC 6265 cookie-octets: printable ASCII but space, '"', ',', ';' and '\'.
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

/**
 * Optional, but not nullable: a field left out is skipped, while null is refused (IsOptional
 * would let it through to the database). Put it first: its message is the one shown.
 */
function NotNullWhenGiven(): PropertyDecorator {
  const skipAbsent = ValidateIf((_object, value) => value !== undefined);
  const refuseNull = Validate(IsNotNull);
  return (target, property) => {
    skipAbsent(target, property);
    refuseNull(target, property);
  };
}

@ValidatorConstraint({ name: 'notNull' })
class IsNotNull implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value !== null;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} cannot be null; leave it out to keep it as it is`;
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

  @ApiPropertyOptional({
    description:
      'The value of the li_at session cookie (without "li_at="); or give email and password. ' +
      'One LinkedIn login connects to one account only: 409 when it is connected already.',
  })
  @NotNullWhenGiven()
  @IsString()
  @MinLength(10)
  @MaxLength(4000)
  @Matches(COOKIE_VALUE, {
    message:
      'liAt must be the cookie value alone: printable ASCII without spaces, line breaks, ' +
      'quotes, commas, semicolons or backslashes',
  })
  @Matches(/^(?!li_at=)/i, { message: 'liAt is the cookie value alone: leave out "li_at="' })
  liAt?: string;

  @ApiPropertyOptional({ example: 'sam@example.com' })
  @NotNullWhenGiven()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @NotNullWhenGiven()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC' })
  @NotNullWhenGiven()
  @Validate(IsIanaTimezone)
  @Transform(({ value }: { value: unknown }) => canonicalTimeZone(value))
  timezone?: string;

  @ApiPropertyOptional({ type: WorkingHoursDto })
  @NestedObject(
    () => WorkingHoursDto,
    'workingHours must be an object with days, start and end (not an array); it cannot be null',
  )
  workingHours?: WorkingHoursDto;

  @ApiPropertyOptional({
    default: false,
    description:
      'Free accounts send notes of up to 200 characters: turning premium off is refused (422) ' +
      'while a campaign of the account has a note that can never fit them.',
  })
  @NotNullWhenGiven()
  @IsBoolean()
  isPremium?: boolean;

  @ApiPropertyOptional({
    type: String,
    example: 'http://user:pass@proxy.example:8080',
    nullable: true,
    description:
      'http, https or socks5; a socks5 proxy without username and password (Chromium cannot ' +
      'log in to one). null means no proxy (on PATCH: remove the one set)',
  })
  @IsOptional()
  @Validate(IsProxyUrl)
  @Validate(SocksWithoutCredentials)
  proxy?: string | null;
}

/** Every field optional; only proxy takes null (to remove it), other fields refuse null. */
export class UpdateAccountDto extends OmitType(CreateAccountDto, ['label']) {
  @ApiPropertyOptional({ example: 'Sam (sales)' })
  @NotNullWhenGiven()
  @IsString()
  @Matches(/\S/, { message: 'label must not be blank' })
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional({ enum: ['active', 'paused'] })
  @NotNullWhenGiven()
  @IsIn(['active', 'paused'], { message: 'status can be set to active or paused' })
  status?: 'active' | 'paused';
}
