import { UnrecoverableError } from 'bullmq';

import { AppError } from '../common/errors';

/** A job that can never succeed (campaign deleted, a note that can never fit): no retries. */
export class PermanentJobError extends UnrecoverableError {
  readonly code = 'permanent_job_failure';

  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** A job with this id exists already; reported, never silently dropped. */
export class DuplicateJobError extends AppError {
  constructor(readonly jobId: string) {
    super('duplicate_job', `A job with id ${jobId} exists already.`, { jobId });
  }
}

export class JobPayloadTooLargeError extends AppError {
  constructor(bytes: number, limit: number) {
    super(
      'payload_too_large',
      `A job payload is ${bytes} bytes; at most ${limit} are allowed (payloads carry ids only).`,
      { bytes, limit },
    );
  }
}

/** Wiring is wrong at start: a job kind without a handler, or with two. */
export class HandlerWiringError extends Error {
  readonly code = 'handler_wiring';
}
