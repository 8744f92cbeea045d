import type { KeepJobs } from 'bullmq';

/** Every queue Inreach uses and the job kinds each one carries. */
export const QUEUE_NAMES = [
  'follow-requests',
  'follow-responses',
  'messages',
  'maintenance',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOB_NAMES = {
  'follow-requests': ['follow-request'],
  'follow-responses': ['follow-response'],
  messages: ['send-messages'],
  maintenance: ['process-pending-jobs'],
} as const satisfies Record<QueueName, readonly string[]>;

export type JobName<Q extends QueueName = QueueName> = (typeof JOB_NAMES)[Q][number];

/** The worker side of a queue's settings (BullMQ WorkerOptions we set, all written out). */
export interface WorkerSettings {
  /** Jobs at once per process; WORKER_CONCURRENCY sets it for the browser queues. */
  concurrency: number;
  /** How long a job's lock lives without renewal; browser runs are long, so minutes. */
  lockDurationMs: number;
  /** Renewal period of the lock while the job runs. */
  lockRenewMs: number;
  stalledIntervalMs: number;
  /** How often a job may stall (worker died) before it fails instead of running again. */
  maxStalledCount: number;
  /** Seconds a worker long-polls an empty queue. */
  drainDelaySeconds: number;
}

export interface QueueSettings {
  job: {
    attempts: number;
    /** Exponential: delay, 2x delay, 4x delay...; jitter spreads retries of many jobs. */
    backoff: { type: 'exponential'; delay: number; jitter: number };
    /** Kept in Redis by age (seconds) and count; job_history keeps the lasting record. */
    removeOnComplete: KeepJobs;
    removeOnFail: KeepJobs;
  };
  worker: WorkerSettings;
  /** Whether jobs of this queue work one LinkedIn account and so take its lease. */
  usesAccountLease: boolean;
}

const DAY_SECONDS = 24 * 60 * 60;
const MINUTE_MS = 60_000;

// Browser jobs: a run visits many profiles at human pace and renewal keeps its lock alive; a
// dead worker's job comes back once the lock expires. WorkerService takes the lock's length
// from JOB_LOCK_SECONDS; these are its default (120 s) written out.
const browserWorker: Omit<WorkerSettings, 'concurrency'> = {
  lockDurationMs: 2 * MINUTE_MS,
  lockRenewMs: 30_000,
  stalledIntervalMs: MINUTE_MS,
  maxStalledCount: 2,
  drainDelaySeconds: 5,
};

// The queues of browser jobs share their settings: a retry waits a minute, then two.
const browserQueue: QueueSettings = {
  job: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000, jitter: 0.5 },
    removeOnComplete: { age: 7 * DAY_SECONDS, count: 1_000 },
    removeOnFail: { age: 30 * DAY_SECONDS, count: 5_000 },
  },
  worker: { concurrency: 4, ...browserWorker },
  usesAccountLease: true,
};

/** One typed table of options per queue: no queue lives on a library default by accident. */
export const QUEUE_SETTINGS: Record<QueueName, QueueSettings> = {
  'follow-requests': browserQueue,
  'follow-responses': browserQueue,
  messages: browserQueue,
  maintenance: {
    job: {
      attempts: 2,
      backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
      removeOnComplete: { age: DAY_SECONDS, count: 100 },
      removeOnFail: { age: 7 * DAY_SECONDS, count: 500 },
    },
    worker: {
      concurrency: 1,
      lockDurationMs: 60_000,
      lockRenewMs: 20_000,
      stalledIntervalMs: 30_000,
      maxStalledCount: 1,
      drainDelaySeconds: 5,
    },
    usesAccountLease: false,
  },
};

/** Values a test or the bench puts in place of the table's; the rest stay as written. */
export interface QueueSettingsOverride {
  job?: Partial<QueueSettings['job']>;
  worker?: Partial<WorkerSettings>;
  usesAccountLease?: boolean;
}
export type QueueSettingsOverrides = Partial<Record<QueueName, QueueSettingsOverride>>;
export const QUEUE_SETTINGS_OVERRIDES = Symbol('QUEUE_SETTINGS_OVERRIDES');

/** A queue's settings: the table, with the overrides laid over it field by field. */
export function resolveQueueSettings(
  queue: QueueName,
  overrides: QueueSettingsOverrides = {},
): QueueSettings {
  const base = QUEUE_SETTINGS[queue];
  const override = overrides[queue];
  return {
    usesAccountLease: override?.usesAccountLease ?? base.usesAccountLease,
    job: { ...base.job, ...override?.job },
    worker: { ...base.worker, ...override?.worker },
  };
}

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}
