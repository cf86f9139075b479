import { type ErrorDetail, formatPath } from '../../shared/errors.ts';
import { FRAMING_HEADERS, isHeaderToken } from '../../shared/http/headers.ts';
import { tokenize } from './placeholders.ts';
import { MAX_HEADERS, MAX_QUERY_PARAMS, type RequestDefinition } from './schema.ts';

// Set by the runner (always application/json), so an action may not set it.
const RUNNER_HEADERS = new Set(['content-type']);
const MAX_BODY_CHARS = 100_000;
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Checks a request template: an absolute http(s) URL whose scheme, host and port are
 * fixed (placeholders only in path and query, so a value can never pick the host), no
 * dot segments or fragment, allowed header names, a GET without body, and every
 * placeholder naming a known value. `isKnown` decides which names exist (action inputs,
 * or flow references).
 */
export function checkRequestTemplate(
  request: RequestDefinition,
  isKnown: (name: string) => boolean,
  prefix: PropertyKey[] = ['request'],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const add = (path: PropertyKey[], message: string) =>
    details.push({ path: formatPath([...prefix, ...path]), message });
  const checkText = (text: string, path: PropertyKey[]) => {
    for (const token of tokenize(text)) {
      if (token.kind === 'var') {
        if (!isKnown(token.name)) add(path, `The placeholder {{${token.name}}} names no input.`);
      } else if (token.kind !== 'text') {
        add(path, 'Only {{name}} placeholders are allowed in a request.');
      }
    }
  };

  const authority = /^(https?):\/\/([^/?#]*)/i.exec(request.url);
  if (!authority) add(['url'], 'Use an absolute https URL.');
  else if (authority[2]!.includes('{{') || authority[2] === '') {
    add(['url'], 'The host is fixed: placeholders may appear only in the path and query.');
  } else {
    const rest = request.url.slice(authority[0].length);
    const sample = `${authority[0]}${rest.replace(/\{\{[^}]*\}\}/g, 'x')}`;
    if (!URL.canParse(sample)) add(['url'], 'Not a valid URL.');
    if (rest.includes('#')) add(['url'], 'A URL fragment is never sent; remove it.');
    const path = rest.split('?')[0] ?? '';
    if (path.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
      add(['url'], 'The path may not contain "." or ".." segments.');
    }
    checkText(request.url, ['url']);
  }

  const query = Object.entries(request.query);
  if (query.length > MAX_QUERY_PARAMS) add(['query'], `At most ${MAX_QUERY_PARAMS} query parameters.`);
  for (const [name, value] of query) {
    if (name.includes('{{')) add(['query', name], 'Query parameter names cannot hold placeholders.');
    checkText(value, ['query', name]);
  }

  const headers = Object.entries(request.headers);
  if (headers.length > MAX_HEADERS) add(['headers'], `At most ${MAX_HEADERS} headers.`);
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!isHeaderToken(name)) add(['headers', name], 'Not a valid header name.');
    else if (FRAMING_HEADERS.has(lower) || RUNNER_HEADERS.has(lower)) {
      add(['headers', name], `The ${name} header is set automatically and cannot be configured.`);
    }
    if (/[\r\n\0]/.test(value)) add(['headers', name], 'A header value cannot contain line breaks.');
    checkText(value, ['headers', name]);
  }

  if (request.body !== undefined) {
    if (request.method === 'GET') add(['body'], 'A GET request has no body.');
    if (JSON.stringify(request.body).length > MAX_BODY_CHARS)
      add(['body'], `At most ${MAX_BODY_CHARS} characters.`);
    walkBody(request.body, ['body'], (text, path, isKey) => {
      if (isKey) {
        if (tokenize(text).some((t) => t.kind !== 'text')) add(path, 'Object keys cannot hold placeholders.');
      } else checkText(text, path);
    });
  }
  return details;
}

/** Visits every string in a JSON body template, keys included, with its path. */
export function walkBody(
  value: unknown,
  path: PropertyKey[],
  visit: (text: string, path: PropertyKey[], isKey: boolean) => void,
): void {
  if (typeof value === 'string') visit(value, path, false);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walkBody(item, [...path, i], visit);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, [...path, k], true);
      walkBody(v, [...path, k], visit);
    }
  }
}
