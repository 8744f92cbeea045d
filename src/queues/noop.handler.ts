import type { JobContext, JobHandler } from './job-handler';

/** Does nothing and succeeds: for tests and the queue bench only, never a real processor. */
export class NoopHandler implements JobHandler<unknown, { ok: true }> {
  handled = 0;

  handle(_job: JobContext<unknown>): Promise<{ ok: true }> {
    this.handled++;
    return Promise.resolve({ ok: true });
  }
}
