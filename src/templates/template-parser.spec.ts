import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from './template-errors';
import { compileTemplate, type CompileOptions } from './template-parser';

function syntaxReason(source: string, options?: CompileOptions): string | undefined {
  try {
    compileTemplate(source, options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    return (error as TemplateSyntaxError).reason;
  }
}

describe('compileTemplate', () => {
  it('parses variables, fallbacks, custom columns and nested spintax', () => {
    const compiled = compileTemplate(
      '{Hi|Hello {there|friend}} {{ firstName | there }}, {{custom.Industry}}',
    );

    expect(compiled.nodes).toEqual([
      {
        type: 'spintax',
        options: [
          [{ type: 'text', text: 'Hi' }],
          [
            { type: 'text', text: 'Hello ' },
            {
              type: 'spintax',
              options: [[{ type: 'text', text: 'there' }], [{ type: 'text', text: 'friend' }]],
            },
          ],
        ],
      },
      { type: 'text', text: ' ' },
      {
        type: 'variable',
        variable: { source: 'lead', name: 'firstName' },
        fallback: 'there',
        position: 26,
      },
      { type: 'text', text: ', ' },
      { type: 'variable', variable: { source: 'custom', name: 'Industry' }, position: 51 },
    ]);
    expect(compiled.variables).toEqual([
      { source: 'lead', name: 'firstName' },
      { source: 'custom', name: 'Industry' },
    ]);
  });

  it('accepts lead variables in any letter case', () => {
    const compiled = compileTemplate('Hi {{FIRSTNAME}}');

    expect(compiled.variables).toEqual([{ source: 'lead', name: 'firstName' }]);
  });

  it('allows an empty spintax option', () => {
    expect(() => compileTemplate('{Hi|} {{firstName}}!')).not.toThrow();
  });

  it.each([
    ['', 'empty_template'],
    ['Hi {{firstName', 'unclosed_variable'],
    ['Hi {{firstName}', 'unclosed_variable'],
    ['{Hi|Hello there', 'unclosed_spintax'],
    ['Hi} there', 'unmatched_brace'],
    ['Hi {{ }}', 'empty_variable_name'],
    ['Hi {{first_name}}', 'unknown_variable'],
    ['Hi {{custom.}}', 'unknown_variable'],
    ['Hi {first_name}', 'single_option_spintax'],
    ['Hi {{firstName | a | b}}', 'invalid_fallback'],
    ['Hi {{firstName|}}!', 'invalid_fallback'],
    ['Hi {{firstName |  }}!', 'invalid_fallback'],
    ['[firstName] hi', 'unresolved_placeholder'],
    ['Hello [first_name], hi', 'unresolved_placeholder'],
    ['Hi [Lead Name], how are you?', 'unresolved_placeholder'],
    ['Hi %FIRSTNAME%', 'unresolved_placeholder'],
    ['Hi <name>', 'unresolved_placeholder'],
    ['Hi {{firstName | [Name]}}', 'unresolved_placeholder'],
  ])('refuses %j as %s', (source, reason) => {
    expect(syntaxReason(source)).toBe(reason);
  });

  it('checks custom columns against the lead file headers when given', () => {
    const options = { customFields: ['Industry', 'Company Size'] };

    expect(syntaxReason('{{custom.industry}} {{custom.Company Size}}', options)).toBeUndefined();
    expect(syntaxReason('{{custom.Revenue}}', options)).toBe('unknown_column');
  });

  it('tells a custom column read as a lead variable to be written as that variable', () => {
    const options = { customFields: ['Notes', 'Industry'] };
    const messageOf = (source: string): string => {
      try {
        compileTemplate(source, options);
        return '';
      } catch (error) {
        expect((error as TemplateSyntaxError).reason).toBe('unknown_column');
        return (error as TemplateSyntaxError).message;
      }
    };

    expect(messageOf('{{custom.Notes}}')).toBe('');
    expect(messageOf('Hi {{custom.First Name}}')).toBe(
      '"{{custom.First Name}}" is the lead\'s firstName: write {{firstName}} instead',
    );
    expect(messageOf('At {{custom.Company Name}}')).toContain('write {{company}} instead');
    expect(messageOf('As {{custom.Title}}')).toContain('write {{position}} instead');
    expect(messageOf('{{custom.Revenue}}')).toContain('names no column');
  });

  it('says where the problem is', () => {
    try {
      compileTemplate('Hello {{firstName');
      expect.unreachable();
    } catch (error) {
      expect((error as TemplateSyntaxError).position).toBe(6);
      expect((error as TemplateSyntaxError).message).toContain('character 7');
    }
  });
});
