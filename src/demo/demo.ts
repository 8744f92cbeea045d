import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { RunningService } from '../app/service';
import { startService } from '../app/service';
import { loadConfig } from '../config/config';
import { DEMO, startSimulator, type SimulatorHandle } from '../simulator';
import { InreachApi } from './api-client';
import { isWorking, LiveTable, runState, type CampaignLine } from './progress-table';

export interface DemoOptions {
  /** Keep the service (and the simulator) running after the demo, until Ctrl+C. */
  keepRunning: boolean;
  out: NodeJS.WriteStream;
  /** Resolves when the user wants to stop (a signal); used with keepRunning. */
  untilStopped: () => Promise<unknown>;
}

interface DemoCampaign {
  name: string;
  source: { type: 'search' | 'reactions' | 'comments' | 'event' | 'csv'; url?: string };
  noteTemplate: string;
}

interface CampaignView {
  id: string;
  name: string;
  source: { type: string };
  progress: {
    leads: number;
    invited: number;
    failed: number;
    skipped: { total: number; byReason: Record<string, number> };
  };
}

interface JobView {
  id: string;
  state: string;
  startedAt: string | null;
  error: string | null;
  result: {
    outcome?: string;
    reason?: string | null;
    invited?: number;
    withNote?: number;
    leadsFound?: number;
    leadsWorked?: number;
    skipped?: Record<string, number>;
    failed?: Record<string, number>;
    parked?: { count: number; reason: string; runAfter: string } | null;
  } | null;
}

const IMPORT_LIMIT = 5;
const POLL_MS = 500;
const LINKEDIN = 'https://www.linkedin.com';

// Every campaign type of the demo world; links are LinkedIn's own, as a user pastes them.
const CAMPAIGNS: DemoCampaign[] = [
  {
    name: `People searching "${DEMO.searchKeywords}"`,
    source: { type: 'search', url: `${LINKEDIN}${DEMO.searchUrl}` },
    noteTemplate:
      '{Hi|Hello} {{firstName | there}}, I saw your profile while looking for growth people. Would you like to connect?',
  },
  {
    name: 'Reactions to the launch post',
    source: { type: 'reactions', url: `${LINKEDIN}${DEMO.postUrl}` },
    noteTemplate:
      'Hi {{firstName | there}}, thanks for reacting to our launch post. Happy to connect!',
  },
  {
    name: 'Comments on the launch post',
    source: { type: 'comments', url: `${LINKEDIN}${DEMO.postUrl}` },
    noteTemplate:
      'Hi {{firstName | there}}, I enjoyed your comment on our launch post. Shall we connect?',
  },
  {
    name: 'Attendees of the event',
    source: { type: 'event', url: `${LINKEDIN}${DEMO.eventUrl}` },
    noteTemplate:
      '{Hi|Hey} {{firstName | there}}, see you at the event? Let us connect before it starts.',
  },
  {
    name: 'Leads from a CSV file',
    source: { type: 'csv' },
    noteTemplate:
      'Hi {{firstName | there}}, {{company | your company}} came up in our research. Open to connect?',
  },
];

