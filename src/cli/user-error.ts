import { AppError } from '../shared/errors.ts';

/**
 * A mistake the person at the terminal can fix (a missing key, an unknown or ambiguous name, a
 * server that is not running): printed as one line, without a stack trace.
 */
export class UserError extends Error {}

/** The one line the CLI prints for an error; `debug` adds the stack for anything unexpected. */
export function describeCliError(err: unknown, debug: boolean): string {
  const e = err as Error;
  if (debug) return `frontdesk: ${e?.stack ?? String(err)}`;
  if (err instanceof UserError) return `frontdesk: ${e.message}`;
  if (err instanceof AppError) {
    const details = err.details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; ');
    return `frontdesk: ${err.message}${details ? ` (${details})` : ''}`;
  }
  // Something this CLI did not expect: still one line, with the way to see more.
  return `frontdesk: ${e?.message ?? String(err)} (run with --debug for details)`;
}
