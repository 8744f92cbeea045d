import { describe, expect, it } from 'vitest';

import { canonicalTimeZone } from './time-zone';

describe('canonicalTimeZone', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['US/Pacific', 'America/Los_Angeles'],
    ['utc', 'UTC'],
    ['Asia/Kathmandu', 'Asia/Kathmandu'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['America/Nuuk', 'America/Nuuk'],
    ['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'],
  ])('names %s as %s', (given, canonical) => {
    expect(canonicalTimeZone(given)).toBe(canonical);
  });

  it('leaves what is no zone as sent, for validation to name', () => {
    expect(canonicalTimeZone('Mars/Olympus')).toBe('Mars/Olympus');
    expect(canonicalTimeZone(5)).toBe(5);
  });
});
