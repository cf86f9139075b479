import { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { ApiCallError } from './api-client.ts';
import { registerActionCommands } from './commands/actions.ts';
import { registerApplyCommands } from './commands/apply.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { registerTestCommand } from './commands/test.ts';
import { registerUserCommands } from './commands/users.ts';

const program = new Command('frontdesk')
  .description('Frontdesk — self-hosted AI customer agent')
  .showHelpAfterError();

program.command('start').description('Run the server (migrations are applied first)').action(startCommand);
program.command('migrate').description('Apply database migrations and exit').action(migrateCommand);
registerKeyCommands(program);
registerApplyCommands(program);
registerTestCommand(program);
registerActionCommands(program);
registerChatCommand(program);
registerUserCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ApiCallError || err instanceof AppError) {
    process.stderr.write(`frontdesk: ${err.message}\n`);
    if (err instanceof AppError)
      for (const d of err.details) process.stderr.write(`  - ${d.path}: ${d.message}\n`);
  } else {
    process.stderr.write(`frontdesk: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
