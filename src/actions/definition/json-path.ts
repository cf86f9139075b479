/**
 * Output paths: the RFC 9535 JSONPath subset that maps a response field without running
 * code. Supported: `$`, `.name`, `['name']` / `["name"]`, `[0]`, `[-1]`, `[*]` / `.*`,
 * slices `[1:3]`, `[::2]`, and descendants `..name` / `..[*]`. Filters (`?`), unions and
 * script expressions are refused. Evaluation is jsonpath-plus (with `eval: false`), fed
 * a re-serialised path that avoids its own extensions (`^`, `~`, `@type()`).
 *
 * A singular path (names and indexes only) yields one value; any other yields the list of
 * all matches. Singular paths, by far the common case, also come as `segments` so they can
 * be followed directly without a query engine.
 */
export interface ParsedJsonPath {
  /** The path in the bracket form handed to jsonpath-plus. */
  normalized: string;
  singular: boolean;
  /** For a singular path: its member names and indexes (negative counts from the end). */
  segments?: Array<string | number>;
}

export type JsonPathResult = { ok: true; path: ParsedJsonPath } | { ok: false; message: string };

const NAME_FIRST = /[A-Za-z_\u0080-\uFFFF]/u;
const NAME_CHAR = /[A-Za-z0-9_\-\u0080-\uFFFF]/u;
// Quoted names exclude the characters jsonpath-plus gives meaning to.
const QUOTED_NAME = /^[\p{L}\p{N} _\-.:/+]+$/u;
const INT = /^-?(0|[1-9][0-9]{0,15})$/;

export function parseJsonPath(text: string): JsonPathResult {
  if (!text.startsWith('$')) return fail('A path starts with "$", e.g. $.order.status.');
  let i = 1;
  let out = '$';
  let singular = true;
  const segments: Array<string | number> = [];

  const readName = (): string | undefined => {
    const start = i;
    if (i < text.length && NAME_FIRST.test(text[i]!)) {
      i++;
      while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
    }
    return i > start ? text.slice(start, i) : undefined;
  };

  const readBracket = (): { piece: string; singular: boolean; segment?: string | number } | string => {
    const close = text.indexOf(']', i);
    if (close < 0) return 'A "[" is not closed.';
    const inner = text.slice(i + 1, close).trim();
    i = close + 1;
    if (inner === '*') return { piece: '[*]', singular: false };
    if (inner.startsWith('?')) return 'Filter expressions are not supported.';
    const quote = inner[0];
    if (quote === "'" || quote === '"') {
      if (inner.length < 3 || inner.at(-1) !== quote) return `Quote the name as ['name'].`;
      const name = inner.slice(1, -1);
      if (!QUOTED_NAME.test(name)) return `The name "${name}" uses characters outputs do not support.`;
      return { piece: `['${name}']`, singular: true, segment: name };
    }
    if (INT.test(inner)) {
      const n = Number(inner);
      // jsonpath-plus has no negative index; the one-element slice selects the same node.
      if (n < 0) return { piece: n === -1 ? '[-1:]' : `[${n}:${n + 1}]`, singular: true, segment: n };
      return { piece: `[${n}]`, singular: true, segment: n };
    }
    const slice = /^(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*([1-9]\d*)?)?$/.exec(inner);
    if (slice) return { piece: `[${slice[1] ?? ''}:${slice[2] ?? ''}:${slice[3] ?? ''}]`, singular: false };
    return `"[${inner}]" is not a supported selector.`;
  };

  while (i < text.length) {
    if (text.startsWith('..', i)) {
      i += 2;
      singular = false;
      if (text[i] === '*') {
        i++;
        out += '..*';
      } else if (text[i] === '[') {
        const b = readBracket();
        if (typeof b === 'string') return fail(b);
        out += `..${b.piece}`;
      } else {
        const name = readName();
        if (name === undefined) return fail('".." must be followed by a name, "*" or a bracket.');
        out += `..['${name}']`;
      }
    } else if (text[i] === '.') {
      i++;
      if (text[i] === '*') {
        i++;
        out += '[*]';
        singular = false;
      } else {
        const name = readName();
        if (name === undefined) return fail(`Expected a name after "." at position ${i}.`);
        out += `['${name}']`;
        segments.push(name);
      }
    } else if (text[i] === '[') {
      const b = readBracket();
      if (typeof b === 'string') return fail(b);
      out += b.piece;
      singular &&= b.singular;
      if (b.segment !== undefined) segments.push(b.segment);
    } else {
      return fail(`Unexpected "${text[i]}" at position ${i}.`);
    }
  }
  return {
    ok: true,
    path: singular ? { normalized: out, singular, segments } : { normalized: out, singular },
  };
}

function fail(message: string): JsonPathResult {
  return { ok: false, message };
}
