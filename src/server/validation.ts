import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { AppError, formatPath } from '../shared/errors.ts';

const CONTEXT_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

type Issue = { code: string; message: string; origin?: string; received?: unknown; maximum?: unknown };

/**
 * A number too long for a double (JSON.parse makes it Infinity) or past 2^53 reads as a type error
 * or a second "too big" in Zod's words; it is said as out of range. Null drops a repeat for a
 * field that has a more precise issue already; undefined keeps Zod's message.
 */
function outOfRange(issue: Issue, others: number): string | null | undefined {
  if (issue.code === 'invalid_type' && (issue.received === 'Infinity' || issue.received === '-Infinity'))
    return 'Out of range: the number is too large.';
  if (issue.code === 'too_big' && issue.origin === 'int' && issue.maximum === Number.MAX_SAFE_INTEGER)
    return others > 0 ? null : `Out of range: integers must be at most ${Number.MAX_SAFE_INTEGER}.`;
  return undefined;
}

/**
 * Zod validation for every route, producing the project's error shape: 422 with the path
 * of each offending field (query/params paths are prefixed so a client can tell them apart
 * from body fields).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const prefix = CONTEXT_PREFIX[httpPart ?? 'body'] ?? '';
    const details = result.error.issues.flatMap((issue, i, all) => {
      const path = formatPath(issue.path);
      const message = outOfRange(issue, all.filter((o, j) => j !== i && formatPath(o.path) === path).length);
      if (message === null) return [];
      return [
        { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: message ?? issue.message },
      ];
    });
    const where = httpPart === 'querystring' ? 'query string' : (httpPart ?? 'body');
    return { error: new AppError(422, 'invalid', `The request ${where} is invalid.`, details) };
  };
