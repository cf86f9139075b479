import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret someone sent (a channel key, a verify token, a CSRF token) is the one
 * expected, compared in constant time so the answer's timing tells nothing of how much of
 * it was right. Lengths are compared in bytes first: `timingSafeEqual` requires equal ones.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
