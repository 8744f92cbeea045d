import { describe, expect, it } from 'vitest';
import { parseSourceUrl, SourceUrlError, type SourceType } from './source-url';

const ACTIVITY = '7212345678901234567';
const EVENT = '7198765432109876543';

function failure(type: SourceType, url: string, allowedHosts?: string[]): SourceUrlError {
  try {
    parseSourceUrl(type, url, { allowedHosts });
  } catch (error) {
    expect(error).toBeInstanceOf(SourceUrlError);
    return error as SourceUrlError;
  }
  throw new Error(`${url} was accepted`);
}

describe('parseSourceUrl for posts', () => {
  it.each([
    `https://www.linkedin.com/feed/update/urn:li:activity:${ACTIVITY}/`,
    `https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A${ACTIVITY}?utm_source=share`,
    `linkedin.com/feed/update/urn:li:activity:${ACTIVITY}`,
    `https://www.linkedin.com/posts/maren-holtby_sales-outreach-activity-${ACTIVITY}-Ab3x?utm_source=share&utm_medium=member_desktop`,
    `https://uk.linkedin.com/posts/maren-holtby_hiring-activity-${ACTIVITY}-zz9Q`,
    `https://www.linkedin.com/posts/maren-holtby_activity-${ACTIVITY}-AbCd`,
    `https://www.linkedin.com/embed/feed/update/urn:li:activity:${ACTIVITY}`,
    `urn:li:activity:${ACTIVITY}`,
  ])('reads %s as the activity post', (url) => {
    expect(parseSourceUrl('reactions', url)).toEqual({
      type: 'reactions',
      url: `https://www.linkedin.com/feed/update/urn:li:activity:${ACTIVITY}/`,
      urn: `urn:li:activity:${ACTIVITY}`,
      urnType: 'activity',
      postId: ACTIVITY,
    });
  });

  it('keeps ugcPost and share URNs as their own kind', () => {
    expect(
      parseSourceUrl(
        'comments',
        `https://www.linkedin.com/feed/update/urn:li:ugcPost:${ACTIVITY}/`,
      ),
    ).toMatchObject({ type: 'comments', urnType: 'ugcPost', urn: `urn:li:ugcPost:${ACTIVITY}` });
    expect(
      parseSourceUrl('comments', `https://www.linkedin.com/posts/a_b-share-${ACTIVITY}-x1Yz`),
    ).toMatchObject({ urnType: 'share' });
  });

  it.each([
    ['a company page', 'https://www.linkedin.com/company/contoso/'],
    ['a profile', 'https://www.linkedin.com/in/maren-holtby/'],
    ['the feed', 'https://www.linkedin.com/feed/'],
  ])('says that %s is not a post', (page, url) => {
    const error = failure('reactions', url);

    expect(error.reason).toBe('not_a_post');
    expect(error.message).toMatch(new RegExp(`^${page} is not a post; paste the post's URL`));
  });

  it.each([
    'https://www.linkedin.com/feed/update/urn:li:activity:123/',
    'https://www.linkedin.com/posts/maren-holtby_sales-activity-123-Ab3x',
  ])('says that the post URL %s has no post id', (url) => {
    const error = failure('reactions', url);

    expect(error.reason).toBe('not_a_post');
    expect(error.message).toMatch(/^the post URL has no post id/);
  });
});

describe('parseSourceUrl for events', () => {
  const attendees = `https://www.linkedin.com/search/results/people/?eventAttending=%5B%22${EVENT}%22%5D&origin=EVENT_PAGE_CANNED_SEARCH`;

  it.each([
    `https://www.linkedin.com/events/${EVENT}/`,
    `https://www.linkedin.com/events/ai-summit-2025${EVENT}/comments/`,
    `https://www.linkedin.com/search/results/people/?eventAttending=["${EVENT}"]&origin=EVENT_PAGE_CANNED_SEARCH`,
  ])('reads %s as the event attendee search', (url) => {
    expect(parseSourceUrl('event', url)).toEqual({
      type: 'event',
      url: attendees,
      eventId: EVENT,
      eventUrl: `https://www.linkedin.com/events/${EVENT}/`,
    });
  });

  it('gives an attendee search whose facet decodes to the event id', () => {
    const { url } = parseSourceUrl('event', `https://www.linkedin.com/events/${EVENT}/`);

    expect(new URL(url).searchParams.get('eventAttending')).toBe(`["${EVENT}"]`);
  });

  it('refuses an event URL without a 19-digit id', () => {
    expect(failure('event', 'https://www.linkedin.com/events/ai-summit/').reason).toBe(
      'not_an_event',
    );
  });
});

describe('parseSourceUrl for searches', () => {
  it('decodes JSON-array facets and drops the page', () => {
    const url =
      'https://www.linkedin.com/search/results/people/?keywords=head%20of%20sales&network=%5B%22F%22%2C%22S%22%5D&geoUrn=["103644278"]&origin=FACETED_SEARCH&page=3';

    const source = parseSourceUrl('search', url);

    expect(source).toEqual({
      type: 'search',
      url: 'https://www.linkedin.com/search/results/people/?keywords=head+of+sales&network=%5B%22F%22%2C%22S%22%5D&geoUrn=%5B%22103644278%22%5D&origin=FACETED_SEARCH',
      keywords: 'head of sales',
      facets: { network: ['F', 'S'], geoUrn: ['103644278'], origin: 'FACETED_SEARCH' },
    });
  });

  it.each([
    ['a profile', 'https://www.linkedin.com/in/maren-holtby/'],
    [
      'a search that is not of people',
      'https://www.linkedin.com/search/results/companies/?keywords=x',
    ],
    ['a Sales Navigator page', 'https://www.linkedin.com/sales/search/people?query=x'],
  ])('says that %s is not a people search', (page, url) => {
    const error = failure('search', url);

    expect(error.reason).toBe('not_a_people_search');
    expect(error.message).toBe(`${page} is not a people search`);
  });
});

describe('parseSourceUrl hosts', () => {
  it.each([
    'https://www.linkedln.com/feed/update/urn:li:activity:1/',
    'https://example.com/search/results/people/?keywords=x',
    'https://notlinkedin.com/events/7198765432109876543/',
  ])('refuses %s as not LinkedIn', (url) => {
    expect(failure('search', url).reason).toBe('host_not_allowed');
  });

  it('refuses text that is not a URL', () => {
    expect(failure('search', 'http://').reason).toBe('invalid_url');
    expect(failure('search', 'javascript:alert(1)').reason).toBe('invalid_url');
  });

  it('accepts a simulator host when allowed and keeps its origin', () => {
    const source = parseSourceUrl('event', `http://127.0.0.1:4010/events/${EVENT}/`, {
      allowedHosts: ['127.0.0.1:4010'],
    });

    expect(source.url).toBe(
      `http://127.0.0.1:4010/search/results/people/?eventAttending=%5B%22${EVENT}%22%5D&origin=EVENT_PAGE_CANNED_SEARCH`,
    );
  });

  it('refuses LinkedIn itself when only a simulator is allowed', () => {
    const error = failure('event', `https://www.linkedin.com/events/${EVENT}/`, ['127.0.0.1:4010']);

    expect(error.reason).toBe('host_not_allowed');
  });
});
