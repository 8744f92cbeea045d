import { ConflictError } from '../common/errors';
import type { campaignLeadState, campaignStatus } from '../database/schema';

export type CampaignStatus = (typeof campaignStatus.enumValues)[number];
export type CampaignLeadState = (typeof campaignLeadState.enumValues)[number];

// A campaign is started from draft, paused and resumed, completed by the engine when its source
// and leads run out (or by the user), and archived when nobody needs it in the list any more.
// A running campaign is paused before it is archived, so no run is cut off mid-way.
const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['active', 'archived'],
  active: ['paused', 'completed'],
  paused: ['active', 'completed', 'archived'],
  // New leads (another file, a longer search) can bring a completed campaign back to work.
  completed: ['active', 'archived'],
  archived: ['paused'],
};

/** The statuses a campaign may move to from `from`. */
export function allowedCampaignTransitions(from: CampaignStatus): readonly CampaignStatus[] {
  return CAMPAIGN_TRANSITIONS[from];
}

/** Throws a 409 naming the allowed moves when `from` cannot become `to`. */
export function assertCampaignTransition(from: CampaignStatus, to: CampaignStatus): void {
  if (from === to || CAMPAIGN_TRANSITIONS[from].includes(to)) {
    return;
  }
  const allowed = CAMPAIGN_TRANSITIONS[from];
  throw new ConflictError(
    `${withArticle(from)} campaign cannot become ${to}; it can become ${allowed.join(' or ')}.`,
    { from, to, allowed },
  );
}

// Membership of a lead in a campaign. `messaged` repeats for each message of the sequence.
const LEAD_TRANSITIONS: Record<CampaignLeadState, readonly CampaignLeadState[]> = {
  new: ['invited', 'skipped', 'failed'],
  invited: ['accepted', 'replied', 'withdrawn', 'failed'],
  accepted: ['messaged', 'replied', 'failed'],
  messaged: ['messaged', 'replied', 'failed'],
  replied: [],
  // A skipped or failed lead may be put back in line (notes available again, a retry).
  skipped: ['new'],
  failed: ['new', 'skipped', 'invited', 'accepted', 'messaged'],
  withdrawn: [],
};

export function canMoveLead(from: CampaignLeadState, to: CampaignLeadState): boolean {
  return from === to || LEAD_TRANSITIONS[from].includes(to);
}

/** Throws a 409 when a campaign lead cannot move from `from` to `to`. */
export function assertLeadTransition(from: CampaignLeadState, to: CampaignLeadState): void {
  if (!canMoveLead(from, to)) {
    throw new ConflictError(`A campaign lead that is ${from} cannot become ${to}.`, { from, to });
  }
}

function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `An ${word}` : `A ${word}`;
}
