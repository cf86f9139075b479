import { Command } from 'commander';
import { registerActionCommands } from './commands/actions.ts';
import { registerApplyCommands } from './commands/apply.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { registerTestCommand } from './commands/test.ts';
import { describeCliError } from './user-error.ts';

const program = new Command('frontdesk')
  .description('Frontdesk — self-hosted AI customer agent')
  .option('--debug', 'print stack traces for errors')
  .showHelpAfterError();

program.command('start').description('Run the server (migrations are applied first)').action(startCommand);
program.command('migrate').description('Apply database migrations and exit').action(migrateCommand);
registerKeyCommands(program);
registerApplyCommands(program);
registerTestCommand(program);
registerActionCommands(program);
registerChatCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Ordinary mistakes are one line; stack traces only when asked for (--debug or FRONTDESK_DEBUG=1).
  const debug = process.argv.includes('--debug') || process.env['FRONTDESK_DEBUG'] === '1';
  process.stderr.write(`${describeCliError(err, debug)}\n`);
  process.exit(1);
}
