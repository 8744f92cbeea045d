import { Global, Module } from '@nestjs/common';

import { UsersService } from '../auth/users.service';
import { EventBus } from './event-bus';
import { EventsGateway } from './events.gateway';

@Global()
@Module({
  providers: [EventBus, EventsGateway, UsersService],
  exports: [EventBus],
})
export class EventsModule {}
