import { describe, expect, it } from 'vitest';

import { rowPersonSlug } from './search-page';

describe('rowPersonSlug', () => {
  it('takes the invite link’s vanityName in the new layout', () => {
    expect(
      rowPersonSlug([
        '/in/john-smith/',
        '/in/mutual-friend/',
        '/preload/search-custom-invite/?vanityName=john-smith',
      ]),
    ).toBe('john-smith');
  });

  it('takes the slug the row repeats, not a mutual connection linked once', () => {
    expect(
      rowPersonSlug(['/in/mutual-friend/', '/in/john-smith-123/', '/in/john-smith-123/']),
    ).toBe('john-smith-123');
  });

  it('ignores member-id links and answers null when the row does not tell', () => {
    expect(rowPersonSlug(['/in/ACoAAB1/', '/in/john-smith/?miniProfileUrn=x'])).toBe('john-smith');
    expect(rowPersonSlug(['/in/one/', '/in/two/'])).toBeNull();
    expect(rowPersonSlug(['/company/northwind/'])).toBeNull();
  });

  it('compares percent-encoded and decoded slugs as one', () => {
    expect(
      rowPersonSlug(['/in/zofia-%C5%9Bredni-123/', '/in/zofia-średni-123/', '/in/other/']),
    ).toBe('zofia-średni-123');
  });
});
