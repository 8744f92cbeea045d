import { describe, expect, it } from 'vitest';
import { cleanCell, cleanEmail, parseConnectedOn } from './lead-values';

describe('cleanCell', () => {
  it('trims spaces and tabs and collapses inner runs', () => {
    expect(cleanCell('  Engineer,\t Platform \t')).toBe('Engineer, Platform');
  });

  it('keeps new lines inside a cell as \\n', () => {
    expect(cleanCell('line one\r\nline two')).toBe('line one\nline two');
  });

  it.each(['', '   ', ' -', 'N/A', 'null', '—'])('reads %j as no value', (cell) => {
    expect(cleanCell(cell)).toBeNull();
  });
});

describe('cleanEmail', () => {
  it('keeps an email address', () => {
    expect(cleanEmail(' tobias.lindqvist@example.com ')).toBe('tobias.lindqvist@example.com');
  });

  it.each(['urn:li:member:123456789', 'not an email', 'a@b', ''])('drops %j', (cell) => {
    expect(cleanEmail(cell)).toBeNull();
  });
});

describe('parseConnectedOn', () => {
  it.each([
    ['09 Oct 2024', '2024-10-09'],
    ['1 August 2021', '2021-08-01'],
    ['2024-03-12', '2024-03-12'],
    ['2024-03-12T10:00:00Z', '2024-03-12'],
  ])('reads %j as %j', (cell, expected) => {
    expect(parseConnectedOn(cell)).toBe(expected);
  });

  it.each(['31 Feb 2024', 'yesterday', '', '12 Foo 2024'])('gives null for %j', (cell) => {
    expect(parseConnectedOn(cell)).toBeNull();
  });
});
