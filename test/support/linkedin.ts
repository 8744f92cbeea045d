import type { AccountRow, AccountsService } from '../../src/accounts/accounts.service';
import type { WorkingHours } from '../../src/database/schema';
import { EventBus, type InreachEvent } from '../../src/events/event-bus';
import {
  LinkedInAutomationService,
  type LinkedInSession,
  type SessionOptions,
} from '../../src/linkedin/linkedin-automation.service';
import { AccountsService as AccountsServiceClass } from '../../src/accounts/accounts.service';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { startTestService, type TestService } from './service';

/** Every wait of the pacer compressed 200 times: a test run, not a person. */
export const TEST_PACING_SPEED = '0.005';

/** Working hours that never end, so that no test depends on the hour it runs at. */
export const ALWAYS_WORKING: WorkingHours = {
  days: [1, 2, 3, 4, 5, 6, 7],
  start: '00:00',
  end: '24:00',
};

export interface AccountSetup {
  label?: string;
  liAt?: string;
  email?: string;
  password?: string;
  isPremium?: boolean;
  workingHours?: WorkingHours;
  timezone?: string;
}

export interface LinkedInHarness {
  simulator: SimulatorHandle;
  service: TestService;
  automation: LinkedInAutomationService;
  accounts: AccountsService;
  userId: string;
  /** Every event the bus delivered since the start (or the last `events.length = 0`). */
  events: InreachEvent[];
  /**
   * An Inreach account for the simulator's demo member (its li_at, or email and password); the
   * accounts created before are deleted, as one member connects to one account only.
   */
  createAccount(setup?: AccountSetup): Promise<AccountRow>;
  /** The account row as the database holds it now. */
  reload(account: AccountRow): Promise<AccountRow>;
  withSession<T>(
    account: AccountRow,
    work: (session: LinkedInSession) => Promise<T>,
    options?: SessionOptions,
  ): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The simulator and the whole service in this process (PGlite, the test Redis), with
 * LINKEDIN_BASE_URL on the simulator and the pacing compressed.
 */
export async function startLinkedInHarness(
  env: Record<string, string> = {},
): Promise<LinkedInHarness> {
  const simulator = await startSimulator();
  const service = await startTestService('pglite', {
    LINKEDIN_BASE_URL: simulator.baseUrl,
    PACING_SPEED: TEST_PACING_SPEED,
    CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    ...env,
  }).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  const app = service.service.app;
  const automation = app.get(LinkedInAutomationService, { strict: false });
  const accounts = app.get(AccountsServiceClass, { strict: false });
  const events: InreachEvent[] = [];
  const unsubscribe = app.get(EventBus, { strict: false }).subscribe((event) => {
    events.push(event);
  });
  const user = await service.createUser();
  let created = 0;

  return {
    simulator,
    service,
    automation,
    accounts,
    userId: user.id,
    events,
    async createAccount(setup = {}) {
      const login =
        setup.email !== undefined
          ? { email: setup.email, password: setup.password ?? '' }
          : { liAt: setup.liAt ?? DEMO.account.liAt };
      // Each account is the demo member connected anew: the earlier connection goes first.
      for (const earlier of (await accounts.list(user.id, 1, 100)).items) {
        await accounts.remove(user.id, earlier.id);
      }
      const view = await accounts.create(user.id, {
        label: setup.label ?? `account ${++created}`,
        ...login,
        isPremium: setup.isPremium ?? false,
        timezone: setup.timezone ?? 'UTC',
        workingHours: setup.workingHours ?? ALWAYS_WORKING,
      });
      return (await accounts.findById(view.id))!;
    },
    async reload(account) {
      return (await accounts.findById(account.id))!;
    },
    withSession: (account, work, options) => automation.withSession(account, work, options),
    async stop() {
      unsubscribe();
      await service.stop();
      await simulator.close();
    },
  };
}

/** Waits until `probe` holds, polling; fails with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
