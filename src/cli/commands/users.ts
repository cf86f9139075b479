import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { passwordProblem, setPassword } from '../../access/passwords.ts';
import { loadConfig } from '../../config/config.ts';
import { invalid } from '../../shared/errors.ts';
import { openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';

/** Reads the password: the first line of standard input when piped, else asked twice unechoed. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0] ?? '';
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
        if (s.includes(q)) process.stderr.write(q);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('New password: ');
  const again = await ask('Repeat it: ');
  if (first !== again) throw new Error('The two passwords differ.');
  return first;
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('People who sign in to the web app');
  users
    .command('set-password <email>')
    .description('Set a user’s web sign-in password (asks for it, or reads it from standard input)')
    .action(async (email: string) => {
      const config = loadConfig();
      const password = await readPassword();
      // Say so before opening the database (slow on a first PGlite start).
      const problem = passwordProblem(password);
      if (problem) throw invalid('The password is too weak.', [{ path: 'password', message: problem }]);
      const database = await openDatabase({
        url: config.databaseUrl,
        dataDir: join(config.dataDir, 'pgdata'),
      });
      try {
        await migrateToLatest(database.db as never);
        await setPassword(database.db, email, password);
        process.stdout.write(
          `Password set for ${email.trim().toLowerCase()}; their other sessions are signed out.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
