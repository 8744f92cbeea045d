import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findMarkedBrowsers, isProcessAlive } from '../../src/linkedin/session/orphan-browsers';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  uniquePrefix,
  type TestDatabase,
} from '../support/databases';
import { people, WORLD_ACCOUNT } from '../support/outreach';
import { CliRun, runCli, waitForServiceUrl } from '../support/process';

const LINKEDIN = 'https://www.linkedin.com';
const LEADS = 12;

// The whole service as a user runs it, in a child process that the test kills with SIGKILL in
// the middle of a run; a second process on the same database and Redis finishes the run.
describe('a run whose worker is killed in the middle', { timeout: 240_000 }, () => {
  let simulator: SimulatorHandle;
  let database: TestDatabase;
  let dataDir: string;
  const prefix = uniquePrefix('killed');
  const runs: CliRun[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ dataset: 'empty' });
    database = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-killed-'));
  });

  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await Promise.all(runs.map((run) => run.exited));
    await database?.drop();
    await simulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startService(): CliRun {
    const run = runCli(['serve'], {
      DATABASE_URL: database.url!,
      REDIS_URL: TEST_REDIS_URL,
      ENCRYPTION_KEY: 'e'.repeat(64),
      QUEUE_PREFIX: prefix,
      INREACH_DATA_DIR: dataDir,
      PORT: '0',
      LINKEDIN_BASE_URL: simulator.baseUrl,
      // Slow enough that the kill lands between invitations, or in the middle of one.
      PACING_SPEED: '0.05',
      CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      JOB_LOCK_SECONDS: '10',
      LOG_LEVEL: 'warn',
    });
    runs.push(run);
    return run;
  }

  it('finishes after a restart with every lead invited once', async () => {
    const { client } = simulator;
    // Premium, so that every invitation carries its note (free accounts have five a month).
    await client.createAccount({ ...WORLD_ACCOUNT, layout: 'new', premium: true });
    // More people than the run may invite: the retried attempt counts what the first one sent.
    const members = people('restart', LEADS + 4, 'Recruiter');
    for (const member of members) await client.createMember(member);

    const first = startService();
    const firstUrl = await waitForServiceUrl(dataDir, first, 90_000);
    const admin = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    const api = apiAt(firstUrl, admin);
    const user = await api.post<{ apiKey: string }>('/api/users', { email: 'sam@example.com' });
    const sam = apiAt(firstUrl, user.apiKey);
    const account = await sam.post<{ id: string }>('/api/accounts', {
      label: 'Casey',
      liAt: WORLD_ACCOUNT.liAt,
      isPremium: true,
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    });
    await sam.put(`/api/accounts/${account.id}/limits`, {
      connections: { daily: 50, weekly: 200 },
      notes: { daily: 50, weekly: 200 },
    });
    const campaign = await sam.post<{ id: string }>('/api/campaigns', {
      name: 'Recruiters',
      accountId: account.id,
      source: { type: 'search', url: `${LINKEDIN}/search/results/people/?keywords=Recruiter` },
      noteTemplate: 'Hi {{firstName}}, shall we connect?',
      importLimit: LEADS,
      status: 'active',
    });
    const job = await sam.post<{ id: string }>('/api/jobs/follow-request', {
      campaignId: campaign.id,
      importLimit: LEADS,
    });

    await waitUntil(async () => (await invitations()).length >= 3, 90_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const orphans = findMarkedBrowsers(dataDir).filter(({ pid }) => isProcessAlive(pid));

    // The killed process could not take its address file away; the next one writes its own.
    rmSync(join(dataDir, 'service.json'), { force: true });
    const second = startService();
    const secondUrl = await waitForServiceUrl(dataDir, second, 90_000);
    const samAgain = apiAt(secondUrl, user.apiKey);
    let finished: { state: string; attempts: number; result: { invited: number } } | null = null;
    await waitUntil(async () => {
      const current = await samAgain.get<typeof finished & object>(`/api/jobs/${job.id}`);
      finished = current.state === 'completed' || current.state === 'failed' ? current : null;
      return finished !== null;
    }, 150_000);

    expect(finished!.state).toBe('completed');
    expect(finished!.result.invited).toBe(LEADS);
    const sent = await invitations();
    expect(sent).toHaveLength(LEADS);
    expect(new Set(sent.map((invitation) => invitation.toSlug)).size).toBe(LEADS);
    for (const invitation of sent) {
      const member = members.find((candidate) => candidate.slug === invitation.toSlug)!;
      expect(invitation.note).toBe(`Hi ${member.firstName}, shall we connect?`);
    }
    const progress = await samAgain.get<{ progress: { invited: number; failed: number } }>(
      `/api/campaigns/${campaign.id}`,
    );
    expect(progress.progress).toMatchObject({ invited: LEADS, failed: 0 });
    const usage = await samAgain.get<{
      connections: { today: { used: number } };
      notes: { today: { used: number } };
    }>(`/api/accounts/${account.id}/usage`);
    expect(usage.connections.today.used).toBe(LEADS);
    // Every invitation went with its note, the one interrupted mid-click too: each is counted.
    expect(usage.notes.today.used).toBe(LEADS);
    const recorded = await samAgain.get<{ items: { text: string | null }[] }>(
      `/api/activities?campaignId=${campaign.id}&action=invitation&status=succeeded&limit=100`,
    );
    expect(recorded.items.map((item) => item.text).sort()).toEqual(
      sent.map((invitation) => invitation.note).sort(),
    );
    // The killed process's browser was left running, and the next start ended it.
    expect(orphans.length).toBeGreaterThan(0);
    expect(orphans.every(({ pid }) => !isProcessAlive(pid))).toBe(true);
  });

  async function invitations() {
    return (await simulator.client.invitations(WORLD_ACCOUNT.id)).filter(
      (invitation) => invitation.origin === 'ui',
    );
  }
});

function apiAt(baseUrl: string, key: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  };
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
