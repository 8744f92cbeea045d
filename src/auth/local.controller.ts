import { timingSafeEqual } from 'node:crypto';

import { Body, Controller, Headers, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { LOCAL_TOKEN_HEADER } from '../app/service-state';
import { AppError } from '../common/errors';
import { Public } from './current-user';
import { CreateUserBody } from './users.controller';
import { UsersService } from './users.service';

export const LOCAL_TOKEN = Symbol('LOCAL_TOKEN');

/**
 * For `inreach users create` while the service holds the embedded database: the command
 * proves it runs on this machine as this user by the token in <data>/service.json (0600).
 */
@ApiExcludeController()
@Controller('api/local')
export class LocalController {
  private readonly token: Buffer;

  constructor(
    @Inject(LOCAL_TOKEN) token: string,
    private readonly users: UsersService,
  ) {
    this.token = Buffer.from(token);
  }

  @Public()
  @Post('users')
  async createUser(
    @Headers(LOCAL_TOKEN_HEADER) token: string | undefined,
    @Body() body: CreateUserBody,
  ) {
    const given = Buffer.from(token ?? '');
    if (given.length !== this.token.length || !timingSafeEqual(given, this.token)) {
      throw new AppError(
        'unauthorized',
        `Send the local token of service.json as ${LOCAL_TOKEN_HEADER}.`,
      );
    }
    const created = await this.users.create(body.email, body.admin ?? false);
    return { ...created.user, apiKey: created.apiKey };
  }
}
