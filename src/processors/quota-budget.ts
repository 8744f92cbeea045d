import type { Database } from '../database/database';
import type { ActionType } from '../limits/limit-defaults';
import type { LinkedInSettingsService } from '../limits/linkedin-settings.service';

type Executor = Parameters<Parameters<Database['transaction']>[0]>[0];

// A run reserves for hours: at human pace twenty invitations take most of an hour, and a
// reservation of a crashed process must outlive no real run.
const RESERVATION_TTL_MS = 4 * 60 * 60_000;

/**
 * One run's share of a quota: reserved up front (atomically across processes), spent one action
 * at a time in the transaction that records the action, and given back when the run ends.
 */
export class QuotaBudget {
  private readonly reservations: { id: string; left: number }[] = [];
  private spentCount = 0;
  private grantedCount = 0;
  /** When more becomes available, after a grant short of what was asked. */
  resumeAt: Date | null = null;

  constructor(
    private readonly settings: LinkedInSettingsService,
    readonly accountId: string,
    readonly type: ActionType,
    private readonly jobId: string,
  ) {}

  /** Reserves up to `wanted` more; returns how many were granted. */
  async reserve(wanted: number): Promise<number> {
    if (wanted <= 0) return 0;
    const grant = await this.settings.getMaxActionsForRun(this.accountId, this.type, wanted, {
      jobId: this.jobId,
      ttlMs: RESERVATION_TTL_MS,
    });
    this.resumeAt = grant.resumeAt;
    if (grant.granted > 0 && grant.reservationId) {
      this.reservations.push({ id: grant.reservationId, left: grant.granted });
      this.grantedCount += grant.granted;
    }
    return grant.granted;
  }

  get granted(): number {
    return this.grantedCount;
  }

  get spent(): number {
    return this.spentCount;
  }

  get left(): number {
    return this.grantedCount - this.spentCount;
  }

  /**
   * Gives up what is left when the caps no longer allow one more (the user lowered them during
   * the run); true while the budget may still be spent.
   */
  async keepWithinCaps(): Promise<boolean> {
    if (this.left > 0 && !(await this.settings.fitsOneMore(this.accountId, this.type))) {
      this.exhaust();
    }
    return this.left > 0;
  }

  /** LinkedIn says there is no more: nothing of this budget is spent any more. */
  exhaust(): void {
    this.grantedCount = this.spentCount;
  }

  /** Spends one action, inside the transaction that records it as succeeded. */
  async spend(executor: Executor): Promise<void> {
    const reservation = this.reservations.find((candidate) => candidate.left > 0);
    if (reservation) {
      await this.settings.consume(reservation.id, 1, executor);
      reservation.left -= 1;
    }
    this.spentCount += 1;
  }

  /** Gives back what was not spent. */
  async close(): Promise<void> {
    const open = this.reservations.splice(0);
    await Promise.all(open.map((reservation) => this.settings.release(reservation.id)));
  }
}
