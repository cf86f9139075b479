import type { ResolvedConnection } from '../definition.ts';

export const MASK = '********';

/**
 * Every string that would reveal a secret of this connection: the raw values and the forms
 * they take on the wire (URL-encoded, form-encoded, JSON-escaped, the Basic credential).
 */
export function secretValues(connection: ResolvedConnection | undefined): string[] {
  if (!connection) return [];
  const raw = Object.values(connection.secrets).filter((v): v is string => typeof v === 'string' && v !== '');
  const values = [...raw];
  const def = connection.definition;
  if (def.type === 'basic' && 'password' in connection.secrets) {
    values.push(Buffer.from(`${def.username}:${connection.secrets.password}`).toString('base64'));
  }
  return expandEncodings(values);
}

/** Adds the encoded spellings of each value. */
export function expandEncodings(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (value === '') continue;
    out.add(value);
    out.add(encodeURIComponent(value));
    out.add(new URLSearchParams({ v: value }).toString().slice(2));
    out.add(JSON.stringify(value).slice(1, -1));
  }
  return [...out];
}

export type Masker = (text: string) => string;

const noSecrets: Masker = (text) => text;

/** Replaces every occurrence of any secret; longest first, so a secret's encodings go whole. */
export function createMasker(secrets: readonly string[]): Masker {
  if (secrets.length === 0) return noSecrets;
  const ordered = [...new Set(secrets)].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return noSecrets;
  return (text) => {
    let out = text;
    for (const s of ordered) out = out.split(s).join(MASK);
    return out;
  };
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  return createMasker(secrets)(text);
}

/** Masks header values by name (credential headers) and by content (secrets anywhere). */
export function maskHeaders(
  headers: Record<string, string>,
  sensitiveNames: ReadonlySet<string>,
  mask: Masker,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name]!;
    out[name] = sensitiveNames.has(name.toLowerCase()) ? MASK : mask === noSecrets ? value : mask(value);
  }
  return out;
}
