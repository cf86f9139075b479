import { FRAMING_HEADERS } from '../../shared/http/headers.ts';

// Zendesk's rule for API key header names: letters, digits, `-` and `_`, at most 128.
const API_KEY_HEADER = /^[A-Za-z0-9_-]{1,128}$/;

// Standard headers an API key may not impersonate. `authorization` stays allowed: many APIs
// take a raw key there (`Authorization: <key>`).
const STANDARD = new Set([
  ...FRAMING_HEADERS,
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'content-type',
  'cookie',
  'set-cookie',
  'date',
  'forwarded',
  'origin',
  'referer',
  'user-agent',
  'via',
  'x-real-ip',
  'x-hubspot-signature',
  'x-hubspot-signature-version',
  'x-hubspot-signature-v3',
  'x-hubspot-request-timestamp',
]);

const BANNED_PREFIXES = ['x-amz-', 'x-amzn-', 'x-forwarded-', 'x-zis-'];

/** Why a header name cannot carry an API key, or undefined when it can. */
export function apiKeyHeaderProblem(name: string): string | undefined {
  if (!API_KEY_HEADER.test(name)) {
    return 'A header name uses letters, digits, "-" and "_" only, at most 128 characters.';
  }
  const lower = name.toLowerCase();
  if (STANDARD.has(lower)) return `"${name}" is a standard header and cannot carry an API key.`;
  const prefix = BANNED_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix) return `Header names starting with "${prefix}" are reserved.`;
  return undefined;
}