/**
 * The demo: the service on the embedded defaults (in a folder of its own) and the LinkedIn
 * simulator, a user, an account and one campaign of each source type, run with compressed
 * pacing, with a live table and a summary of what the simulated LinkedIn received.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { out } = options;
  // Listening from the start: Ctrl+C in the middle of the demo stops it as cleanly as at its end.
  const stopRequested = options.untilStopped();
  const simulator = await startSimulator();
  let service: RunningService | null = null;
  try {
    const baseDir = process.env.INREACH_DATA_DIR ?? './data';
    const dataDir = join(baseDir, 'demo');
    rmSync(dataDir, { recursive: true, force: true });
    // The demo runs on the embedded defaults whatever the environment points at.
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      ENCRYPTION_KEY: undefined,
      INREACH_MODE: 'all',
      INREACH_DATA_DIR: dataDir,
      LINKEDIN_BASE_URL: simulator.baseUrl,
      PACING_SPEED: process.env.PACING_SPEED ?? '0.02',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    out.write(`Starting Inreach on the embedded defaults (data in ${dataDir})...\n`);
    const stop = { requested: false };
    void stopRequested.then(() => (stop.requested = true));
    // A stop asked for while the service starts takes effect once it is up.
    service = await startService(config);
    if (stop.requested) return;
    const running = service;
    const admin = new InreachApi(running.url!, running.adminKey!);
    out.write(`Inreach is at ${running.url}; the simulated LinkedIn at ${simulator.baseUrl}\n\n`);

    const playing = play(admin, simulator, out, stop);
    playing.catch(() => undefined);
    const api = await untilStopRequested(playing, stopRequested);
    if (api === STOPPED) {
      out.write('\nThe demo was interrupted; stopping the service.\n');
      return;
    }

    if (!options.keepRunning) {
      out.write(
        'The demo stops here. `npm run demo -- --keep-running` runs it again and keeps the\n' +
          `service running afterwards, to explore the API (docs at ${running.url}/api/docs).\n`,
      );
    } else {
      const spare = await addSpareAccount(simulator);
      out.write(
        `\nThe service keeps running. API docs: ${running.url}/api/docs\n` +
          `Admin key: ${running.adminKey}\n` +
          `Demo user key: ${api.apiKey}\n` +
          `Try: curl -H "Authorization: Bearer ${api.apiKey}" ${running.url}/api/campaigns\n` +
          `The demo used up today's invitations of ${DEMO.account.name}'s account. For campaigns of\n` +
          `your own, connect the simulated account of ${spare.name}, which has sent nothing yet:\n` +
          `  curl -X POST ${running.url}/api/accounts -H "Authorization: Bearer ${api.apiKey}" \\\n` +
          `    -H 'content-type: application/json' -d '${JSON.stringify(spare.body)}'\n` +
          `A lead file of the simulated people, for a CSV campaign: ${simulator.baseUrl}/__sim/members.csv\n` +
          'Press Ctrl+C to stop.\n',
      );
      await stopRequested;
    }
  } finally {
    await service?.stop();
    await simulator.close();
  }
}

const STOPPED: unique symbol = Symbol('stopped');

/** The work's result, or STOPPED when the user asks to stop first (the work goes on unawaited). */
async function untilStopRequested<T>(
  work: Promise<T>,
  stopRequested: Promise<unknown>,
): Promise<T | typeof STOPPED> {
  return Promise.race([work, stopRequested.then((): typeof STOPPED => STOPPED)]);
}

async function play(
  admin: InreachApi,
  simulator: SimulatorHandle,
  out: NodeJS.WriteStream,
  stop: { requested: boolean },
): Promise<InreachApi> {
  const api = await setUp(admin, simulator, out);
  const runs = await runCampaigns(api, out, stop);
  if (!stop.requested) await summarize(simulator, runs, out);
  return api;
}

/** A second simulated LinkedIn account, not connected, with the body that connects it. */
async function addSpareAccount(simulator: SimulatorHandle) {
  const spare = {
    id: 'demo-spare',
    email: 'sam@inreach.test',
    password: 'sam-password',
    firstName: 'Sam',
    lastName: 'Rivera',
    slug: 'sam-rivera-demo',
    liAt: 'AQEDAUspareSessionCookieForTheInreachSimulator00000000000000000002',
  };
  await simulator.client.createAccount({ ...spare, premium: true });
  return {
    name: `${spare.firstName} ${spare.lastName}`,
    body: {
      label: 'Sam (simulated)',
      liAt: spare.liAt,
      timezone: 'UTC',
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      isPremium: true,
    },
  };
}

async function setUp(
  admin: InreachApi,
  simulator: SimulatorHandle,
  out: NodeJS.WriteStream,
): Promise<InreachApi> {
  const user = await admin.post<{ id: string; apiKey: string }>('/api/users', {
    email: 'demo-user@inreach.local',
  });
  const api = admin.as(user.apiKey);
  out.write('Created the user demo-user@inreach.local\n');

  await simulator.client.updateAccount(DEMO.account.id, { premium: true });
  const account = await api.post<{ id: string }>('/api/accounts', {
    label: `${DEMO.account.name} (simulated)`,
    liAt: DEMO.account.liAt,
    timezone: 'UTC',
    workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    isPremium: true,
  });
  // The ceilings; a new account still warms up at half of them.
  await api.put(`/api/accounts/${account.id}/limits`, {
    connections: { daily: 50, weekly: 200 },
    notes: { daily: 50, weekly: 200 },
  });
  out.write(`Connected the LinkedIn account of ${DEMO.account.name} (a premium account)\n`);

  for (const campaign of CAMPAIGNS) {
    const created = await api.post<{ id: string }>('/api/campaigns', {
      ...campaign,
      accountId: account.id,
      importLimit: IMPORT_LIMIT,
      status: 'active',
    });
    if (campaign.source.type === 'csv') {
      const report = await api.upload<{ added: number; rejected: unknown[] }>(
        `/api/campaigns/${created.id}/leads/import`,
        'leads.csv',
        // A lead file as people export it, of members the simulated LinkedIn knows.
        await simulator.client.membersCsv({ limit: 20 }),
      );
      out.write(
        `Imported ${report.added} leads from leads.csv (${report.rejected.length} rejected)\n`,
      );
    }
  }
  out.write(`Created ${CAMPAIGNS.length} campaigns, one of each source type\n\n`);
  return api;
}

