import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { eq, sum } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/common/clock';
import { projectRoot } from '../../src/common/paths';
import type { Database } from '../../src/database/database';
import { activities, leads, quotaReservations } from '../../src/database/schema';
import { EventBus, InreachEvent } from '../../src/events/event-bus';
import { loadConfig } from '../../src/config/config';
import { LinkedInSettingsService } from '../../src/limits/linkedin-settings.service';
import { windowAt } from '../../src/limits/time-windows';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TEST_REDIS_URL,
  TestDatabase,
  uniquePrefix,
} from '../support/databases';
import { seedAccount } from '../support/queue-harness';

const DAY_MS = 24 * 60 * 60_000;
const SEASONED = new Date('2025-01-01T00:00:00Z');

/** Succeeded invitations of the account at the given instants, one lead each. */
async function invitedAt(
  db: Database,
  owner: { userId: string; accountId: string },
  instants: string[],
  withNote = false,
): Promise<void> {
  for (const instant of instants) {
    const key = `person-${randomUUID()}`;
    const [lead] = await db
      .insert(leads)
      .values({
        userId: owner.userId,
        profileKey: key,
        profileUrl: `https://www.linkedin.com/in/${key}/`,
      })
      .returning({ id: leads.id });
    await db.insert(activities).values({
      userId: owner.userId,
      accountId: owner.accountId,
      leadId: lead.id,
      action: 'invitation',
      status: 'succeeded',
      withNote,
      completedAt: new Date(instant),
    });
  }
}

