import { RE2JS } from 're2js';

/**
 * Regular expressions written by admins (an input's `pattern`) run on customers' words, so
 * they run on RE2 (the `re2js` port): matching is linear in the input, whatever the pattern —
 * `(a+)+` against 45 characters no longer blocks the process for seconds. RE2 has no
 * backreferences or lookaround; such patterns are refused when the action is saved.
 */
export interface FullMatcher {
  /** True when the whole value matches. */
  test(value: string): boolean;
}

const cache = new Map<string, FullMatcher>();
const CACHE_LIMIT = 5000;

/** Compiles `pattern` to match a whole value; throws with RE2's reason when it cannot. */
export function fullMatcher(pattern: string): FullMatcher {
  let matcher = cache.get(pattern);
  if (!matcher) {
    const re = RE2JS.compile(pattern);
    matcher = { test: (value) => re.matches(value) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher;
}

/** Compiles `pattern` to find a match anywhere in a value, ignoring case (tests' `reply.matches`). */
export function caseInsensitiveFinder(pattern: string): FullMatcher {
  const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  return { test: (value) => re.matcher(value).find() };
}

/** Why `pattern` cannot be used, or undefined when it compiles. */
export function patternProblem(pattern: string): string | undefined {
  try {
    fullMatcher(pattern);
    return undefined;
  } catch (error) {
    return `Not a pattern this server can run in linear time (RE2 syntax; no backreferences or lookaround): ${(error as Error).message}`;
  }
}

/** The matcher, or null for a pattern that does not compile (stored before it was checked). */
export function tryFullMatcher(pattern: string): FullMatcher | null {
  try {
    return fullMatcher(pattern);
  } catch {
    return null;
  }
}
