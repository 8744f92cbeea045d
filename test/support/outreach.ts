import { io, type Socket } from 'socket.io-client';

import type { InreachEvent } from '../../src/events/event-bus';
import type { FollowRequestResult } from '../../src/processors/follow-request.processor';
import type { TypeUsage } from '../../src/limits/linkedin-settings.service';
import { startSimulator, type SimulatorHandle, type SimMemberInput } from '../../src/simulator';
import type { DatabaseKind } from './databases';
import { startTestService, type TestService } from './service';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A run's job as GET /api/jobs/:id shows it. */
export interface FinishedJob {
  id: string;
  state: string;
  error: string | null;
  result: FollowRequestResult;
}

export type UsageBody = Record<string, TypeUsage>;

export interface PendingJobBody {
  id: string;
  campaignId: string;
  jobType: string;
  count: number;
  status: string;
  reason: string;
  runAfter: string;
}

/** The engine's service wired to an in-process LinkedIn simulator, and a user of it. */
export interface Outreach {
  simulator: SimulatorHandle;
  app: TestService;
  user: { id: string; key: string };
  /** An authorized request as the user. */
  api: {
    get<T = Record<string, unknown>>(path: string): Promise<Answer<T>>;
    post<T = Record<string, unknown>>(path: string, body?: object): Promise<Answer<T>>;
    put<T = Record<string, unknown>>(path: string, body: object): Promise<Answer<T>>;
    patch<T = Record<string, unknown>>(path: string, body: object): Promise<Answer<T>>;
    delete<T = Record<string, unknown>>(path: string): Promise<Answer<T>>;
    upload<T = Record<string, unknown>>(path: string, csv: string): Promise<Answer<T>>;
  };
  stop(): Promise<void>;
}

