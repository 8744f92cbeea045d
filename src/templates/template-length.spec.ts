import { describe, expect, it } from 'vitest';
import { canEverFit, maxRenderedLength, minRenderedLength } from './template-length';
import { compileTemplate } from './template-parser';

describe('template length bounds', () => {
  it('measures the shortest rendering over choices, fallbacks and short values', () => {
    const compiled = compileTemplate(
      '{Hi|Hello} {{firstName | there}}, {great|wonderful} to meet!',
    );

    // "Hi x, great to meet!"
    expect(minRenderedLength(compiled)).toBe(20);
    expect(minRenderedLength(compiled, { minVariableLength: 10 })).toBe(24);
  });

  it('measures the longest rendering with the given variable lengths', () => {
    const compiled = compileTemplate('{Hi|Hello} {{firstName}}');

    expect(maxRenderedLength(compiled, { maxVariableLength: 10 })).toBe(16);
    expect(maxRenderedLength(compiled, { variableLengths: { firstName: 3 } })).toBe(9);
  });

  it('refuses a template whose shortest rendering is over the limit', () => {
    const long = 'word '.repeat(50);
    const compiled = compileTemplate(`{${long}|${long}and more} {{firstName}}`);

    expect(canEverFit(compiled, 200)).toBe(false);
    expect(canEverFit(compiled, 300)).toBe(true);
  });

  it('lets a template fit when one spintax option is short enough', () => {
    const compiled = compileTemplate(`{${'x'.repeat(400)}|Hi} {{firstName}}`);

    expect(canEverFit(compiled, 200)).toBe(true);
  });
});
