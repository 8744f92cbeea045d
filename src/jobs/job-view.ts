import type { JobHistoryRow } from '../queues/job-history.service';
import type { JobView } from './jobs.dto';

/**
 * A job as the API shows it. `error` is why it failed, or, while it waits for a retry, why the
 * last attempt failed; a job that completed in a later attempt has none.
 */
export function toJobView(row: JobHistoryRow): JobView {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    state: row.state,
    campaignId: row.campaignId,
    accountId: row.accountId,
    data: row.data,
    progress: row.progress,
    result: row.result,
    error: row.state === 'completed' ? null : row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
