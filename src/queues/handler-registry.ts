import { Injectable } from '@nestjs/common';

import { HandlerWiringError } from './job-errors';
import type { JobHandler } from './job-handler';
import { JOB_NAMES, QUEUE_NAMES, QueueName } from './queue-definitions';

/**
 * Queues whose real processors are not written yet: without handlers they get no worker and a
 * warning instead of a failed start.
 */
// TODO: drop each entry once its processor registers; then a missing one fails the start.
export const QUEUES_AWAITING_HANDLERS: readonly QueueName[] = ['follow-responses', 'messages'];

export interface HandlerPlan {
  /** Queues that get a worker, each with every job kind handled. */
  ready: QueueName[];
  /** Queues skipped because none of their kinds has a handler yet. */
  skipped: QueueName[];
}

/** Which handler runs which (queue, job name); filled by the decorator scan or by hand. */
@Injectable()
export class HandlerRegistry {
  private readonly handlers = new Map<string, JobHandler[]>();

  register(queue: QueueName, name: string, handler: JobHandler): void {
    const key = keyOf(queue, name);
    this.handlers.set(key, [...(this.handlers.get(key) ?? []), handler]);
  }

  resolve(queue: QueueName, name: string): JobHandler {
    const found = this.handlers.get(keyOf(queue, name));
    if (found?.length !== 1) {
      throw new HandlerWiringError(`No single handler for job ${name} on queue ${queue}.`);
    }
    return found[0];
  }

  /**
   * Checks the wiring for the given queues and says which get a worker. Fails, naming the fix,
   * when a job kind has two handlers, a handler serves an unknown kind, or a kind lacks one
   * (except whole queues listed in `awaiting`).
   */
  plan(
    queues: readonly QueueName[],
    awaiting: readonly QueueName[] = QUEUES_AWAITING_HANDLERS,
    jobNames: Record<QueueName, readonly string[]> = JOB_NAMES,
  ): HandlerPlan {
    const problems: string[] = [];
    for (const key of this.handlers.keys()) {
      const [queue, name] = key.split('\u0000');
      const known = (QUEUE_NAMES as readonly string[]).includes(queue);
      if (!known || !jobNames[queue as QueueName].includes(name)) {
        problems.push(`a handler is registered for unknown job ${name} on queue ${queue}`);
      }
    }

    const ready: QueueName[] = [];
    const skipped: QueueName[] = [];
    for (const queue of queues) {
      const counts = jobNames[queue].map((name) => ({
        name,
        count: this.handlers.get(keyOf(queue, name))?.length ?? 0,
      }));
      for (const { name, count } of counts) {
        if (count > 1) problems.push(`job ${name} on queue ${queue} has ${count} handlers`);
      }
      const none = counts.every(({ count }) => count === 0);
      if (none && awaiting.includes(queue)) {
        skipped.push(queue);
        continue;
      }
      for (const { name, count } of counts) {
        if (count === 0) {
          problems.push(
            `job ${name} on queue ${queue} has no handler: add a provider marked ` +
              `@HandlesJob('${queue}', '${name}') or call HandlerRegistry.register`,
          );
        }
      }
      ready.push(queue);
    }

    if (problems.length > 0) {
      throw new HandlerWiringError(`Job handlers are wired wrong:\n  ${problems.join('\n  ')}`);
    }
    return { ready, skipped };
  }
}

function keyOf(queue: string, name: string): string {
  return `${queue}\u0000${name}`;
}
