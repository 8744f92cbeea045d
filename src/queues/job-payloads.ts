/** Job payloads carry ids only; the database holds the state. */
export type CampaignJobData = {
  userId: string;
  campaignId: string;
  accountId: string;
};

export type FollowRequestJobData = CampaignJobData & {
  importLimit: number;
  /** Set when the run was released from a pending job. */
  pendingJobId?: string;
};

export type FollowResponseJobData = CampaignJobData;
export type SendMessagesJobData = CampaignJobData;

export type ProcessPendingJobsData = Record<string, never>;

/** The largest payload accepted, in bytes of JSON. */
export const MAX_PAYLOAD_BYTES = 4 * 1024;
