import { describe, expect, it } from 'vitest';
import { cleanCell, cleanEmail, cleanText, parseConnectedOn, unusableCell } from './lead-values';

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

describe('unusableCell', () => {
  it.each([
    '=HYPERLINK("http://evil.io","x")',
    '=Ada',
    '@SUM(1+1)',
    "-cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    '-2+3+cmd',
    '-SUM(A1)',
    '\t=1+1',
    '\r@SUM(1)',
    '+',
  ])('reads %j as a spreadsheet formula', (cell) => {
    expect(unusableCell(cell, 'text')).toBe('formula');
    expect(unusableCell(cell, 'name')).toBe('formula');
  });

  it.each([
    '-Dash Ventures',
    '- Founder',
    '+44 20 7946 0958',
    '+1 (555) 010-9999',
    '-5',
    '-20%',
    '@acme',
    '-',
    ' — ',
    'Founder & CEO',
    'AT&T',
    '\tAda',
  ])('lets %j be a value', (cell) => {
    expect(unusableCell(cell, 'text')).toBeUndefined();
  });

  it('reads markup as no name, but lets it be other text', () => {
    expect(unusableCell('<script>alert(1)</script>', 'name')).toBe('markup');
    expect(unusableCell('Ada <3', 'name')).toBe('markup');
    expect(unusableCell('<b>Acme</b>', 'text')).toBeUndefined();
  });

  it.each(["O'Brien", 'Jean-Luc', "d'Artagnan", 'María José', '李四', 'Zoë', 'Ng'])(
    'lets the name %j be a name',
    (name) => {
      expect(unusableCell(name, 'name')).toBeUndefined();
    },
  );
});

describe('cleanText', () => {
  it('drops a list bullet before the value but keeps a dash joined to it', () => {
    expect(cleanText('- Founder')).toBe('Founder');
    expect(cleanText('• Acme Ltd')).toBe('Acme Ltd');
    expect(cleanText('-Dash Ventures')).toBe('-Dash Ventures');
    expect(cleanText(' -')).toBeNull();
  });
});
