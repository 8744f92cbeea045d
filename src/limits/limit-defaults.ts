export const ACTION_TYPES = [
  'connections',
  'notes',
  'messages',
  'profileViews',
  'follows',
  'withdrawals',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface Caps {
  daily: number;
  weekly: number;
}

/** Conservative defaults a user may change within the ceilings below. */
export const DEFAULT_CAPS: Record<ActionType, Caps> = {
  connections: { daily: 20, weekly: 100 },
  notes: { daily: 20, weekly: 100 },
  messages: { daily: 50, weekly: 250 },
  profileViews: { daily: 80, weekly: 400 },
  follows: { daily: 30, weekly: 150 },
  withdrawals: { daily: 20, weekly: 100 },
};

/** Notes on a free account: LinkedIn allows a few personalized invitations a calendar month. */
export const FREE_NOTES_DEFAULT: Caps = { daily: 5, weekly: 5 };
export const FREE_NOTES_PER_MONTH = 5;

/** What no setting may exceed. */
export const HARD_CEILINGS: Record<ActionType, Caps> = {
  connections: { daily: 50, weekly: 200 },
  notes: { daily: 50, weekly: 200 },
  messages: { daily: 150, weekly: 700 },
  profileViews: { daily: 250, weekly: 1_000 },
  follows: { daily: 100, weekly: 500 },
  withdrawals: { daily: 50, weekly: 200 },
};

/** The share of each cap a new account gets: half in its first week, three quarters in the second. */
export function warmupFactor(accountAgeDays: number): number {
  if (accountAgeDays < 7) return 0.5;
  if (accountAgeDays < 14) return 0.75;
  return 1;
}

export function defaultCaps(type: ActionType, isPremium: boolean): Caps {
  return type === 'notes' && !isPremium ? FREE_NOTES_DEFAULT : DEFAULT_CAPS[type];
}