describe('day and week windows in the account timezone', () => {
  it('gives a 23-hour day and week when Berlin springs forward', () => {
    const day = windowAt('day', new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    const week = windowAt('week', new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');

    expect(day).toEqual({
      start: new Date('2026-03-28T23:00:00Z'),
      end: new Date('2026-03-29T22:00:00Z'),
    });
    expect(week).toEqual({
      start: new Date('2026-03-22T23:00:00Z'),
      end: new Date('2026-03-29T22:00:00Z'),
    });
  });

  it('gives a 25-hour day when Berlin falls back, and New York its own change', () => {
    const autumn = windowAt('day', new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    const newYork = windowAt('day', new Date('2026-03-08T12:00:00Z'), 'America/New_York');
    const newYorkWeek = windowAt('week', new Date('2026-11-01T12:00:00Z'), 'America/New_York');

    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 60 * 60_000);
    expect(autumn.start).toEqual(new Date('2026-10-24T22:00:00Z'));
    expect(newYork).toEqual({
      start: new Date('2026-03-08T05:00:00Z'),
      end: new Date('2026-03-09T04:00:00Z'),
    });
    expect(newYorkWeek).toEqual({
      start: new Date('2026-10-26T04:00:00Z'),
      end: new Date('2026-11-02T05:00:00Z'),
    });
  });
});

describe.each(DATABASE_KINDS)('LinkedInSettingsService on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  const clock = new ManualClock('2026-03-29T12:00:00Z');
  let settings: LinkedInSettingsService;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.connection.db;
    settings = new LinkedInSettingsService(db, clock);
  });
  afterAll(() => database.drop());

  it('counts usage per day and week in Berlin across the spring change', async () => {
    const owner = await seedAccount(db, { timezone: 'Europe/Berlin', createdAt: SEASONED });
    await invitedAt(db, owner, [
      '2026-03-28T22:30:00Z', // Saturday 23:30 CET: the day before, the same week
      '2026-03-28T23:30:00Z', // Sunday 00:30 CET
      '2026-03-29T21:30:00Z', // Sunday 23:30 CEST
      '2026-03-29T22:30:00Z', // Monday 00:30 CEST: the next day and the next week
    ]);

    clock.set('2026-03-29T12:00:00Z');
    const sunday = (await settings.getUsage(owner.accountId)).connections;
    clock.set('2026-03-29T22:15:00Z');
    const monday = (await settings.getUsage(owner.accountId)).connections;

    expect(sunday.today).toMatchObject({ used: 2, left: 18, resetsAt: '2026-03-29T22:00:00.000Z' });
    expect(sunday.week).toMatchObject({ used: 3, left: 97, resetsAt: '2026-03-29T22:00:00.000Z' });
    expect(monday.today).toMatchObject({ used: 1, resetsAt: '2026-03-30T22:00:00.000Z' });
    expect(monday.week).toMatchObject({ used: 1, resetsAt: '2026-04-05T22:00:00.000Z' });
  });

  it('counts the repeated hour of the autumn change once in a 25-hour day', async () => {
    const owner = await seedAccount(db, { timezone: 'Europe/Berlin', createdAt: SEASONED });
    await invitedAt(db, owner, [
      '2026-10-24T21:30:00Z', // Saturday 23:30 CEST
      '2026-10-25T00:30:00Z', // Sunday 02:30 CEST
      '2026-10-25T01:30:00Z', // Sunday 02:30 CET, the hour again
      '2026-10-25T22:30:00Z', // Sunday 23:30 CET
      '2026-10-25T23:30:00Z', // Monday 00:30 CET
    ]);

    clock.set('2026-10-25T12:00:00Z');
    const usage = (await settings.getUsage(owner.accountId)).connections;

    expect(usage.today).toMatchObject({ used: 3, resetsAt: '2026-10-25T23:00:00.000Z' });
    expect(usage.week).toMatchObject({ used: 4, resetsAt: '2026-10-25T23:00:00.000Z' });
  });

  it('refuses at the cap and grants again when the New York day turns', async () => {
    const owner = await seedAccount(db, { timezone: 'America/New_York', createdAt: SEASONED });
    await settings.setLimits(owner.userId, owner.accountId, { connections: { daily: 2 } });
    await invitedAt(db, owner, ['2026-03-08T05:30:00Z', '2026-03-09T03:30:00Z']);

    clock.set('2026-03-09T03:45:00Z'); // Sunday 23:45 EDT
    const refused = await settings.getMaxActionsForRun(owner.accountId, 'connections', 5);
    clock.set('2026-03-09T04:00:00Z'); // Monday 00:00 EDT
    const granted = await settings.getMaxActionsForRun(owner.accountId, 'connections', 5);

    expect(refused).toEqual({
      granted: 0,
      reservationId: null,
      resumeAt: new Date('2026-03-09T04:00:00Z'),
    });
    expect(granted).toMatchObject({ granted: 2, resumeAt: new Date('2026-03-10T04:00:00Z') });
  });

  it('holds the resume time to the working hours of the account', async () => {
    const owner = await seedAccount(db, {
      timezone: 'Europe/Berlin',
      createdAt: SEASONED,
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    });
    await settings.setLimits(owner.userId, owner.accountId, { connections: { daily: 1 } });
    await invitedAt(db, owner, ['2026-03-27T09:00:00Z']); // Friday

    clock.set('2026-03-27T10:00:00Z');
    const grant = await settings.getMaxActionsForRun(owner.accountId, 'connections', 1);
    const window = await settings.workingWindow(owner.accountId);
    clock.set('2026-03-28T10:00:00Z'); // Saturday
    const weekend = await settings.workingWindow(owner.accountId);

    // Monday 09:00 in Berlin, after the DST change: 07:00 UTC.
    expect(grant.resumeAt).toEqual(new Date('2026-03-30T07:00:00Z'));
    expect(window.open).toBe(true);
    expect(weekend).toEqual({ open: false, opensAt: new Date('2026-03-30T07:00:00Z') });
  });

  it('ramps a new account up: half in its first week, three quarters in its second', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const fresh = await seedAccount(db, {
      createdAt: new Date(clock.now().getTime() - 2 * DAY_MS),
    });
    const second = await seedAccount(db, {
      createdAt: new Date(clock.now().getTime() - 9 * DAY_MS),
    });
    const grown = await seedAccount(db, {
      createdAt: new Date(clock.now().getTime() - 20 * DAY_MS),
    });

    const limits = await Promise.all(
      [fresh, second, grown].map((owner) => settings.getLimits(owner.userId, owner.accountId)),
    );
    const grants = await Promise.all(
      [fresh, second, grown].map((owner) =>
        settings.getMaxActionsForRun(owner.accountId, 'connections', 50),
      ),
    );

    expect(limits.map((limit) => limit.connections.effective)).toEqual([
      { daily: 10, weekly: 50 },
      { daily: 15, weekly: 75 },
      { daily: 20, weekly: 100 },
    ]);
    expect(limits.map((limit) => limit.connections.warmupFactor)).toEqual([0.5, 0.75, 1]);
    expect(grants.map((grant) => grant.granted)).toEqual([10, 15, 20]);
  });

  it('refuses caps above the hard ceilings, naming the type and the ceiling', async () => {
    const owner = await seedAccount(db, { createdAt: SEASONED });

    const refused = settings.setLimits(owner.userId, owner.accountId, {
      connections: { daily: 60 },
      messages: { weekly: 800 },
    });

    await expect(refused).rejects.toMatchObject({
      code: 'unprocessable',
      message:
        'Limits refused: connections.daily 60 is above the ceiling of 50; ' +
        'messages.weekly 800 is above the ceiling of 700.',
    });
    expect((await settings.getLimits(owner.userId, owner.accountId)).connections.daily).toBe(20);
  });

  it('keeps quota used equal to actions done: consume commits with the activity', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const owner = await seedAccount(db, { createdAt: SEASONED });
    const grant = await settings.getMaxActionsForRun(owner.accountId, 'connections', 3, {
      jobId: 'job-consume',
    });

    const [lost, sent] = [await invitation(db, owner), await invitation(db, owner)];

    // The process "dies" after the activity write: the transaction rolls both back.
    await db
      .transaction(async (tx) => {
        await tx.insert(activities).values(lost);
        await settings.consume(grant.reservationId!, 1, tx);
        throw new Error('crash before commit');
      })
      .catch(() => undefined);
    const afterCrash = (await settings.getUsage(owner.accountId)).connections.today;
    await db.transaction(async (tx) => {
      await tx.insert(activities).values(sent);
      await settings.consume(grant.reservationId!, 1, tx);
    });
    const afterSend = (await settings.getUsage(owner.accountId)).connections.today;
    const returned = await settings.releaseForJob('job-consume');
    const afterRelease = (await settings.getUsage(owner.accountId)).connections.today;

    expect(afterCrash).toMatchObject({ used: 0, reserved: 3, left: 17 });
    expect(afterSend).toMatchObject({ used: 1, reserved: 2, left: 17 });
    expect(returned).toBe(2);
    expect(afterRelease).toMatchObject({ used: 1, reserved: 0, left: 19 });
  });

  it('forgets the reservation of a dead process once it expires', async () => {
    clock.set('2026-06-10T12:00:00Z');
    const owner = await seedAccount(db, { createdAt: SEASONED });
    await settings.getMaxActionsForRun(owner.accountId, 'connections', 20, { ttlMs: 60_000 });

    const during = await settings.available(owner.accountId, 'connections');
    clock.advance(61_000);
    const after = await settings.getMaxActionsForRun(owner.accountId, 'connections', 20);

    expect(during.left).toBe(0);
    expect(after.granted).toBe(20);
    const [{ live }] = await db
      .select({ live: sum(quotaReservations.amount) })
      .from(quotaReservations)
      .where(eq(quotaReservations.accountId, owner.accountId));
    expect(Number(live)).toBe(20);
  });

  it('marks a type exhausted until the week turns and tells the user', async () => {
    const prefix = uniquePrefix('events');
    const bus = new EventBus(
      TEST_REDIS_URL,
      loadConfig({ QUEUE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL }),
    );
    await bus.onModuleInit();
    const heard: InreachEvent[] = [];
    bus.subscribe((event) => heard.push(event));
    const withEvents = new LinkedInSettingsService(db, clock, bus);
    const owner = await seedAccount(db, { timezone: 'Europe/Berlin', createdAt: SEASONED });
    clock.set('2026-10-21T10:00:00Z'); // Wednesday

    const until = await withEvents.markExhausted(owner.accountId, 'connections', 'week');
    const during = await withEvents.getMaxActionsForRun(owner.accountId, 'connections', 5);
    const usage = (await withEvents.getUsage(owner.accountId)).connections;
    clock.set('2026-10-25T23:00:00Z'); // Monday 00:00 CET
    const after = await withEvents.getMaxActionsForRun(owner.accountId, 'connections', 5);

    expect(until).toEqual(new Date('2026-10-25T23:00:00Z'));
    expect(during).toMatchObject({ granted: 0, resumeAt: until });
    expect(usage.exhaustedUntil).toBe('2026-10-25T23:00:00.000Z');
    expect(after.granted).toBe(5);
    await expect
      .poll(() => heard)
      .toContainEqual({
        type: 'quota.exhausted',
        userId: owner.userId,
        accountId: owner.accountId,
        actionType: 'connections',
        resumeAt: '2026-10-25T23:00:00.000Z',
      });
    await bus.onModuleDestroy();
  });

  it('counts notes of free accounts against five a month', async () => {
    clock.set('2026-06-20T12:00:00Z');
    const owner = await seedAccount(db, { createdAt: SEASONED, isPremium: false });
    await invitedAt(db, owner, ['2026-06-02T12:00:00Z', '2026-06-09T12:00:00Z'], true);
    await invitedAt(db, owner, ['2026-06-20T08:00:00Z'], false);

    const usage = (await settings.getUsage(owner.accountId)).notes;
    const grant = await settings.getMaxActionsForRun(owner.accountId, 'notes', 10);

    expect(usage.month).toMatchObject({ limit: 5, used: 2, left: 3 });
    expect(usage.today.used).toBe(0);
    expect(grant).toMatchObject({ granted: 3, resumeAt: new Date('2026-07-01T00:00:00Z') });
  });
});

