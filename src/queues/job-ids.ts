import { randomInt } from 'node:crypto';

const TAG_LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const TAG_LENGTH = 10;
const TIME_WIDTH = 9;

/**
 * Job ids: the time in base 36, this process's random tag (ten letters, about 47 bits) and a
 * counter. Unique across processes by the tag and within one by the counter, whatever the clock
 * does; starting with the time, new ids land at the right edge of the history's primary key,
 * where random UUIDs spread writes over the whole index. Safe as Redis key parts and in URLs:
 * letters and digits only, never a bare number.
 */
export class JobIdGenerator {
  private readonly tag: string;
  private counter = 0;
  // The time and tag part, kept while the millisecond lasts: a batch makes hundreds in one.
  private prefixTime = NaN;
  private prefix = '';

  constructor(tag = randomTag()) {
    this.tag = tag;
  }

  next(now = Date.now()): string {
    this.counter++;
    if (now !== this.prefixTime) {
      this.prefixTime = now;
      this.prefix = `${now.toString(36).padStart(TIME_WIDTH, '0')}${this.tag}`;
    }
    return `${this.prefix}${this.counter.toString(36)}`;
  }
}

function randomTag(): string {
  let tag = '';
  for (let index = 0; index < TAG_LENGTH; index++) tag += TAG_LETTERS[randomInt(26)];
  return tag;
}
