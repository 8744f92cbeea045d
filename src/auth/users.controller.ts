import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

import { AppError } from '../common/errors';
import { Actor, CurrentActor } from './current-user';
import { UsersService } from './users.service';

export class CreateUserBody {
  @ApiProperty({ example: 'sam@example.com' })
  @IsEmail()
  email!: string;

  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;
}

class CreateKeyBody {
  @ApiProperty({ required: false, example: 'crm-sync' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  // Both spellings: /api/me is the short one, /api/users/me sits with the users routes.
  @Get(['me', 'users/me'])
  me(@CurrentActor() actor: Actor) {
    return { ...actor.user, actingFor: actor.userId };
  }

  @Post('users')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserBody) {
    if (!actor.user.isAdmin) throw new AppError('forbidden', 'Only an admin key may create users.');
    const created = await this.users.create(body.email, body.admin ?? false);
    return { ...created.user, apiKey: created.apiKey };
  }

  @Get('users')
  list(@CurrentActor() actor: Actor) {
    if (!actor.user.isAdmin) throw new AppError('forbidden', 'Only an admin key may list users.');
    return this.users.list();
  }

  @Get('keys')
  listKeys(@CurrentActor() actor: Actor) {
    return this.users.listKeys(actor.userId);
  }

  @Post('keys')
  createKey(@CurrentActor() actor: Actor, @Body() body: CreateKeyBody) {
    return this.users.createKey(actor.userId, body.name);
  }

  @Delete('keys/:id')
  @HttpCode(204)
  async revokeKey(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    await this.users.revokeKey(actor.userId, id, actor.keyId);
  }
}
