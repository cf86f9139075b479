import { formatPath } from '../../shared/errors.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { hasHeaderBreakingChars } from '../../shared/http/headers.ts';
import { type TemplateToken, tokenize, wholePlaceholder } from '../definition/placeholders.ts';
import type { HttpMethod, RequestDefinition } from '../definition/schema.ts';

export interface RenderedRequest {
  method: HttpMethod;
  url: string;
  /** `url`, parsed once here so later stages need not parse it again. */
  parsedUrl: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Values by placeholder name: checked inputs, or in flows any JSON value. */
export type TemplateValues = Readonly<Record<string, unknown>>;

const OMIT = Symbol('omit');
// A `.` or `..` segment (also percent-encoded), which URL parsing would resolve away.
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=\/|$)/i;

/** A template string, tokenized once: `whole` when it is exactly one placeholder. */
interface CompiledText {
  whole: string | undefined;
  tokens: TemplateToken[];
}

interface CompiledRequest {
  origin: string;
  /** `origin/`: a parsed URL whose href starts with it has exactly this origin. */
  originPrefix: string;
  authority: string;
  path: CompiledText;
  inlineQuery: CompiledText | undefined;
  query: Array<[string, CompiledText]>;
  headers: Array<[string, CompiledText]>;
}

// Definitions are immutable once validated, so their tokens are computed once per object.
const compiledRequests = new WeakMap<RequestDefinition, CompiledRequest>();

function compileText(template: string): CompiledText {
  return { whole: wholePlaceholder(template), tokens: tokenize(template) };
}

function compile(request: RequestDefinition): CompiledRequest {
  let compiled = compiledRequests.get(request);
  if (compiled) return compiled;
  const queryAt = request.url.indexOf('?');
  const pathTemplate = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const authority = /^https?:\/\/[^/?#]*/i.exec(pathTemplate)?.[0] ?? '';
  const origin = URL.canParse(authority) ? new URL(authority).origin : '';
  compiled = {
    origin,
    originPrefix: `${origin}/`,
    authority,
    path: compileText(pathTemplate),
    inlineQuery: queryAt < 0 ? undefined : compileText(request.url.slice(queryAt + 1)),
    query: Object.entries(request.query).map(([k, v]) => [k, compileText(v)]),
    headers: Object.entries(request.headers).map(([k, v]) => [k, compileText(v)]),
  };
  compiledRequests.set(request, compiled);
  return compiled;
}

/**
 * Fills a request template (B3). Values never change the structure around them:
 * - URL path and query: percent-encoded with encodeURIComponent (`/`, `?`, `#`, CR/LF stay
 *   inside their segment); a value that would form a `.`/`..` segment is refused.
 * - query parameters: form-encoded; an array fills a repeated parameter.
 * - headers: a value with a line break or control character is refused.
 * - body: the template is a parsed JSON tree; a string that is exactly `"{{name}}"`
 *   becomes the typed value, placeholders inside longer strings its text form. The
 *   result is serialised with JSON.stringify, so no value can break the JSON.
 * A whole placeholder for a value not given leaves out its query parameter, header,
 * object member or array element; inside longer text it is the empty string.
 */
export function renderRequest(request: RequestDefinition, values: TemplateValues): RenderedRequest {
  const compiled = compile(request);
  const { url, parsedUrl } = renderUrl(compiled, values);
  const headers: Record<string, string> = {};
  for (const [name, template] of compiled.headers) {
    const value = renderCompiled(template, values);
    if (value === OMIT) continue;
    const text = textOf(value);
    if (hasHeaderBreakingChars(text)) {
      throw invalidValue(
        ['request', 'headers', name],
        'The value contains a line break or control character.',
      );
    }
    headers[name] = text;
  }
  const tree = request.body === undefined ? OMIT : renderBody(request.body, values);
  return {
    method: request.method,
    url,
    parsedUrl,
    headers,
    body: tree === OMIT ? undefined : JSON.stringify(tree),
  };
}

function renderUrl(compiled: CompiledRequest, values: TemplateValues): { url: string; parsedUrl: URL } {
  const path = renderTokens(compiled.path.tokens, values, encodeURIComponent);
  // Dot segments need a `.` or its escape; most paths have neither and skip the regex.
  if (
    mayHaveDotSegment(path, compiled.authority.length) &&
    DOT_SEGMENT.test(path.slice(compiled.authority.length))
  ) {
    throw invalidValue(['request', 'url'], 'A value may not make a "." or ".." path segment.');
  }
  let query = compiled.inlineQuery
    ? renderTokens(compiled.inlineQuery.tokens, values, encodeURIComponent)
    : '';
  for (const [name, template] of compiled.query) {
    const value = renderCompiled(template, values);
    if (value === OMIT) continue;
    if (!Array.isArray(value)) query = appendParam(query, name, value);
    else for (const item of value) query = appendParam(query, name, item);
  }
  const url = query === '' ? path : `${path}?${query}`;
  // The host is fixed by validation; check again so no value can ever move it.
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw invalidValue(['request', 'url'], 'The rendered URL is not valid.');
  }
  // The href test is exact (an authority ends at its first `/`) and cheaper than `origin`.
  if (!parsedUrl.href.startsWith(compiled.originPrefix) && parsedUrl.origin !== compiled.origin)
    throw invalidValue(['request', 'url'], 'The rendered URL is not valid.');
  return { url, parsedUrl };
}

