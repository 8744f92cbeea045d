import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';

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

// Events published within this window travel as one Redis message: one PUBLISH per burst
// instead of one per job, a delay nobody watching the feed notices.
const PUBLISH_WINDOW_MS = 5;
const MAX_EVENTS_PER_MESSAGE = 500;
const SUBSCRIBE_WAIT_MS = 2_000;

/**
 * Events cross processes through Redis pub/sub: a worker on another machine publishes, every
 * API process relays to its WebSocket clients. Local listeners hear each event once, from Redis.
 * A message carries a JSON array of events, in the order they were published.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventBus.name);
  private readonly listeners = new Set<(event: InreachEvent) => void>();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly channel: string;
  private pending: InreachEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(REDIS_URL) private readonly redisUrl: string,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:events`;
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
    // With Redis down the start goes on; ioredis subscribes once it connects.
    const subscribed = this.subscriber.subscribe(this.channel).then(() => true);
    subscribed.catch(() => undefined);
    const waited = await Promise.race([subscribed, delay(SUBSCRIBE_WAIT_MS).then(() => false)]);
    if (!waited) {
      this.logger.warn({ msg: 'Redis does not answer; the live feed starts once it does' });
    }
  }

  async onModuleDestroy(): Promise<void> {
    // The last events still go out: quit sends them before it closes the connection.
    this.sendPending();
    this.listeners.clear();
    const connections = [this.subscriber, this.publisher].filter((one) => one !== null);
    this.publisher = null;
    await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
  }

  /**
   * Publishes without ever failing the caller: a lost event must not fail a job. The event
   * leaves with the others published within a few milliseconds.
   */
  publish(event: InreachEvent): void {
    if (!this.publisher) return;
    this.pending.push(event);
    if (this.pending.length >= MAX_EVENTS_PER_MESSAGE) this.sendPending();
    else this.timer ??= setTimeout(() => this.sendPending(), PUBLISH_WINDOW_MS);
  }

  /** Listens to every event (all users); returns a function that stops listening. */
  subscribe(listener: (event: InreachEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private sendPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || !this.publisher) return;

    const events = this.pending;
    this.pending = [];
    this.publisher.publish(this.channel, JSON.stringify(events)).catch((error: Error) => {
      this.logger.warn({ msg: 'events not published', count: events.length, err: error.message });
    });
  }

  private deliver(message: string): void {
    // A worker-only process has no listeners: nothing to parse for.
    if (this.listeners.size === 0) return;
    let events: InreachEvent[];
    try {
      const parsed = JSON.parse(message) as InreachEvent | InreachEvent[];
      // A single object is what a process of an older version sends.
      events = Array.isArray(parsed) ? parsed : [parsed];
    } catch (error) {
      this.logger.warn({ msg: 'bad message on the event bus', err: (error as Error).message });
      return;
    }

    // One listener's failure costs neither the other listeners nor the other events.
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.warn({
            msg: 'event listener failed',
            type: event.type,
            err: (error as Error).message,
          });
        }
      }
    }
  }
}
