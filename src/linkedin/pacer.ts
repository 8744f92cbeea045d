import type { Locator } from 'playwright-core';
import { DateTime } from 'luxon';

import type { WorkingHours } from '../database/schema';

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
  private readonly actionTimes: number[] = [];
  private actionsSinceBreak = 0;

  constructor(private readonly options: PacerOptions) {
    if (!(options.speed > 0 && options.speed <= 1)) {
      throw new RangeError('Pacer speed must be above 0 and at most 1');
    }
    this.random = options.random ?? Math.random;
    this.sleepFor = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  get speed(): number {
    return this.options.speed;
  }

  /** The pause before a click: counted against the hourly ceiling, now and then a long break. */
  async beforeAction(): Promise<void> {
    await this.respectHourlyCeiling();
    await this.sleep(this.sample(SHAPES.action));
    await this.maybeTakeBreak();
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

  private async respectHourlyCeiling(): Promise<void> {
    const ceiling = this.options.maxActionsPerHour;
    const now = this.now();
    while (this.actionTimes.length > 0 && this.actionTimes[0] <= now - HOUR_MS) {
      this.actionTimes.shift();
    }
    if (ceiling !== undefined && this.actionTimes.length >= ceiling) {
      const waitMs = this.actionTimes[0] + HOUR_MS - now;
      // the ceiling is a real rate: it is not compressed by the speed
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

/** Whether `at` falls inside the working hours in the account's timezone. */
export function isWithinWorkingHours(at: Date, timezone: string, hours: WorkingHours): boolean {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!hours.days.includes(local.weekday)) return false;
  const minutes = local.hour * 60 + local.minute;
  return minutes >= minutesOf(hours.start) && minutes < minutesOf(hours.end);
}

/** The next moment at or after `at` inside the working hours (at itself when already inside). */
export function nextWorkingTime(at: Date, timezone: string, hours: WorkingHours): Date {
  if (hours.days.length === 0) throw new RangeError('working hours without a working day');
  if (isWithinWorkingHours(at, timezone, hours)) return at;
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const [startHour, startMinute] = hours.start.split(':').map(Number);
  for (let dayOffset = 0; dayOffset <= 7; dayOffset++) {
    const day = local.plus({ days: dayOffset });
    const start = day.set({ hour: startHour, minute: startMinute, second: 0, millisecond: 0 });
    if (hours.days.includes(start.weekday) && start > local) return start.toJSDate();
  }
  throw new RangeError('no working time within a week');
}

function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return hour * 60 + minute;
}
