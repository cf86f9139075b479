import type { z } from 'zod';
import { type ErrorDetail, formatPath, invalid } from '../../shared/errors.ts';

/** Zod issues as error details; an unknown key is reported at its own path. */
export function zodIssuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ path: formatPath([...prefix, ...issue.path, key]), message: 'Unknown field.' });
      }
    } else {
      details.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
    }
  }
  return details;
}

/** Parses with a schema or throws the project's 422 with one detail per problem. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(`The ${what} is invalid.`, zodIssuesToDetails(result.error.issues));
  return result.data;
}
