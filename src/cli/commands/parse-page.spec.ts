import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../common/paths';
import { PageFileNotFoundError, registerParsePageCommand } from './parse-page';

const capture = join(projectRoot(), 'test/fixtures/pages/sdui_search_people_pl_main_2026-05.html');

function program(): Command {
  const root = new Command('inreach').exitOverride();
  registerParsePageCommand(root);
  return root;
}

describe('parse-page command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the parsed page as JSON', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    await program().parseAsync(['node', 'inreach', 'parse-page', capture]);

    const parsed = JSON.parse(written.join('')) as { page: string; people: unknown[] };
    expect(parsed.page).toBe('search_people');
    expect(parsed.people).toHaveLength(10);
  });

  it('lets the URL path decide the page kind', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    await program().parseAsync([
      'node',
      'inreach',
      'parse-page',
      capture,
      '--url',
      'https://www.linkedin.com/login?session_redirect=https%3A%2F%2Fwww.linkedin.com%2Ffeed%2F',
    ]);

    expect((JSON.parse(written.join('')) as { page: string }).page).toBe('login');
  });

  it('fails with a clear message when the file is missing', async () => {
    await expect(
      program().parseAsync(['node', 'inreach', 'parse-page', '/nonexistent/page.html']),
    ).rejects.toThrow(PageFileNotFoundError);
    await expect(
      program().parseAsync(['node', 'inreach', 'parse-page', '/nonexistent/page.html']),
    ).rejects.toThrow('page file not found: /nonexistent/page.html');
  });
});
