import { describe, expect, it } from 'vitest';

import { OutsideWorkingHoursError, WorkAbortedError } from './errors';
import { Pacer } from './pacer';

// A pacer whose sleeps are recorded and whose clock moves only by those sleeps.
function recordingPacer(options: Partial<ConstructorParameters<typeof Pacer>[0]> = {}) {
  const sleeps: number[] = [];
  let now = Date.parse('2026-03-02T10:00:00Z'); // a Monday
  let seed = 1;
  const pacer = new Pacer({
    speed: 1,
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    },
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
    ...options,
  });
  return { pacer, sleeps, advance: (ms: number) => (now += ms) };
}

describe('Pacer', () => {
  it('waits a skewed, bounded time between actions: most near the median, a few long', async () => {
    const { pacer, sleeps } = recordingPacer({ breakEvery: 1_000_000 });

    for (let index = 0; index < 400; index++) await pacer.beforeAction();

    const sorted = [...sleeps].sort((left, right) => left - right);
    const median = sorted[200];
    const mean = sleeps.reduce((sum, ms) => sum + ms, 0) / sleeps.length;
    expect(median).toBeGreaterThan(1_800);
    expect(median).toBeLessThan(3_300);
    expect(mean).toBeGreaterThan(median);
    expect(sorted[0]).toBeGreaterThanOrEqual(800);
    expect(sorted.at(-1)).toBeLessThanOrEqual(12_000);
    expect(new Set(sleeps).size).toBeGreaterThan(300);
  });

  it('compresses every wait by the one speed setting', async () => {
    const human = recordingPacer({ breakEvery: 1_000_000 });
    const fast = recordingPacer({ speed: 0.01, breakEvery: 1_000_000 });

    for (let index = 0; index < 50; index++) {
      await human.pacer.beforeAction();
      await human.pacer.afterPageLoad();
      await human.pacer.readingPause(500);
      await fast.pacer.beforeAction();
      await fast.pacer.afterPageLoad();
      await fast.pacer.readingPause(500);
    }

    expect(fast.sleeps).toHaveLength(human.sleeps.length);
    fast.sleeps.forEach((ms, index) => {
      expect(Math.abs(ms - human.sleeps[index] * 0.01)).toBeLessThanOrEqual(1);
    });
    expect(fast.pacer.keystrokeDelay()).toBeLessThan(5);
  });

  it('takes a long break now and then, never on a fixed beat', async () => {
    const { pacer, sleeps } = recordingPacer({ breakEvery: 10 });

    for (let index = 0; index < 300; index++) await pacer.beforeAction();

    const breaks = sleeps.map((ms, index) => ({ ms, index })).filter((sleep) => sleep.ms >= 60_000);
    expect(breaks.length).toBeGreaterThan(5);
    const gaps = breaks.slice(1).map((sleep, index) => sleep.index - breaks[index].index);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('holds back at the hourly ceiling until the oldest action is an hour old', async () => {
    const { pacer, sleeps } = recordingPacer({ maxActionsPerHour: 3, breakEvery: 1_000_000 });

    for (let index = 0; index < 4; index++) await pacer.afterPageLoad();

    // three pauses after three page loads, then a wait that fills the hour since the first
    expect(sleeps).toHaveLength(5);
    expect(sleeps[0] + sleeps[1] + sleeps[2] + sleeps[3]).toBe(3_600_000);
  });

  it('compresses the hour of the ceiling by the speed too', async () => {
    const { pacer, sleeps } = recordingPacer({
      speed: 0.01,
      maxActionsPerHour: 2,
      breakEvery: 1_000_000,
    });

    for (let index = 0; index < 3; index++) await pacer.afterPageLoad();

    expect(sleeps).toHaveLength(4);
    expect(sleeps[0] + sleeps[1] + sleeps[2]).toBe(36_000);
  });

  it('shares the ceiling between the pacers of one account', async () => {
    const actionTimes: number[] = [];
    const first = recordingPacer({ maxActionsPerHour: 2, actionTimes });
    await first.pacer.afterPageLoad();
    await first.pacer.afterPageLoad();
    const second = recordingPacer({ maxActionsPerHour: 2, actionTimes });

    await second.pacer.afterPageLoad();

    expect(second.sleeps[0]).toBeGreaterThan(3_000_000);
  });

  it('stops at the next action once the work is aborted, and ends a wait early', async () => {
    const controller = new AbortController();
    const pacer = new Pacer({ speed: 1, signal: controller.signal });

    const waiting = pacer.beforeAction();
    controller.abort(new Error('the process is shutting down'));

    await expect(waiting).rejects.toBeInstanceOf(WorkAbortedError);
    expect(() => pacer.checkpoint()).toThrow(/shutting down/);
  });

  it('starts no action outside the working hours and says when they begin again', async () => {
    const { pacer, advance } = recordingPacer({
      workingHours: {
        timezone: 'Europe/Warsaw',
        workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      },
    });
    await pacer.beforeAction(); // 11:00 in Warsaw on a Monday

    advance(7 * 3_600_000); // 18:00 in Warsaw

    const failure = await pacer.beforeAction().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutsideWorkingHoursError);
    expect((failure as OutsideWorkingHoursError).resumeAt.toISOString()).toBe(
      '2026-03-03T08:00:00.000Z',
    );
  });

  it('refuses a speed outside (0, 1]', () => {
    expect(() => new Pacer({ speed: 0 })).toThrow(RangeError);
    expect(() => new Pacer({ speed: 2 })).toThrow(RangeError);
  });
});
