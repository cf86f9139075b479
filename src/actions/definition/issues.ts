import type { z } from 'zod';
import { invalid, zodIssuesToDetails } from '../../shared/errors.ts';

/** Parses with a schema or throws the project's 422 with one detail per problem. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(`The ${what} is invalid.`, zodIssuesToDetails(result.error.issues));
  return result.data;
}
