import { setTimeout as delay } from 'node:timers/promises';

import type { Locator } from 'playwright-core';

import {
  isWithinWorkingHours,
  nextWorkingWindowStart,
  type WorkingHoursHolder,
} from '../limits/time-windows';
import { OutsideWorkingHoursError, WorkAbortedError } from './errors';

export interface PacerOptions {
  /** 0 < speed ≤ 1; every wait is multiplied by it (1 is human pace). */
  speed: number;
  /** A uniform random number in [0, 1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Clicks and page loads per rolling hour before the pacer holds back. */
  maxActionsPerHour?: number;
  /** One action in this many is followed by a longer break. */
  breakEvery?: number;
  /** When set, every action and page load first checks it: aborted work stops there. */
  signal?: AbortSignal;
  /** When set, no action starts outside these working hours (in the account's timezone). */
  workingHours?: WorkingHoursHolder;
  /**
   * Times of recent actions, shared by the pacers of one account so that the hourly ceiling
   * holds across jobs; a new list when not given.
   */
  actionTimes?: number[];
}

/** A skewed wait: most are near the median, a few are much longer, none beyond the bounds. */
interface WaitShape {
  medianMs: number;
  sigma: number;
  minMs: number;
  maxMs: number;
}

const SHAPES = {
  action: { medianMs: 2_500, sigma: 0.5, minMs: 800, maxMs: 12_000 },
  pageLoad: { medianMs: 3_500, sigma: 0.45, minMs: 1_500, maxMs: 15_000 },
  keystroke: { medianMs: 110, sigma: 0.35, minMs: 40, maxMs: 450 },
  wordGap: { medianMs: 180, sigma: 0.6, minMs: 60, maxMs: 1_500 },
  longBreak: { medianMs: 180_000, sigma: 0.4, minMs: 60_000, maxMs: 600_000 },
} satisfies Record<string, WaitShape>;

const HOUR_MS = 3_600_000;
// Reading speed of a skimming person, in characters a second.
const READING_CHARS_PER_SECOND = 25;

/**
 * Human-like timing for one account's browser work: randomized waits between actions and page
 * loads, typing cadence, reading pauses, occasional longer breaks and an hourly action ceiling.
 */
export class Pacer {
  private readonly random: () => number;
  private readonly sleepFor: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly actionTimes: number[];
  private actionsSinceBreak = 0;

  constructor(private readonly options: PacerOptions) {
    if (!(options.speed > 0 && options.speed <= 1)) {
      throw new RangeError('Pacer speed must be above 0 and at most 1');
    }
    this.random = options.random ?? Math.random;
    this.sleepFor = options.sleep ?? ((ms) => abortableSleep(ms, options.signal));
    this.now = options.now ?? Date.now;
    this.actionTimes = options.actionTimes ?? [];
  }

  get speed(): number {
    return this.options.speed;
  }

  /**
   * A safe point: raises `WorkAbortedError` when the work was aborted and
   * `OutsideWorkingHoursError` when the working hours are over. Called before every action.
   */
  checkpoint(): void {
    const { signal, workingHours } = this.options;
    if (signal?.aborted) throw new WorkAbortedError(abortReason(signal));
    if (workingHours) {
      const now = new Date(this.now());
      if (!isWithinWorkingHours(workingHours, now)) {
        throw new OutsideWorkingHoursError(nextWorkingWindowStart(workingHours, now));
      }
    }
  }

  /** The pause before a click: counted against the hourly ceiling, now and then a long break. */
  async beforeAction(): Promise<void> {
    this.checkpoint();
    await this.respectHourlyCeiling();
    await this.sleep(this.sample(SHAPES.action));
    await this.maybeTakeBreak();
    this.checkpoint();
  }

  /** The pause after a page has loaded, as a person looks at it before acting. */
  async afterPageLoad(): Promise<void> {
    await this.respectHourlyCeiling();
    await this.sleep(this.sample(SHAPES.pageLoad));
  }

  /** Time to read `characters` of text (a profile, a message), skewed like the other waits. */
  async readingPause(characters: number): Promise<void> {
    const medianMs = Math.min(30_000, 1_000 + (characters / READING_CHARS_PER_SECOND) * 1_000);
    await this.sleep(
      this.sample({ medianMs, sigma: 0.3, minMs: medianMs / 3, maxMs: medianMs * 3 }),
    );
  }

  /** Delay between two keystrokes, compressed by the speed. */
  keystrokeDelay(): number {
    return Math.round(this.sample(SHAPES.keystroke) * this.options.speed);
  }

  /** Types into a field key by key, word by word, with human gaps; never sets the value by script. */
  async type(field: Locator, text: string): Promise<void> {
    const words = text.split(/(?<=\s)/);
    for (const word of words) {
      await field.pressSequentially(word, { delay: this.keystrokeDelay() });
      await this.sleep(this.sample(SHAPES.wordGap));
    }
  }

  /** Samples a wait in milliseconds before the speed is applied (for tests and planning). */
  sample(shape: WaitShape): number {
    const normal = this.standardNormal();
    const value = shape.medianMs * Math.exp(shape.sigma * normal);
    return Math.min(shape.maxMs, Math.max(shape.minMs, value));
  }

  private async maybeTakeBreak(): Promise<void> {
    this.actionsSinceBreak += 1;
    const every = this.options.breakEvery ?? 25;
    // roughly every `every` actions, never on a fixed beat
    if (this.actionsSinceBreak >= every / 2 && this.random() < 2 / every) {
      this.actionsSinceBreak = 0;
      await this.sleep(this.sample(SHAPES.longBreak));
    }
  }

  // The hour is compressed like every other wait, so a fast demo keeps the same shape.
  private async respectHourlyCeiling(): Promise<void> {
    const ceiling = this.options.maxActionsPerHour;
    const windowMs = HOUR_MS * this.options.speed;
    const now = this.now();
    while (this.actionTimes.length > 0 && this.actionTimes[0] <= now - windowMs) {
      this.actionTimes.shift();
    }
    if (ceiling !== undefined && this.actionTimes.length >= ceiling) {
      const waitMs = this.actionTimes[0] + windowMs - now;
      await this.sleepFor(waitMs);
      this.actionTimes.shift();
    }
    this.actionTimes.push(this.now());
  }

  private sleep(ms: number): Promise<void> {
    return this.sleepFor(Math.round(ms * this.options.speed));
  }

  // Box-Muller; 1 - random keeps the logarithm away from zero.
  private standardNormal(): number {
    const u = 1 - this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

// A wait that ends early, as WorkAbortedError, when the work is aborted.
async function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) {
    await delay(ms);
    return;
  }
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new WorkAbortedError(abortReason(signal));
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'aborted';
}
