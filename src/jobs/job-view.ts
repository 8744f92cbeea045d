import type { JobHistoryRow } from '../queues/job-history.service';
import type { JobView } from './jobs.dto';

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
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
