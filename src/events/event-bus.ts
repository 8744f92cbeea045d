import { EventEmitter } from 'node:events';

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

import { REDIS_URL } from '../app/core.module';
import { APP_CONFIG, AppConfig } from '../config/config';
import { createWorkerRedis } from '../redis/redis';

/** What happened, for the user it belongs to; the WebSocket feed sends these as they are. */
export type InreachEvent =
  | { type: 'job.progress'; userId: string; jobId: string; campaignId?: string; progress: unknown }
  | { type: 'job.completed'; userId: string; jobId: string; campaignId?: string; result: unknown }
  | { type: 'job.failed'; userId: string; jobId: string; campaignId?: string; error: string }
  | {
      type: 'activity';
      userId: string;
      accountId: string;
      campaignId: string | null;
      leadId: string;
      action: string;
      status: string;
      reason?: string;
    }
  | {
      type: 'quota.exhausted';
      userId: string;
      accountId: string;
      actionType: string;
      resumeAt: string | null;
    }
  | {
      type: 'account.status';
      userId: string;
      accountId: string;
      status: string;
      reason: string | null;
    };

export type InreachEventType = InreachEvent['type'];

/**
 * Events cross processes through Redis pub/sub: a worker on another machine publishes, every
 * API process relays to its WebSocket clients. Local listeners hear each event once, from Redis.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventBus.name);
  private readonly local = new EventEmitter();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @Inject(REDIS_URL) private readonly redisUrl: string,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:events`;
    this.local.setMaxListeners(100);
  }

  async onModuleInit(): Promise<void> {
    this.publisher = createWorkerRedis(this.redisUrl, { maxRetriesPerRequest: 1 });
    this.subscriber = createWorkerRedis(this.redisUrl);
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) =>
        this.logger.debug({ msg: 'event bus connection error', err: error.message }),
      );
    }
    this.subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    await this.subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    const connections = [this.subscriber, this.publisher].filter((one) => one !== null);
    await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
  }

  /** Publishes without ever failing the caller: a lost event must not fail a job. */
  publish(event: InreachEvent): void {
    if (!this.publisher) return;
    this.publisher.publish(this.channel, JSON.stringify(event)).catch((error: Error) => {
      this.logger.warn({ msg: 'event not published', type: event.type, err: error.message });
    });
  }

  /** Listens to every event (all users); returns a function that stops listening. */
  subscribe(listener: (event: InreachEvent) => void): () => void {
    this.local.on('event', listener);
    return () => this.local.off('event', listener);
  }

  private deliver(message: string): void {
    try {
      this.local.emit('event', JSON.parse(message) as InreachEvent);
    } catch (error) {
      this.logger.warn({ msg: 'bad event on the bus', err: (error as Error).message });
    }
  }
}
