import type { Command } from 'commander';
import { loadTestFile } from '../../conversation-tests/load.ts';
import { formatReport, formatSummary } from '../../conversation-tests/report.ts';
import { type FileResult, runConversationTests } from '../../conversation-tests/runner.ts';
import { AppError } from '../../shared/errors.ts';
import { createApiClient } from '../api-client.ts';
import { UserError } from '../user-error.ts';

/** `frontdesk test <file...>`: conversation tests (YAML) against the running server; exit 1 on any failure. */
export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      'Run conversation tests (customer says / agent must reply / action must run) from YAML files',
    )
    .argument('<files...>', 'conversation test files (.yaml)')
    .option('-g, --grep <text>', 'run only tests whose name contains this text')
    .action(async (files: string[], o: { grep?: string }) => {
      const api = await createApiClient();
      const results: FileResult[] = [];
      for (const path of files) {
        let result: FileResult;
        try {
          const file = await loadTestFile(path);
          result = await runConversationTests(api, file, {
            env: process.env,
            ...(o.grep && { only: o.grep }),
          });
        } catch (err) {
          result = { source: path, agent: '?', passed: false, error: describe(err), tests: [] };
        }
        results.push(result);
        process.stdout.write(formatReport(result));
      }
      process.stdout.write(formatSummary(results));
      if (results.some((r) => !r.passed)) process.exitCode = 1;
      // A filter that selects nothing is a mistake (a typo, a renamed test), not a green run.
      const ran = results.reduce((n, r) => n + r.tests.length, 0);
      if (o.grep && ran === 0 && results.every((r) => !r.error))
        throw new UserError(`No test name contains "${o.grep}" in ${files.join(', ')}.`);
    });
}

function describe(err: unknown): string {
  if (!(err instanceof AppError)) return (err as Error).message ?? String(err);
  return [err.message, ...err.details.map((d) => `    - ${d.path || '(file)'}: ${d.message}`)].join('\n');
}
