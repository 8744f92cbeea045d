import { describe, expect, it } from 'vitest';
import { findPlaceholder } from './placeholders';

describe('findPlaceholder', () => {
  it.each([
    '{{firstName}}',
    '{first_name}',
    'Hi [Lead Name]',
    'Hi [FIRST NAME]',
    'Hi [first name]',
    '[firstName] hi',
    'Hi [companyName]!',
    'Hi [first_name]',
    '%FIRSTNAME%',
    'Hi <name>',
    'Hi $firstName',
    '__FIRST_NAME__',
    'a stray } brace',
  ])('finds the placeholder in %j', (text) => {
    expect(findPlaceholder(text)).toBeDefined();
  });

  it.each([
    'Hi Ada, 50% of teams grow 20% a year.',
    'Loved your talk [sic] <3',
    'The results [see above] and [1] look good',
    'See you at 10:30 (CET) - $5 coffee on me',
  ])('leaves ordinary text alone: %j', (text) => {
    expect(findPlaceholder(text)).toBeUndefined();
  });
});
