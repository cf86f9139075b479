import type { FastifyInstance } from 'fastify';
import { badRequest, type ErrorDetail } from '../shared/errors.ts';

/**
 * Limits every route gets from the HTTP layer, so no handler has to remember them:
 * no U+0000 and no lone UTF-16 surrogate in any text (PostgreSQL refuses both in text and
 * jsonb, which surfaced as a 500 — sometimes after an outbound call had already gone out),
 * and JSON nested at most MAX_JSON_DEPTH levels deep (deeper input only serves to exhaust
 * the stack of whatever walks it next).
 */
export const MAX_JSON_DEPTH = 32;

/** Why a text is refused, or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

/**
 * Walks a parsed value (a JSON body, the query, the path parameters) and returns every text
 * problem with its path, and a problem for the first place nested too deep. Iterative, so
 * the walk itself cannot overflow the stack.
 */
export function inputProblems(value: unknown, prefix = '', maxDepth = MAX_JSON_DEPTH): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: prefix, depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems.push({ path, message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      problems.push({ path, message: `nested deeper than ${maxDepth} levels` });
      break;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const at = path === '' ? key : `${path}.${key}`;
      const keyProblem = textProblem(key);
      if (keyProblem) problems.push({ path: at, message: `field name ${keyProblem}` });
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return problems;
}

/** Throws a 400 naming each offending field when the parsed body is not acceptable. */
export function assertAcceptableBody(body: unknown): void {
  const problems = inputProblems(body);
  if (problems.length > 0)
    throw badRequest(
      'The request body contains text or nesting that is not accepted.',
      problems,
      'invalid_text',
    );
}

/**
 * Path parameters and the query string are checked as soon as the route is known (before
 * authentication, so nothing runs on them), with the same rules as bodies.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const problems = [
      ...inputProblems(req.params ?? {}, 'params'),
      ...inputProblems(req.query ?? {}, 'query'),
    ];
    if (problems.length > 0)
      throw badRequest('The URL contains text that is not accepted.', problems, 'invalid_text');
  });
}
