import { describe, expect, it } from 'vitest';
import { compileTemplate } from './template-parser';
import {
  checkLength,
  renderTemplate,
  tidyWhitespace,
  type TemplateLead,
} from './template-renderer';

const ADA: TemplateLead = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  fullName: 'Ada Lovelace',
  company: 'Analytical Engines',
  position: 'Mathematician',
  location: 'London',
  custom: { Industry: 'Computing', Empty: '' },
};

/** Returns the given numbers in turn, as Math.random would. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length];
}

function render(source: string, lead: TemplateLead = ADA, random = sequence(0)) {
  return renderTemplate(compileTemplate(source), lead, { random });
}

describe('renderTemplate', () => {
  it('fills lead variables and custom columns', () => {
    const result = render(
      '{{firstName}} {{lastName}} ({{fullName}}) is {{position}} at {{company}}, {{location}}: {{custom.industry}}',
    );

    expect(result).toEqual({
      ok: true,
      text: 'Ada Lovelace (Ada Lovelace) is Mathematician at Analytical Engines, London: Computing',
      length: 85,
    });
  });

  it('picks spintax options with the injected random, nested ones included', () => {
    const template = compileTemplate('{Hi|Hello|Hey {there|you}} {{firstName}}');

    const picks = [[0], [0.4], [0.9, 0], [0.9, 0.99]].map((values) =>
      renderTemplate(template, ADA, { random: sequence(...values) }),
    );

    expect(picks.map((result) => (result.ok ? result.text : result.reason))).toEqual([
      'Hi Ada',
      'Hello Ada',
      'Hey there Ada',
      'Hey you Ada',
    ]);
  });

  it('uses the fallback when the value is empty', () => {
    expect(render('Hi {{firstName | there}}!', { firstName: '  ' })).toMatchObject({
      ok: true,
      text: 'Hi there!',
    });
  });

  it('tidies the spaces an empty option leaves', () => {
    expect(render('{|Well,} Hi  {|dear} , how is {{company}} ?', { company: 'X' })).toMatchObject({
      ok: true,
      text: 'Hi, how is X?',
    });
  });

  it('fails on an empty variable without fallback', () => {
    expect(render('Hi {{firstName}}', { firstName: null })).toMatchObject({
      ok: false,
      reason: 'empty_variable',
      variable: 'firstName',
    });
    expect(render('In {{custom.Empty}}')).toMatchObject({ ok: false, reason: 'empty_variable' });
  });

  it('fails on a custom column the lead does not have', () => {
    expect(render('In {{custom.Revenue}}')).toMatchObject({
      ok: false,
      reason: 'unknown_variable',
      variable: 'custom.Revenue',
    });
  });

  it('uses the fallback for a custom column the lead does not have', () => {
    expect(render('In {{custom.Revenue | your field}}')).toMatchObject({
      ok: true,
      text: 'In your field',
    });
  });

  it.each([
    ['{first_name}', { firstName: '{first_name}' }],
    ['[Lead Name]', { firstName: '[Lead Name]' }],
    ['%FIRSTNAME%', { firstName: '%FIRSTNAME%' }],
    ['<name>', { firstName: '<name>' }],
    ['{{firstName}}', { firstName: '{{firstName}}' }],
  ])('never returns text that still holds %s', (_shape, lead) => {
    expect(render('Hi {{firstName}}', lead)).toMatchObject({
      ok: false,
      reason: 'unresolved_placeholder',
    });
  });

  it('fails when the text is over the given limit', () => {
    const result = renderTemplate(compileTemplate('Hi {{firstName}}'), ADA, { maxLength: 5 });

    expect(result).toMatchObject({ ok: false, reason: 'too_long' });
  });
});

describe('checkLength', () => {
  it('passes a text at the limit and refuses one over it', () => {
    expect(checkLength('x'.repeat(200), 200)).toEqual({ ok: true, length: 200 });
    expect(checkLength('x'.repeat(201), 200)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('counts an emoji as two characters, as the note field does', () => {
    expect(checkLength('👋', 1)).toMatchObject({ ok: false });
  });
});

describe('tidyWhitespace', () => {
  it('keeps paragraphs but drops spaces around line ends and extra blank lines', () => {
    expect(tidyWhitespace('  Hi Ada , \n\n\n\n Thanks ( really )  ')).toBe(
      'Hi Ada,\n\nThanks (really)',
    );
  });
});
