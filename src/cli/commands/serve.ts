import { Command } from 'commander';

import { startService } from '../../app/service';
import { loadConfig, PROCESS_MODES } from '../../config/config';

// Beyond the workers' own timeout, closing connections and the Redis child gets this long.
const STOP_MARGIN_MS = 15_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('start the service (API, workers and scheduler, or one of them)')
    .option('--mode <mode>', `one of ${PROCESS_MODES.join(', ')} (default: INREACH_MODE or all)`)
    .action(async (options: { mode?: string }) => {
      if (options.mode) process.env.INREACH_MODE = options.mode;
      const config = loadConfig();
      // Listening before the start: a signal while starting stops the service once it is up.
      const signal = untilSignal();

      const service = await startService(config, { announceAdminKey: true });
      await signal;

      const forced = setTimeout(() => {
        process.stderr.write('The service did not stop in time; exiting anyway.\n');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS + STOP_MARGIN_MS);
      forced.unref();
      await service.stop();
      clearTimeout(forced);
      process.stderr.write('Inreach stopped.\n');
    });
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      process.stderr.write(`\n${signal} received: finishing running work, then stopping.\n`);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
