import { Command } from 'commander';

import { runDemo } from '../../demo/demo';
import { untilSignal } from './serve';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run one campaign of each source type against the built-in LinkedIn simulator, then stop',
    )
    .option('--keep-running', 'keep the service running after the demo to explore the API')
    .action(async (options: { keepRunning?: boolean }) => {
      await runDemo({
        keepRunning: options.keepRunning ?? false,
        out: process.stdout,
        untilStopped: untilSignal,
      });
    });
}