async function runCampaigns(
  api: InreachApi,
  out: NodeJS.WriteStream,
  stop: { requested: boolean },
): Promise<{ campaign: CampaignView; job: JobView; line: CampaignLine }[]> {
  const campaigns = await api.get<{ items: CampaignView[] }>('/api/campaigns?limit=100');
  const byName = new Map(campaigns.items.map((campaign) => [campaign.name, campaign]));
  const runs = [];
  for (const definition of CAMPAIGNS) {
    const campaign = byName.get(definition.name)!;
    const job = await api.post<JobView>('/api/jobs/follow-request', {
      campaignId: campaign.id,
      importLimit: IMPORT_LIMIT,
    });
    runs.push({ definition, campaignId: campaign.id, jobId: job.id });
  }
  out.write('Running every campaign (one account works one campaign at a time):\n\n');

  const table = new LiveTable(out);
  for (;;) {
    const polled = await Promise.all(
      runs.map(async (run) => {
        const [campaign, job] = await Promise.all([
          api.get<CampaignView>(`/api/campaigns/${run.campaignId}`),
          api.get<JobView>(`/api/jobs/${run.jobId}`),
        ]);
        return { run, campaign, job };
      }),
    );
    // Every campaign of the demo is on one account: while one run works, the others wait.
    const accountBusy = polled.some(({ job }) => isWorking(job));
    const current = polled.map(({ run, campaign, job }) => {
      const line: CampaignLine = {
        name: campaign.name,
        source: run.definition.source.type,
        state: runState(job, accountBusy),
        found: campaign.progress.leads,
        invited: campaign.progress.invited,
        target: IMPORT_LIMIT,
        skipped: campaign.progress.skipped.total,
        failed: campaign.progress.failed,
      };
      return { campaign, job, line };
    });
    const finished = current.every(
      ({ job }) => job.state === 'completed' || job.state === 'failed',
    );
    table.draw(
      current.map((run) => run.line),
      finished,
    );
    if (finished || stop.requested) return current;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function summarize(
  simulator: SimulatorHandle,
  runs: { campaign: CampaignView; job: JobView }[],
  out: NodeJS.WriteStream,
): Promise<void> {
  out.write('\nSummary\n');
  for (const { campaign, job } of runs) {
    const result = job.result;
    out.write(`\n${campaign.name}\n`);
    if (job.state === 'failed') {
      out.write(`  the run failed: ${job.error ?? 'unknown error'}\n`);
      continue;
    }
    // A CSV campaign's leads were imported, not found by the run.
    const leads =
      campaign.source.type === 'csv'
        ? `${campaign.progress.leads} leads imported`
        : `${campaign.progress.leads} leads found so far`;
    out.write(
      `  invited ${result?.invited ?? 0} (${result?.withNote ?? 0} with a note) of ` +
        `${result?.leadsWorked ?? 0} leads worked in this run; ${leads}\n`,
    );
    for (const [reason, count] of Object.entries(result?.skipped ?? {})) {
      out.write(`  skipped ${count}: ${reason.replace(/_/g, ' ')}\n`);
    }
    for (const [reason, count] of Object.entries(result?.failed ?? {})) {
      out.write(`  failed ${count}: ${reason.replace(/_/g, ' ')}\n`);
    }
    if (result?.parked) {
      out.write(
        `  ${result.parked.count} more wait until ${result.parked.runAfter}: ${result.parked.reason}\n`,
      );
    }
  }

  // What the simulated LinkedIn itself received, not what the engine says it did.
  const invitations = (await simulator.client.invitations(DEMO.account.id)).filter(
    (invitation) => invitation.origin === 'ui',
  );
  const people = new Set(invitations.map((invitation) => invitation.toSlug));
  out.write(
    `\nThe simulated LinkedIn received ${invitations.length} invitations to ` +
      `${people.size} different people, ${invitations.filter((one) => one.note).length} with a note.\n`,
  );
  const sample = invitations.find((invitation) => invitation.note);
  if (sample) out.write(`For example, to ${sample.toSlug}: "${sample.note}"\n`);
}
