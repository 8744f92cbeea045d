import { describe, expect, it } from 'vitest';
import { cleanFullName, cleanName, cleanNamePart, splitFullName } from './names';

describe('cleanNamePart', () => {
  it.each([
    ['Dr. Idris', 'Idris'],
    ['Prof. Dr. Anna', 'Anna'],
    ['Mrs Jane', 'Jane'],
    ['Katarzyna (Kasia)', 'Katarzyna'],
    ['Robert "Bob"', 'Robert'],
    ["Robert 'Bob'", 'Robert'],
    ['Tobias\t', 'Tobias'],
    ['Lindqvist  ', 'Lindqvist'],
    ['Lena 🌟', 'Lena'],
    ['Rossi🇮🇹', 'Rossi'],
    ['👋 Sam', 'Sam'],
    ['Marchetti, CPA', 'Marchetti'],
    ['Okafor, PhD, MBA', 'Okafor'],
    ['Chen CFA', 'Chen'],
    ['NAKAMURA', 'Nakamura'],
    ["O'NEIL", "O'Neil"],
    ["O'Brien", "O'Brien"],
    ['MCDONALD', 'McDonald'],
    ['McDonald', 'McDonald'],
    ['van der Berg', 'van der Berg'],
    ['VAN DER BERG', 'van der Berg'],
    ['DE LA CRUZ', 'de la Cruz'],
    ['JEAN-LUC', 'Jean-Luc'],
    ['Mary Ann', 'Mary Ann'],
    ['Wróbel', 'Wróbel'],
    ['ŚREDNIA', 'Średnia'],
    ['ΠΑΠΑΔΑΚΗΣ', 'Παπαδακης'],
    ['山田', '山田'],
    ['Ma', 'Ma'],
    ['Mr', 'Mr'],
  ])('cleans %j to %j', (raw, expected) => {
    expect(cleanNamePart(raw)).toBe(expected);
  });

  it('gives null for a cell with nothing but decoration', () => {
    expect(cleanNamePart(' 🚀 ')).toBeNull();
    expect(cleanNamePart('')).toBeNull();
    expect(cleanNamePart(undefined)).toBeNull();
  });
});

describe('cleanFullName', () => {
  it('drops credentials after a comma', () => {
    expect(cleanFullName('Sofia Marchetti, CPA')).toBe('Sofia Marchetti');
  });

  it('reads "Last, First" as a reversed name', () => {
    expect(cleanFullName('Okafor, Idris')).toBe('Idris Okafor');
  });
});

describe('splitFullName', () => {
  it('takes the first word as first name and the rest, particles included, as last name', () => {
    expect(splitFullName('Pieter van der Berg')).toEqual({
      firstName: 'Pieter',
      lastName: 'van der Berg',
    });
  });

  it('keeps a single word as first name only', () => {
    expect(splitFullName('山田太郎')).toEqual({ firstName: '山田太郎', lastName: null });
  });
});

describe('cleanName', () => {
  it('splits a full name when no first name is given', () => {
    expect(cleanName({ fullName: 'Dr. PIETER VAN DER BERG 🚀' })).toEqual({
      firstName: 'Pieter',
      lastName: 'van der Berg',
      fullName: 'Pieter van der Berg',
    });
  });

  it('builds the full name from cleaned parts', () => {
    expect(cleanName({ firstName: 'Aiko', lastName: 'NAKAMURA', fullName: 'x' })).toEqual({
      firstName: 'Aiko',
      lastName: 'Nakamura',
      fullName: 'Aiko Nakamura',
    });
  });

  it('takes the last name from the full name when only the first name cell is filled', () => {
    expect(cleanName({ firstName: 'Owen', fullName: 'Owen Price' })).toEqual({
      firstName: 'Owen',
      lastName: 'Price',
      fullName: 'Owen Price',
    });
  });

  it('leaves every part null when nothing is known', () => {
    expect(cleanName({})).toEqual({ firstName: null, lastName: null, fullName: null });
  });
});

describe('cleanFullName casing', () => {
  it('fixes shouted words inside an otherwise mixed name', () => {
    expect(cleanFullName('Pieter VAN DER BERG')).toBe('Pieter van der Berg');
    expect(cleanFullName('Aiko NAKAMURA')).toBe('Aiko Nakamura');
  });

  it('leaves initials and mixed-case words alone', () => {
    expect(cleanFullName('JP McDonald')).toBe('JP McDonald');
  });
});
