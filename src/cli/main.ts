import 'reflect-metadata';

import { Command } from 'commander';

import { ConfigError } from '../config/config';
import { loadEnvFile } from '../config/env-file';
import { registerDemoCommand } from './commands/demo';
import { registerParsePageCommand } from './commands/parse-page';
import { registerServeCommand } from './commands/serve';
import { registerUsersCommand } from './commands/users';

if (loadEnvFile() === 'unsupported') {
  process.stderr.write(
    `A .env file is here, but Node ${process.version} cannot read one (Node 20.12 or later ` +
      'can): it is ignored. Upgrade Node, or export its variables in the shell.\n',
  );
}

const program = new Command('inreach')
  .description('Inreach: self-hosted LinkedIn outreach engine')
  .showHelpAfterError();

registerServeCommand(program);
registerDemoCommand(program);
registerUsersCommand(program);
registerParsePageCommand(program);

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.message : `Error: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
