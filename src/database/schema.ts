import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    name: text('name').notNull().default('default'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('api_keys_user_idx').on(table.userId)],
);

export const accountStatus = pgEnum('account_status', [
  'active',
  'paused',
  'needs_login',
  'checkpoint',
  'restricted',
]);
export const loginMethod = pgEnum('login_method', ['cookie', 'password']);

export interface WorkingHours {
  /** ISO weekdays, 1 is Monday. */
  days: number[];
  /** Local times as HH:MM in the account's timezone. */
  start: string;
  end: string;
}

export const linkedinAccounts = pgTable(
  'linkedin_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    loginMethod: loginMethod('login_method').notNull(),
    /** AES-256-GCM envelope of the login secrets (li_at, or email and password); null once deleted. */
    credentialsEncrypted: text('credentials_encrypted'),
    /** Keyed hash (HMAC-SHA256) of the li_at or login e-mail: one connection per LinkedIn login. */
    loginFingerprint: text('login_fingerprint'),
    /** AES-256-GCM envelope of the browser storage state saved after each session. */
    sessionStateEncrypted: text('session_state_encrypted'),
    proxyEncrypted: text('proxy_encrypted'),
    /** The account's own profile slug, learned at login, so it never invites itself. */
    profileSlug: text('profile_slug'),
    timezone: text('timezone').notNull().default('UTC'),
    workingHours: jsonb('working_hours').$type<WorkingHours>().notNull(),
    isPremium: boolean('is_premium').notNull().default(false),
    status: accountStatus('status').notNull().default('active'),
    statusReason: text('status_reason'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
    /** Set when the user deleted the account: the row stays for its activities, hidden and idle. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('linkedin_accounts_user_idx').on(table.userId),
    uniqueIndex('linkedin_accounts_login_fingerprint_unique').on(table.loginFingerprint),
    // One LinkedIn member per live account, whoever connected it.
    uniqueIndex('linkedin_accounts_profile_slug_unique')
      .on(sql`lower(${table.profileSlug})`)
      .where(sql`${table.deletedAt} is null`),
  ],
);

export const actionType = pgEnum('action_type', [
  'connections',
  'notes',
  'messages',
  'profileViews',
  'follows',
  'withdrawals',
]);

export const accountLimits = pgTable(
  'account_limits',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    actionType: actionType('action_type').notNull(),
    daily: integer('daily').notNull(),
    weekly: integer('weekly').notNull(),
    /** Set when LinkedIn itself said the limit is reached; cleared when the window turns. */
    exhaustedUntil: timestamp('exhausted_until', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.actionType] })],
);

export const quotaReservations = pgTable(
  'quota_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    actionType: actionType('action_type').notNull(),
    amount: integer('amount').notNull(),
    jobId: text('job_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('quota_reservations_account_idx').on(table.accountId, table.actionType)],
);

export const campaignStatus = pgEnum('campaign_status', [
  'draft',
  'active',
  'paused',
  'completed',
  'archived',
]);
export const sourceType = pgEnum('source_type', [
  'search',
  'reactions',
  'comments',
  'event',
  'csv',
]);

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    sourceType: sourceType('source_type').notNull(),
    /** The parsed source: its canonical URL and what was read from it. */
    source: jsonb('source').$type<Record<string, unknown>>().notNull(),
    /** Where sourcing stopped, so the next run resumes there. */
    sourceCursor: jsonb('source_cursor').$type<Record<string, unknown>>(),
    sourceExhausted: boolean('source_exhausted').notNull().default(false),
    noteTemplate: text('note_template'),
    whenNotesRunOut: text('when_notes_run_out').notNull().default('send_without_note'),
    importLimit: integer('import_limit').notNull().default(20),
    messageSequence: jsonb('message_sequence')
      .$type<{ delayDays: number; template: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    stopOnReply: boolean('stop_on_reply').notNull().default(true),
    withdrawAfterDays: integer('withdraw_after_days'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('campaigns_user_idx').on(table.userId)],
);

export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The normalized profile key that makes two rows the same person. */
    profileKey: text('profile_key').notNull(),
    profileUrl: text('profile_url').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    fullName: text('full_name'),
    company: text('company'),
    position: text('position'),
    location: text('location'),
    email: text('email'),
    headline: text('headline'),
    /** The cells as they came, before cleaning. */
    raw: jsonb('raw').$type<Record<string, string | null>>(),
    custom: jsonb('custom').$type<Record<string, string>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('leads_user_key_unique').on(table.userId, table.profileKey)],
);

export const campaignLeadState = pgEnum('campaign_lead_state', [
  'new',
  'invited',
  'accepted',
  'messaged',
  'replied',
  'skipped',
  'failed',
  'withdrawn',
]);

export const campaignLeads = pgTable(
  'campaign_leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: campaignLeadState('state').notNull().default('new'),
    skipReason: text('skip_reason'),
    error: text('error'),
    /** Order in which sourcing found the lead; runs take leads in this order. */
    position: integer('position').notNull(),
    sourceLine: integer('source_line'),
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('campaign_leads_campaign_lead_unique').on(table.campaignId, table.leadId),
    index('campaign_leads_campaign_state_idx').on(table.campaignId, table.state, table.position),
  ],
);

export const activityAction = pgEnum('activity_action', [
  'invitation',
  'message',
  'profile_view',
  'follow',
  'withdrawal',
]);
export const activityStatus = pgEnum('activity_status', [
  'attempting',
  'succeeded',
  'failed',
  'skipped',
]);

export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    action: activityAction('action').notNull(),
    /** 0 for an invitation; the sequence index for follow-up messages. */
    step: integer('step').notNull().default(0),
    status: activityStatus('status').notNull(),
    withNote: boolean('with_note').notNull().default(false),
    /** The rendered note or message exactly as sent. */
    text: text('text'),
    error: text('error'),
    jobId: text('job_id'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('activities_idempotency_unique').on(
      table.accountId,
      table.leadId,
      table.action,
      table.step,
    ),
    index('activities_account_time_idx').on(table.accountId, table.action, table.completedAt),
    // A run restarted after its process died counts what it sent before.
    index('activities_job_idx').on(table.jobId),
  ],
);

export const pendingJobStatus = pgEnum('pending_job_status', ['waiting', 'released', 'cancelled']);

export const pendingJobs = pgTable(
  'pending_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    jobType: text('job_type').notNull(),
    actionType: actionType('action_type').notNull(),
    count: integer('count').notNull(),
    reason: text('reason').notNull(),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull(),
    status: pendingJobStatus('status').notNull().default('waiting'),
    releasedJobId: text('released_job_id'),
    createdAt: createdAt(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (table) => [index('pending_jobs_due_idx').on(table.status, table.runAfter)],
);

export const jobHistory = pgTable(
  'job_history',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id'),
    accountId: uuid('account_id'),
    state: text('state').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('job_history_user_state_idx').on(table.userId, table.state, table.createdAt),
    index('job_history_campaign_idx').on(table.campaignId, table.state),
  ],
);