function appendParam(query: string, name: string, value: unknown): string {
  return `${query === '' ? '' : `${query}&`}${encodeURIComponent(name)}=${encodeURIComponent(textOf(value))}`;
}

function mayHaveDotSegment(path: string, from: number): boolean {
  return path.indexOf('.', from) >= 0 || path.indexOf('%', from) >= 0;
}

/** A template that is one placeholder keeps the value's type; anything else becomes text. */
function renderCompiled(template: CompiledText, values: TemplateValues): unknown {
  if (template.whole === undefined) return renderTokens(template.tokens, values, identity);
  const value = ownValue(values, template.whole);
  return value === undefined || value === null ? OMIT : value;
}

const identity = (text: string) => text;

function renderTokens(
  tokens: readonly TemplateToken[],
  values: TemplateValues,
  encode: (text: string) => string,
): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'var') {
      const value = ownValue(values, token.name);
      out += Array.isArray(value) ? value.map((v) => encode(textOf(v))).join(',') : encode(textOf(value));
    }
  }
  return out;
}

/**
 * Fills a JSON template tree the way the body is filled; undefined when the whole value
 * is a placeholder for a value not given. Flow steps map their inputs with it.
 */
export function renderValue(template: unknown, values: TemplateValues): unknown {
  const value = renderBody(template, values);
  return value === OMIT ? undefined : value;
}

function renderBody(node: unknown, values: TemplateValues): unknown {
  if (typeof node === 'string') {
    return node.includes('{{') ? renderCompiled(compileText(node), values) : node;
  }
  if (Array.isArray(node))
    return node.map((item) => renderBody(item, values)).filter((item) => item !== OMIT);
  if (node !== null && typeof node === 'object') {
    const entries = Object.entries(node)
      .map(([k, v]) => [k, renderBody(v, values)] as const)
      .filter(([, v]) => v !== OMIT);
    // fromEntries keeps a "__proto__" key an ordinary member.
    return Object.fromEntries(entries);
  }
  return node;
}

/** Own properties only: an input named `constructor` must not find Object.prototype's. */
export function ownValue(values: TemplateValues, name: string): unknown {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** The text form of a value: strings as they are, arrays comma-joined, objects as JSON. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(',');
  return JSON.stringify(value);
}

function invalidValue(path: PropertyKey[], message: string): OutboundError {
  return new OutboundError('invalid_input', message, { details: [{ path: formatPath(path), message }] });
}
