import { describe, expect, it } from 'vitest';

import { JobIdGenerator } from './job-ids';
import { sanitizeJobId } from './queue.service';

describe('JobIdGenerator', () => {
  it('never repeats an id, within a generator or across two', () => {
    const first = new JobIdGenerator();
    const second = new JobIdGenerator();
    const now = Date.now();

    const ids = new Set<string>();
    for (let index = 0; index < 10_000; index++) {
      ids.add(first.next(now));
      ids.add(second.next(now));
    }

    expect(ids.size).toBe(20_000);
  });

  it('stays unique when the clock goes back', () => {
    const ids = new JobIdGenerator('abcdefghij');

    const made = [ids.next(5_000), ids.next(4_000), ids.next(5_000)];

    expect(new Set(made).size).toBe(3);
  });

  it('makes ids that are safe Redis key parts and never a bare number', () => {
    const ids = new JobIdGenerator();

    for (let index = 0; index < 1_000; index++) {
      const id = ids.next();
      expect(id).toMatch(/^[0-9a-z]+$/);
      expect(id).not.toMatch(/^\d+$/);
      expect(sanitizeJobId(id)).toBe(id);
    }
  });

  it('orders ids of later times after earlier ones, whatever process made them', () => {
    const earlier = new JobIdGenerator('zzzzzzzzzz').next(Date.UTC(2030, 0, 1));
    const later = new JobIdGenerator('aaaaaaaaaa').next(Date.UTC(2030, 0, 1, 0, 0, 1));

    expect(earlier < later).toBe(true);
  });
});
