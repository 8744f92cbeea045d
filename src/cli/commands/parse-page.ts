import { existsSync, readFileSync, statSync } from 'node:fs';

import { Command } from 'commander';

import { parsePage } from '../../linkedin/parsing';

export class PageFileNotFoundError extends Error {
  readonly code = 'PAGE_FILE_NOT_FOUND';

  constructor(readonly file: string) {
    super(`page file not found: ${file}`);
    this.name = 'PageFileNotFoundError';
  }
}

/** `parse-page <file.html> [--url <url>]`: prints what the engine would read from a saved page. */
export function registerParsePageCommand(program: Command): void {
  program
    .command('parse-page')
    .description('parse a saved LinkedIn page and print what it shows as JSON')
    .argument('<file>', 'the saved page (.html)')
    .option('--url <url>', 'the address the page was saved from (decides the page kind first)')
    .action((file: string, options: { url?: string }) => {
      process.stdout.write(`${parsePageFile(file, options.url)}\n`);
    });
}

/** The pretty JSON of `parsePage` for a file on disk. */
export function parsePageFile(file: string, url?: string): string {
  if (!existsSync(file) || !statSync(file).isFile()) throw new PageFileNotFoundError(file);
  const html = readFileSync(file, 'utf8');
  return JSON.stringify(parsePage(html, url === undefined ? {} : { url }), null, 2);
}
