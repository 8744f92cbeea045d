import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/common/paths';
import { Database } from '../../src/database/database';
import * as schema from '../../src/database/schema';
import {
  accountLimits,
  activities,
  apiKeys,
  campaignLeads,
  campaigns,
  jobHistory,
  leads,
  linkedinAccounts,
  pendingJobs,
  users,
} from '../../src/database/schema';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../support/databases';

/** The Postgres error code under whatever wrapper the driver and Drizzle put around it. */
function postgresCode(error: unknown): string | undefined {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

async function failureCode(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => 'no error',
    (error: unknown) => postgresCode(error),
  );
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const RESTRICT_VIOLATION = '23001';

describe('the migrations', () => {
  it('match the Drizzle schema, so nobody forgot to generate one', async () => {
    const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
    const metaFolder = join(projectRoot(), 'drizzle', 'meta');
    const lastSnapshot = readdirSync(metaFolder)
      .filter((name) => name.endsWith('_snapshot.json'))
      .sort()
      .pop()!;
    const snapshot: unknown = JSON.parse(readFileSync(join(metaFolder, lastSnapshot), 'utf8'));

    const statements = await generateMigration(snapshot, generateDrizzleJson(schema));
    expect(statements).toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('the data model on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let userId: string;
  let otherUserId: string;
  let accountId: string;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.connection.db;
    const [user, other] = await db
      .insert(users)
      .values([{ email: 'owner@example.com' }, { email: 'other@example.com' }])
      .returning();
    userId = user.id;
    otherUserId = other.id;
    const [account] = await db
      .insert(linkedinAccounts)
      .values({
        userId,
        label: 'Sales',
        loginMethod: 'cookie',
        credentialsEncrypted: 'v1:x:y:z',
        workingHours: { days: [1], start: '09:00', end: '17:00' },
      })
      .returning();
    accountId = account.id;
    const [campaign] = await db
      .insert(campaigns)
      .values({ userId, accountId, name: 'Q3', sourceType: 'csv', source: {} })
      .returning();
    campaignId = campaign.id;
  });
  afterAll(() => database.drop());

  const lead = (profileKey: string, owner = userId) =>
    db
      .insert(leads)
      .values({
        userId: owner,
        profileKey,
        profileUrl: `https://www.linkedin.com/in/${profileKey}/`,
      })
      .returning()
      .then(([row]) => row);

  it('keeps one lead per user and normalized profile key', async () => {
    await lead('ada-lovelace');
    expect(await failureCode(lead('ada-lovelace'))).toBe(UNIQUE_VIOLATION);
    // Another user's campaigns may reach the same person.
    expect((await lead('ada-lovelace', otherUserId)).userId).toBe(otherUserId);
  });

  it('keeps a lead once per campaign', async () => {
    const person = await lead('grace-hopper');
    const member = { campaignId, leadId: person.id, userId, position: 1 };
    await db.insert(campaignLeads).values(member);
    expect(await failureCode(db.insert(campaignLeads).values({ ...member, position: 2 }))).toBe(
      UNIQUE_VIOLATION,
    );
  });

  it('keeps one activity per account, lead, action and step', async () => {
    const person = await lead('alan-turing');
    const invitation = {
      userId,
      accountId,
      leadId: person.id,
      campaignId,
      action: 'invitation' as const,
      status: 'attempting' as const,
    };
    await db.insert(activities).values(invitation);
    expect(await failureCode(db.insert(activities).values(invitation))).toBe(UNIQUE_VIOLATION);

    const message = { ...invitation, action: 'message' as const, status: 'succeeded' as const };
    await db.insert(activities).values({ ...message, step: 0 });
    await db.insert(activities).values({ ...message, step: 1 });
    expect(await failureCode(db.insert(activities).values({ ...message, step: 1 }))).toBe(
      UNIQUE_VIOLATION,
    );
  });

  it('keeps one limit row per account and action type', async () => {
    const limit = { accountId, actionType: 'connections' as const, daily: 20, weekly: 100 };
    await db.insert(accountLimits).values(limit);
    expect(await failureCode(db.insert(accountLimits).values(limit))).toBe(UNIQUE_VIOLATION);
  });

  it('refuses rows that point at nothing', async () => {
    const nowhere = '00000000-0000-4000-8000-000000000000';
    expect(
      await failureCode(
        db
          .insert(campaignLeads)
          .values({ campaignId: nowhere, leadId: nowhere, userId, position: 1 }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await failureCode(
        db.insert(pendingJobs).values({
          userId,
          campaignId: nowhere,
          accountId,
          jobType: 'follow-request',
          actionType: 'connections',
          count: 1,
          reason: 'daily limit',
          runAfter: new Date(),
        }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('keeps an account while a campaign uses it, and removes a user with everything theirs', async () => {
    // The two report ON DELETE RESTRICT with different codes.
    expect([FOREIGN_KEY_VIOLATION, RESTRICT_VIOLATION]).toContain(
      await failureCode(db.delete(linkedinAccounts).where(eq(linkedinAccounts.id, accountId))),
    );

    const [leaving] = await db.insert(users).values({ email: 'leaving@example.com' }).returning();
    await db
      .insert(apiKeys)
      .values({ userId: leaving.id, keyHash: 'hash-of-leaving', prefix: 'inr_' });
    await db.insert(jobHistory).values({
      id: 'job-of-leaving',
      queue: 'follow-requests',
      name: 'follow-request',
      userId: leaving.id,
      state: 'completed',
      data: {},
    });
    await db.delete(users).where(eq(users.id, leaving.id));
    expect(await db.select().from(apiKeys).where(eq(apiKeys.userId, leaving.id))).toEqual([]);
    expect(await db.select().from(jobHistory).where(eq(jobHistory.userId, leaving.id))).toEqual([]);
  });
});
