import { describe, expect, it } from 'vitest';
import { normalizeProfileUrl } from './profile-url';

const MAREN = {
  profileUrl: 'https://www.linkedin.com/in/maren-holtby/',
  key: 'in:maren-holtby',
  kind: 'vanity',
};

describe('normalizeProfileUrl', () => {
  it.each([
    'https://www.linkedin.com/in/maren-holtby',
    'http://linkedin.com/in/maren-holtby/',
    'https://uk.linkedin.com/in/maren-holtby?originalSubdomain=uk',
    'https://www.linkedin.com/in/Maren-Holtby/?utm_source=share&utm_medium=ios_app',
    'www.linkedin.com/in/maren-holtby',
    'linkedin.com/in/maren-holtby/details/experience/',
    'https://m.linkedin.com/in/maren-holtby',
    'https://www.linkedin.com/mwlite/in/maren-holtby',
    'https://www.linkedin.com/in/maren-holtby/?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAB',
    'https://www.linkedin.com/in/maren-holtby#experience',
    '  //www.linkedin.com/in/maren-holtby  ',
  ])('reads %s as the canonical vanity URL', (input) => {
    expect(normalizeProfileUrl(input)).toEqual(MAREN);
  });

  it('encodes a raw UTF-8 slug once and lower-cases it', () => {
    const raw = normalizeProfileUrl('https://www.linkedin.com/in/Zofia-Średnia-123');
    const encoded = normalizeProfileUrl('https://www.linkedin.com/in/zofia-%C5%9Brednia-123/');
    const lowerEncoded = normalizeProfileUrl('https://www.linkedin.com/in/zofia-%c5%9brednia-123');

    const expected = {
      profileUrl: 'https://www.linkedin.com/in/zofia-%C5%9Brednia-123/',
      key: 'in:zofia-%C5%9Brednia-123',
      kind: 'vanity',
    };
    expect(raw).toEqual(expected);
    expect(encoded).toEqual(expected);
    expect(lowerEncoded).toEqual(expected);
  });

  it('never keeps a slug double-encoded', () => {
    const result = normalizeProfileUrl(
      'https://www.linkedin.com/in/katarzyna-wr%25C3%25B3bel-4b1a2c',
    );

    expect(result).toMatchObject({
      profileUrl: 'https://www.linkedin.com/in/katarzyna-wr%C3%B3bel-4b1a2c/',
    });
  });

  it('keeps a member id exactly as written', () => {
    const result = normalizeProfileUrl(
      'https://www.linkedin.com/in/ACoAAB1x2Y3z4W5v6U7t8S9r0QpOnMlKjIhGfEd?trk=abc',
    );

    expect(result).toEqual({
      profileUrl: 'https://www.linkedin.com/in/ACoAAB1x2Y3z4W5v6U7t8S9r0QpOnMlKjIhGfEd/',
      key: 'member:ACoAAB1x2Y3z4W5v6U7t8S9r0QpOnMlKjIhGfEd',
      kind: 'member_id',
    });
  });

  it('reduces a Sales Navigator lead or people URL to its member id', () => {
    const lead = normalizeProfileUrl(
      'https://www.linkedin.com/sales/lead/ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU,NAME_SEARCH,x7Yz',
    );
    const people = normalizeProfileUrl(
      'https://www.linkedin.com/sales/people/ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU%2CNAME_SEARCH%2Cx7Yz',
    );

    const expected = {
      profileUrl: 'https://www.linkedin.com/sales/lead/ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU',
      key: 'member:ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU',
      kind: 'sales_navigator',
    };
    expect(lead).toEqual(expected);
    expect(people).toEqual(expected);
  });

  it('gives the same key to a Sales Navigator URL and the /in/ URL of the same member id', () => {
    const id = 'ACwAAA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU';
    const salesNavigator = normalizeProfileUrl(
      `https://www.linkedin.com/sales/lead/${id},NAME_SEARCH`,
    );
    const publicForm = normalizeProfileUrl(`https://www.linkedin.com/in/${id}`);

    expect(salesNavigator).toMatchObject({ key: `member:${id}` });
    expect(publicForm).toMatchObject({ key: `member:${id}` });
  });

  it('keeps one slug that is a prefix of another apart', () => {
    expect(normalizeProfileUrl('linkedin.com/in/john-smith')).toMatchObject({
      key: 'in:john-smith',
    });
    expect(normalizeProfileUrl('linkedin.com/in/john-smith-123')).toMatchObject({
      key: 'in:john-smith-123',
    });
  });

  it.each(['李四', '김민', 'たろう', '李四二'])(
    'takes the short CJK slug %s as a profile',
    (slug) => {
      const encoded = encodeURIComponent(slug);

      expect(normalizeProfileUrl(`https://www.linkedin.com/in/${slug}`)).toEqual({
        profileUrl: `https://www.linkedin.com/in/${encoded}/`,
        key: `in:${encoded}`,
        kind: 'vanity',
      });
      expect(normalizeProfileUrl(`linkedin.com/in/${encoded}/`)).toMatchObject({
        key: `in:${encoded}`,
      });
    },
  );

  it.each([
    ['linkedin.com/in/ab', '"ab" is not a valid profile name: it is shorter than 3 characters'],
    ['linkedin.com/in/李', '"李" is not a valid profile name: it is shorter than 2 characters'],
    [
      `linkedin.com/in/${'a'.repeat(101)}`,
      'is not a valid profile name: it is longer than 100 characters',
    ],
    [
      'linkedin.com/in/%3Cscript%3E',
      '"<script>" is not a valid profile name: it holds "<"; a profile name has only letters',
    ],
    ['linkedin.com/in/ann%20lee', 'it holds a space'],
    ['linkedin.com/in/ann%E2%80%8Blee', 'it holds the invisible character U+200B'],
  ])('says why %s is not a profile name', (input, reason) => {
    const result = normalizeProfileUrl(input);

    expect(result).toMatchObject({ error: 'not_a_profile_url' });
    expect((result as { message: string }).message).toContain(reason);
  });

  it('reports an empty cell as a missing URL', () => {
    expect(normalizeProfileUrl('   ')).toMatchObject({ error: 'missing_url' });
  });

  it.each([
    ['a company page', 'https://www.linkedin.com/company/contoso/'],
    ['a look-alike host', 'https://www.linkedln.com/in/not-linkedin'],
    ['another site', 'https://example.com/in/maren-holtby'],
    ['a host that only ends like LinkedIn', 'https://evillinkedin.com/in/maren-holtby'],
    ['plain text', 'just some text'],
    ['an empty slug', 'https://www.linkedin.com/in/'],
    ['the feed', 'https://www.linkedin.com/feed/'],
    ['a script URL', 'javascript:alert(1)'],
    ['a slug with markup', 'https://www.linkedin.com/in/%3Cscript%3E'],
    ['a Sales Navigator URL without id', 'https://www.linkedin.com/sales/lead/'],
    ['an ftp URL', 'ftp://www.linkedin.com/in/maren-holtby'],
  ])('refuses %s as not a profile URL', (_what, input) => {
    expect(normalizeProfileUrl(input)).toMatchObject({ error: 'not_a_profile_url' });
  });
});
