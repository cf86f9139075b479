import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { invalid, zodIssuesToDetails } from '../shared/errors.ts';

const CONTEXT_PREFIX: Record<string, string[]> = {
  body: [],
  querystring: ['query'],
  params: ['params'],
  headers: ['headers'],
};

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
    const prefix = CONTEXT_PREFIX[httpPart ?? 'body'] ?? [];
    const details = zodIssuesToDetails(result.error.issues, prefix);
    const where = httpPart === 'querystring' ? 'query string' : (httpPart ?? 'body');
    return { error: invalid(`The request ${where} is invalid.`, details) };
  };
