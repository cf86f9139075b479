import { JSONPath } from 'jsonpath-plus';
import { type JsonPathResult, parseJsonPath } from '../definition/json-path.ts';
import type { OutputDefinition } from '../definition/schema.ts';

/**
 * Follows a singular path: object members by name, array items by index (negative from the
 * end), as RFC 9535 selects them. Undefined when any step is missing.
 */
export function follow(value: unknown, segments: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment < 0 ? current.length + segment : segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/**
 * Picks the mapped outputs out of a response (B6); nothing else leaves the runner. A path
 * that matches nothing leaves its output out: not an error. A singular path gives its
 * value (followed directly); a path with wildcards, slices or `..` gives the list of its
 * matches, found by jsonpath-plus (`eval: false`).
 */
export function extractOutputs(
  outputs: readonly OutputDefinition[],
  response: unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const output of outputs) {
    const parsed = parsedPath(output.path);
    if (!parsed.ok) continue;
    if (parsed.path.segments) {
      const value = follow(response, parsed.path.segments);
      if (value !== undefined) result[output.name] = value;
      continue;
    }
    let matches: unknown[];
    try {
      matches = queryAll(parsed.path.normalized, response);
    } catch {
      continue;
    }
    if (matches.length > 0) result[output.name] = matches;
  }
  return result;
}

/** Every node a (normalised) path selects, through jsonpath-plus without script evaluation. */
export function queryAll(normalizedPath: string, json: unknown): unknown[] {
  const found = (JSONPath({
    path: normalizedPath,
    json: json as object,
    eval: false,
    wrap: true,
    resultType: 'all',
  }) ?? []) as Match[];
  return found.filter(isJsonMember).map((m) => m.value);
}

interface Match {
  value: unknown;
  parent: unknown;
  parentProperty: string | number | null;
}

// jsonpath-plus follows any own property, so `$.name.length` would read a string's length
// and `$.items.length` an array's. RFC 9535 selects object members and array items only.
function isJsonMember(match: Match): boolean {
  const { parent, parentProperty } = match;
  if (parentProperty === null || parent === null || parent === undefined) return true;
  if (Array.isArray(parent)) return /^\d+$/.test(String(parentProperty));
  return typeof parent === 'object';
}

const parsedPaths = new Map<string, JsonPathResult>();

function parsedPath(path: string): JsonPathResult {
  let parsed = parsedPaths.get(path);
  if (!parsed) {
    parsed = parseJsonPath(path);
    if (parsedPaths.size > 10_000) parsedPaths.clear();
    parsedPaths.set(path, parsed);
  }
  return parsed;
}
