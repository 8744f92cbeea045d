import { describe, expect, it } from 'vitest';

import {
  allowedCampaignTransitions,
  assertCampaignTransition,
  assertLeadTransition,
  canMoveLead,
} from './campaign-status';

describe('campaign status transitions', () => {
  it('starts a draft and pauses, resumes and completes a running campaign', () => {
    expect(() => assertCampaignTransition('draft', 'active')).not.toThrow();
    expect(() => assertCampaignTransition('active', 'paused')).not.toThrow();
    expect(() => assertCampaignTransition('paused', 'active')).not.toThrow();
    expect(() => assertCampaignTransition('active', 'completed')).not.toThrow();
  });

  it('refuses to archive a running campaign or to bring a campaign back to draft', () => {
    expect(() => assertCampaignTransition('active', 'archived')).toThrow(
      /can become paused or completed/,
    );
    for (const from of ['active', 'paused', 'completed', 'archived'] as const) {
      expect(allowedCampaignTransitions(from)).not.toContain('draft');
    }
  });

  it('names the allowed moves in the conflict', () => {
    let conflict: unknown;
    try {
      assertCampaignTransition('archived', 'active');
    } catch (error) {
      conflict = error;
    }

    expect(conflict).toMatchObject({ code: 'conflict', details: { allowed: ['paused'] } });
  });

  it('accepts setting the status a campaign already has', () => {
    expect(() => assertCampaignTransition('paused', 'paused')).not.toThrow();
  });
});

describe('campaign lead transitions', () => {
  it('follows a lead from new through invited and accepted to replied', () => {
    expect(canMoveLead('new', 'invited')).toBe(true);
    expect(canMoveLead('invited', 'accepted')).toBe(true);
    expect(canMoveLead('accepted', 'messaged')).toBe(true);
    expect(canMoveLead('messaged', 'messaged')).toBe(true);
    expect(canMoveLead('messaged', 'replied')).toBe(true);
  });

  it('never moves a lead on after a reply or a withdrawal', () => {
    expect(canMoveLead('replied', 'messaged')).toBe(false);
    expect(canMoveLead('withdrawn', 'invited')).toBe(false);
    expect(() => assertLeadTransition('replied', 'new')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });

  it('does not mark a lead accepted that was never invited', () => {
    expect(canMoveLead('new', 'accepted')).toBe(false);
  });

  it('puts skipped and failed leads back in line', () => {
    expect(canMoveLead('skipped', 'new')).toBe(true);
    expect(canMoveLead('failed', 'new')).toBe(true);
  });
});
