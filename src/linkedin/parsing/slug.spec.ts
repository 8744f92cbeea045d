import { describe, expect, it } from 'vitest';
import { isMemberIdSlug, profileUrlFromSlug, slugFromProfileHref } from './slug';

describe('slugFromProfileHref', () => {
  it.each([
    ['/in/john-smith/', 'john-smith'],
    ['/in/john-smith', 'john-smith'],
    ['https://www.linkedin.com/in/john-smith/', 'john-smith'],
    ['https://linkedin.com/in/john-smith', 'john-smith'],
    ['https://uk.linkedin.com/in/john-smith/?originalSubdomain=uk', 'john-smith'],
    ['http://de.linkedin.com/in/john-smith', 'john-smith'],
    [
      'https://www.linkedin.com/in/john-smith?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA1',
      'john-smith',
    ],
    ['https://www.linkedin.com/in/john-smith/details/experience/', 'john-smith'],
    ['https://www.linkedin.com/in/john-smith/overlay/contact-info/', 'john-smith'],
    ['/in/john-smith/?utm_source=share&utm_medium=member_desktop', 'john-smith'],
    ['https://www.linkedin.com/in/john-smith#experience', 'john-smith'],
  ])('reads %s as %s', (href, slug) => {
    expect(slugFromProfileHref(href)).toBe(slug);
  });

  it('percent-decodes non-Latin slugs exactly once', () => {
    expect(slugFromProfileHref('/in/zofia-%C5%9Bredni-123/')).toBe('zofia-średni-123');
    expect(
      slugFromProfileHref('https://www.linkedin.com/in/%E5%B1%B1%E6%9C%AC-%E5%92%8C%E7%9C%9F/'),
    ).toBe('山本-和真');
    expect(slugFromProfileHref('/in/zofia-%25C5%259Bredni/')).toBe('zofia-%C5%9Bredni');
  });

  it('accepts slugs written in Unicode already', () => {
    expect(slugFromProfileHref('https://www.linkedin.com/in/sławomir-mazur-d520c6127/')).toBe(
      'sławomir-mazur-d520c6127',
    );
  });

  it('keeps member ids as they are', () => {
    const slug = slugFromProfileHref(
      'https://www.linkedin.com/in/ACoAAubb9mozKFHXyDLSc6oq1NuU24e0dlmPxwZ?miniProfileUrn=x',
    );
    expect(slug).toBe('ACoAAubb9mozKFHXyDLSc6oq1NuU24e0dlmPxwZ');
    expect(isMemberIdSlug(slug!)).toBe(true);
    expect(isMemberIdSlug('john-smith')).toBe(false);
  });

  it('tells slugs that share a prefix apart', () => {
    expect(slugFromProfileHref('/in/john-smith-123/')).not.toBe(
      slugFromProfileHref('/in/john-smith/'),
    );
  });

  it.each([
    [''],
    ['/company/acme/'],
    ['/in/'],
    ['https://www.linkedin.com/search/results/people/?keywords=in'],
    ['https://example.com/in/john-smith/'],
    ['https://notlinkedin.com/in/john-smith/'],
    ['/sales/lead/ACwAA123,NAME_SEARCH,abc'],
    ['/feed/?redirect=/in/john-smith/'],
  ])('returns null for %s', (href) => {
    expect(slugFromProfileHref(href)).toBeNull();
  });
});

describe('profileUrlFromSlug', () => {
  it('encodes the slug once into the canonical profile URL', () => {
    expect(profileUrlFromSlug('zofia-średni-123')).toBe(
      'https://www.linkedin.com/in/zofia-%C5%9Bredni-123/',
    );
    expect(profileUrlFromSlug('john-smith')).toBe('https://www.linkedin.com/in/john-smith/');
  });

  it('round-trips through slugFromProfileHref', () => {
    for (const slug of ['sławomir-mazur-d520c6127', '山本和真', 'a%b']) {
      expect(slugFromProfileHref(profileUrlFromSlug(slug))).toBe(slug);
    }
  });
});
