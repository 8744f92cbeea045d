import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../common/paths';
import { parsePage } from './index';

const pagesFolder = join(projectRoot(), 'test', 'fixtures', 'pages');
const captures = readdirSync(pagesFolder)
  .filter((file) => file.endsWith('.html'))
  .map((file) => file.replace(/\.html$/, ''));

/** The actual value cut down to the fields the expected value has, so extra fields are allowed. */
function shapedLike(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual;
    return (actual as unknown[]).map((item, index) =>
      index < expected.length ? shapedLike(item, expected[index] as unknown) : item,
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return actual;
    const source = actual as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(expected).map((key) => [
        key,
        shapedLike(source[key], (expected as Record<string, unknown>)[key]),
      ]),
    );
  }
  return actual;
}

describe('parsePage on saved LinkedIn captures', () => {
  it('finds captures to check', () => {
    expect(captures.length).toBeGreaterThanOrEqual(6);
  });

  it.each(captures)('%s matches its expected file', (capture) => {
    const html = readFileSync(join(pagesFolder, `${capture}.html`), 'utf8');
    const expected = JSON.parse(
      readFileSync(join(pagesFolder, `${capture}.expected.json`), 'utf8'),
    ) as Record<string, unknown>;
    delete expected.notes;

    const parsed = parsePage(html);

    expect(shapedLike(parsed, expected)).toEqual(expected);
  });
});
