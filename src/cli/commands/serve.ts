import { Command } from 'commander';

import { startService } from '../../app/service';
import { loadConfig, PROCESS_MODES } from '../../config/config';

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('start the service (API, workers and scheduler, or one of them)')
    .option('--mode <mode>', `one of ${PROCESS_MODES.join(', ')} (default: INREACH_MODE or all)`)
    .action(async (options: { mode?: string }) => {
      if (options.mode) process.env.INREACH_MODE = options.mode;
      const service = await startService(loadConfig(), { announceAdminKey: true });
      await untilSignal();
      await service.stop();
    });
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      process.stderr.write(`\n${signal} received: finishing running work, then stopping.\n`);
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
