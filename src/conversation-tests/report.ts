import type { FileResult } from './runner.ts';

/** A file's results as text: one line per test, and for a failure the turn, why, and what the agent said. */
export function formatReport(r: FileResult): string {
  const lines = [`${r.source} (agent: ${r.agent})`];
  if (r.error) {
    lines.push(`  ✗ could not run: ${r.error}`);
    return `${lines.join('\n')}\n`;
  }
  for (const t of r.tests) {
    lines.push(`  ${t.passed ? '✓' : '✗'} ${t.name}`);
    const f = t.failure;
    if (!f) continue;
    if (f.turn > 0)
      lines.push(`      turn ${f.turn}${f.customer ? ` — customer: ${JSON.stringify(f.customer)}` : ''}`);
    lines.push(`      ${f.message}`);
    if (f.replies) {
      const said = f.replies.length ? f.replies.map((x) => JSON.stringify(x)).join(' / ') : '(nothing)';
      lines.push(`      agent: ${said} [state ${f.state}]`);
    }
    if (t.conversationId) lines.push(`      conversation: ${t.conversationId}`);
  }
  const failed = r.tests.filter((t) => !t.passed).length;
  lines.push(`  ${r.tests.length - failed} passed, ${failed} failed`);
  if (failed && r.server?.smtp !== undefined)
    lines.push(
      `  (this file is written for a server ${r.server.smtp ? 'with' : 'without'} FRONTDESK_SMTP_URL)`,
    );
  return `${lines.join('\n')}\n`;
}

export function formatSummary(results: FileResult[]): string {
  const tests = results.flatMap((r) => r.tests);
  const failed = tests.filter((t) => !t.passed).length;
  const broken = results.filter((r) => r.error).length;
  return `${tests.length - failed} passed, ${failed} failed${broken ? `, ${broken} file(s) could not run` : ''}\n`;
}