export async function startOutreach(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<Outreach> {
  const simulator = await startSimulator({ dataset: 'empty' });
  const app = await startTestService(kind, {
    LINKEDIN_BASE_URL: simulator.baseUrl,
    PACING_SPEED: '0.002',
    CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    ...env,
  });
  const user = await app.createUser();
  const auth = `Bearer ${user.key}`;
  const answer = async <T>(request: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await request;
    return { status: response.status, body: response.body as T };
  };
  const api: Outreach['api'] = {
    get: (path) => answer(app.http.get(path).set('authorization', auth)),
    post: (path, body) =>
      answer(
        app.http
          .post(path)
          .set('authorization', auth)
          .send(body ?? {}),
      ),
    put: (path, body) => answer(app.http.put(path).set('authorization', auth).send(body)),
    patch: (path, body) => answer(app.http.patch(path).set('authorization', auth).send(body)),
    delete: (path) => answer(app.http.delete(path).set('authorization', auth)),
    upload: (path, csv) =>
      answer(
        app.http
          .post(path)
          .set('authorization', auth)
          .attach('file', Buffer.from(csv), { filename: 'leads.csv', contentType: 'text/csv' }),
      ),
  };
  return {
    simulator,
    app,
    user,
    api,
    async stop() {
      await app.stop();
      await simulator.close();
    },
  };
}

export const WORLD_ACCOUNT = {
  id: 'acct-1',
  email: 'casey@example.com',
  password: 'correct horse',
  firstName: 'Casey',
  lastName: 'Morgan',
  slug: 'casey-morgan-self',
  liAt: 'AQEDAUworldSessionCookie000000000000000000000000000000000000000001',
};

/**
 * A fresh simulated LinkedIn with one account (in `layout`), the given members, and the same
 * account connected to Inreach (working every hour, limits raised to the ceilings).
 */
export async function freshWorld(
  outreach: Outreach,
  options: {
    layout: 'classic' | 'new';
    members: SimMemberInput[];
    premium?: boolean;
    limits?: Record<string, { daily: number; weekly: number }>;
  },
): Promise<{ accountId: string }> {
  const { client } = outreach.simulator;
  await client.reset({ dataset: 'empty' });
  await client.createAccount({
    ...WORLD_ACCOUNT,
    layout: options.layout,
    premium: options.premium ?? false,
  });
  for (const member of options.members) await client.createMember(member);

  // One LinkedIn member is connected once: the last world's account goes first.
  const connected = await outreach.api.get<{ id: string }[] | { items: { id: string }[] }>(
    '/api/accounts',
  );
  const accounts = Array.isArray(connected.body) ? connected.body : connected.body.items;
  for (const account of accounts) await outreach.api.delete(`/api/accounts/${account.id}`);

  const created = await outreach.api.post<{ id: string }>('/api/accounts', {
    label: 'Casey',
    liAt: WORLD_ACCOUNT.liAt,
    timezone: 'Europe/Berlin',
    workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    isPremium: options.premium ?? false,
  });
  if (created.status !== 201)
    throw new Error(`account not created: ${JSON.stringify(created.body)}`);
  const accountId = created.body.id;
  const limits = await outreach.api.put(`/api/accounts/${accountId}/limits`, {
    connections: { daily: 50, weekly: 200 },
    notes: { daily: 50, weekly: 200 },
    profileViews: { daily: 250, weekly: 1000 },
    ...options.limits,
  });
  if (limits.status !== 200) throw new Error(`limits not set: ${JSON.stringify(limits.body)}`);
  return { accountId };
}

/** People to seed: `count` members named Person 1..n with the given headline word. */
export function people(prefix: string, count: number, headline: string): SimMemberInput[] {
  const firstNames = ['Ana', 'Bilal', 'Chen', 'Dara', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ines'];
  return Array.from({ length: count }, (_, index) => ({
    slug: `${prefix}-${index + 1}`,
    firstName: `${firstNames[index % firstNames.length]}${index + 1}`,
    lastName: 'Tester',
    headline: `${headline} at Company ${index + 1}`,
    company: `Company ${index + 1}`,
  }));
}

/** Queues one run and waits until its job has finished; returns the job. */
export async function runCampaign(
  outreach: Outreach,
  campaignId: string,
  importLimit: number,
  timeoutMs = 120_000,
): Promise<FinishedJob> {
  const queued = await outreach.api.post<{ id: string }>('/api/jobs/follow-request', {
    campaignId,
    importLimit,
  });
  if (queued.status !== 201) throw new Error(`run not queued: ${JSON.stringify(queued.body)}`);
  return waitForJob(outreach, queued.body.id, timeoutMs);
}

export async function waitForJob(
  outreach: Outreach,
  jobId: string,
  timeoutMs = 120_000,
): Promise<FinishedJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await outreach.api.get<FinishedJob>(`/api/jobs/${jobId}`);
    if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.body.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Invitations the simulated LinkedIn received through its pages (not set up by a test). */
export async function sentInvitations(outreach: Outreach) {
  const all = await outreach.simulator.client.invitations(WORLD_ACCOUNT.id);
  return all.filter((invitation) => invitation.origin === 'ui');
}

/** The user's live feed (Socket.IO), every event heard in order. */
export interface Feed {
  events: InreachEvent[];
  /** Resolves once the feed has heard the end of the job (completed or failed). */
  untilJobEnds(jobId: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openFeed(outreach: Outreach): Promise<Feed> {
  const socket: Socket = io(outreach.app.service.url!, {
    auth: { token: outreach.user.key },
    transports: ['websocket'],
    reconnection: false,
  });
  const events: InreachEvent[] = [];
  socket.onAny((name: string, event: InreachEvent) => {
    if (name !== 'ready') events.push(event);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    events,
    async untilJobEnds(jobId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const ended = () =>
        events.some(
          (event) =>
            (event.type === 'job.completed' || event.type === 'job.failed') &&
            event.jobId === jobId,
        );
      while (!ended()) {
        if (Date.now() > deadline) throw new Error(`the feed never heard job ${jobId} end`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => socket.close(),
  };
}

/** What GET /api/activities lists of a campaign (up to 100 rows). */
export async function campaignActivities(outreach: Outreach, campaignId: string, query = '') {
  const page = await outreach.api.get<{ items: ActivityBody[]; total: number }>(
    `/api/activities?campaignId=${campaignId}&limit=100${query}`,
  );
  if (page.status !== 200) throw new Error(`activities not listed: ${JSON.stringify(page.body)}`);
  return page.body;
}

export interface ActivityBody {
  id: string;
  leadId: string;
  action: string;
  status: string;
  error: string | null;
  text: string | null;
}
