import { describe, expect, it } from 'vitest';

import { isWithinWorkingHours, nextWorkingWindowStart } from './time-windows';

const allDay = {
  timezone: 'Europe/Berlin',
  workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
};

describe('working hours ending at 24:00', () => {
  it('covers every minute of the day, the last one included', () => {
    expect(isWithinWorkingHours(allDay, new Date('2026-12-04T22:59:30Z'))).toBe(true);
    expect(isWithinWorkingHours(allDay, new Date('2026-12-04T23:00:00Z'))).toBe(true);
    expect(isWithinWorkingHours(allDay, new Date('2026-03-29T01:30:00Z'))).toBe(true);
  });

  it('ends an evening window at midnight', () => {
    const evening = {
      timezone: 'Europe/Berlin',
      workingHours: { days: [5], start: '20:00', end: '24:00' },
    };
    // Friday 2026-12-04, 23:59 in Berlin; Saturday 00:00 is outside.
    expect(isWithinWorkingHours(evening, new Date('2026-12-04T22:59:00Z'))).toBe(true);
    expect(isWithinWorkingHours(evening, new Date('2026-12-04T23:00:00Z'))).toBe(false);
    expect(nextWorkingWindowStart(evening, new Date('2026-12-04T23:00:00Z'))).toEqual(
      new Date('2026-12-11T19:00:00Z'),
    );
  });
});
