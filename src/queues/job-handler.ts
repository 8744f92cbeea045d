import { SetMetadata } from '@nestjs/common';

import type { AccountLeaseHandle } from '../locks/account-lease';
import type { QueueName } from './queue-definitions';

/** What a handler sees of a running job. */
export interface JobContext<TData> {
  readonly id: string;
  readonly queue: QueueName;
  readonly name: string;
  readonly data: TData;
  /** 1 on the first run, 2 on the first retry, and so on. */
  readonly attempt: number;
  /** Aborted when the process shuts down or the account lease is lost: stop at a safe point. */
  readonly signal: AbortSignal;
  /** The account's lease, held for the whole job on queues that work one account; else null. */
  readonly lease: AccountLeaseHandle | null;
  updateProgress(progress: Record<string, unknown>): Promise<void>;
}

/**
 * Handles one job kind. Throw `PermanentJobError` for a failure no retry can fix; any other
 * error is retried with the queue's backoff.
 */
export interface JobHandler<TData = unknown, TResult = unknown> {
  handle(job: JobContext<TData>): Promise<TResult>;
}

export interface JobKind {
  queue: QueueName;
  name: string;
}

export const JOB_HANDLER_KIND = 'inreach:job-handler-kind';

/** Marks a Nest provider as the handler of one job kind; WorkerService finds it at start. */
export const HandlesJob = (queue: QueueName, name: string) =>
  SetMetadata<string, JobKind>(JOB_HANDLER_KIND, { queue, name });