async function invitation(db: Database, owner: { userId: string; accountId: string }) {
  const key = `person-${randomUUID()}`;
  const [lead] = await db
    .insert(leads)
    .values({
      userId: owner.userId,
      profileKey: key,
      profileUrl: `https://www.linkedin.com/in/${key}/`,
    })
    .returning({ id: leads.id });
  return {
    userId: owner.userId,
    accountId: owner.accountId,
    leadId: lead.id,
    action: 'invitation' as const,
    status: 'succeeded' as const,
    completedAt: new Date('2026-06-10T11:00:00Z'),
  };
}

describe('reservations from two processes against one Postgres', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.drop());

  it('never grant more than the cap together', async () => {
    const owner = await seedAccount(database.connection.db, { createdAt: SEASONED });
    const now = new Date();
    // Five done today leave fifteen of the default twenty.
    await invitedAt(database.connection.db, owner, [
      new Date(now.getTime() - 60_000).toISOString(),
    ]);
    await invitedAt(
      database.connection.db,
      owner,
      Array.from({ length: 4 }, () => new Date(now.getTime() - 30_000).toISOString()),
    );
    const goKey = `${uniquePrefix('go')}:start`;
    const children = ['one', 'two'].map(() => runQuotaChild(database.url!, owner.accountId, goKey));
    await Promise.all(children.map((child) => child.ready));

    const redis = new Redis(TEST_REDIS_URL);
    await redis.rpush(goKey, 'go', 'go');
    const results = await Promise.all(children.map((child) => child.result));
    redis.disconnect();

    const granted = results.reduce((total, result) => total + result.granted, 0);
    expect(granted).toBe(15);
    expect(results.every((result) => result.granted > 0)).toBe(true);
    const [{ reserved }] = await database.connection.db
      .select({ reserved: sum(quotaReservations.amount) })
      .from(quotaReservations)
      .where(eq(quotaReservations.accountId, owner.accountId));
    expect(Number(reserved)).toBe(15);
  });
});

function runQuotaChild(databaseUrl: string, accountId: string, goKey: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot(), 'test/support/quota-child.ts')],
    {
      cwd: projectRoot(),
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        GO_KEY: goKey,
        ACCOUNT_ID: accountId,
        // 1+2+3+1+2 = 9 asked by each: together more than the 15 left, alone less, so both
        // must be granted some and the cap must hold between them.
        REQUESTS: '5',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => output.includes('ready\n') && resolve());
    void exited.then(() => reject(new Error(`quota child exited early:\n${output}`)));
  });
  const result = exited.then((code) => {
    const line = output.split('\n').find((text) => text.startsWith('{'));
    if (code !== 0 || !line) throw new Error(`quota child failed (${code}):\n${output}`);
    return JSON.parse(line) as { granted: number };
  });
  return { ready, result };
}
