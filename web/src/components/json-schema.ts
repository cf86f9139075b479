import type { ErrorDetail } from '../api.ts';

/**
 * Forms from the JSON Schema the server publishes for a channel type (`GET
 * /api/v1/channel-types`), so a new type needs no screen. The structural rules the schema
 * carries (required, types, lengths, counts, choices, no extra fields) are checked here
 * before sending, at the API's own field paths; rules a schema cannot carry (an origin's
 * form, a URL's scheme) come back from the API at the same paths. Pure.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  title?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
}

export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'list' | 'json';

/** One input of a generated form: where its value goes and how it is edited. */
export interface SchemaField {
  /** The API path, e.g. `config.allowedOrigins`. */
  path: string;
  /** Keys from the schema's root to the value. */
  keys: string[];
  label: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
  hint?: string;
}

/** Drafts are what inputs hold: text (lists one item a line) or a checkbox. */
export type Draft = Record<string, string | boolean>;

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** `allowedOrigins` → `Allowed origins`. */
export const labelOf = (key: string): string => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  const text = words.replace(/\b(url|id|api|sms|smtp|imap)\b/g, (w) => w.toUpperCase());
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function kindOf(s: JsonSchema): FieldKind {
  const t = typeOf(s);
  if (s.enum) return 'choice';
  if (t === 'boolean') return 'boolean';
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'string') return 'text';
  if (t === 'array' && s.items && ['string', 'number', 'integer'].includes(typeOf(s.items) ?? ''))
    return 'list';
  return 'json';
}

/** The inputs of an object schema, nested objects flattened to dotted paths. */
export function fieldsOf(schema: JsonSchema, base: string, keys: string[] = []): SchemaField[] {
  const out: SchemaField[] = [];
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const path = `${base}.${key}`;
    const at = [...keys, key];
    if (typeOf(s) === 'object' && s.properties) {
      out.push(...fieldsOf(s, path, at));
      continue;
    }
    out.push({
      path,
      keys: at,
      label: s.title ?? labelOf(key),
      kind: kindOf(s),
      schema: s,
      required: (schema.required ?? []).includes(key),
      ...(s.description ? { hint: s.description } : {}),
    });
  }
  return out;
}

const get = (value: unknown, keys: string[]): unknown =>
  keys.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );

/** The draft for a stored value (or the schema's defaults). */
export function draftOf(fields: SchemaField[], value: unknown): Draft {
  const d: Draft = {};
  for (const f of fields) {
    const v = get(value, f.keys) ?? f.schema.default;
    if (f.kind === 'boolean') d[f.path] = v === true;
    else if (f.kind === 'list') d[f.path] = Array.isArray(v) ? v.map(String).join('\n') : '';
    else if (f.kind === 'json') d[f.path] = v === undefined ? '' : JSON.stringify(v, null, 2);
    else d[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return d;
}

/** The value a draft stands for; empty optional fields are left out. Throws on unreadable JSON. */
export function valueFromDraft(fields: SchemaField[], draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = draft[f.path];
    let v: unknown;
    if (f.kind === 'boolean') v = raw === true;
    else {
      const text = String(raw ?? '').trim();
      if (text === '') continue;
      if (f.kind === 'number') v = Number(text);
      else if (f.kind === 'list') {
        const items = text
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean);
        v = typeOf(f.schema.items ?? {}) === 'string' ? items : items.map(Number);
      } else if (f.kind === 'json') v = JSON.parse(text);
      else v = text;
    }
    let into = out;
    for (const k of f.keys.slice(0, -1)) {
      into[k] ??= {};
      into = into[k] as Record<string, unknown>;
    }
    into[f.keys.at(-1)!] = v;
  }
  return out;
}

/** A pattern this browser cannot compile is left to the server. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

/** What the schema itself says is wrong with a value, at API field paths. */
export function checkSchema(schema: JsonSchema, value: unknown, path: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const say = (message: string, at = path) => errors.push({ path: at, message });
  const t = typeOf(schema);
  if (value === undefined) return errors;
  if (schema.enum && !schema.enum.includes(value)) say(`must be one of ${schema.enum.join(', ')}`);
  if (t === 'string') {
    if (typeof value !== 'string') return [{ path, message: 'must be text' }];
    if (schema.minLength !== undefined && value.length < schema.minLength)
      say(schema.minLength === 1 ? 'required' : `must be at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      say(`must be at most ${schema.maxLength} characters`);
    if (schema.pattern && !matches(schema.pattern, value)) say('has the wrong form');
  } else if (t === 'number' || t === 'integer') {
    if (typeof value !== 'number' || Number.isNaN(value)) return [{ path, message: 'must be a number' }];
    if (t === 'integer' && !Number.isInteger(value)) say('must be a whole number');
    if (schema.minimum !== undefined && value < schema.minimum) say(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) say(`must be at most ${schema.maximum}`);
  } else if (t === 'boolean') {
    if (typeof value !== 'boolean') say('must be true or false');
  } else if (t === 'array') {
    if (!Array.isArray(value)) return [{ path, message: 'must be a list' }];
    if (schema.minItems !== undefined && value.length < schema.minItems)
      say(schema.minItems === 1 ? 'add at least one' : `needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      say(`must have at most ${schema.maxItems} items`);
    if (schema.items)
      for (const [i, v] of value.entries()) errors.push(...checkSchema(schema.items, v, `${path}[${i}]`));
  } else if (t === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return [{ path, message: 'must be an object' }];
    const o = value as Record<string, unknown>;
    for (const k of schema.required ?? []) if (o[k] === undefined) say('required', `${path}.${k}`);
    for (const [k, v] of Object.entries(o)) {
      const s = schema.properties?.[k];
      if (s) errors.push(...checkSchema(s, v, `${path}.${k}`));
      else if (schema.additionalProperties === false) say('is not a field of this type', `${path}.${k}`);
    }
  }
  return errors;
}

/** The field an error belongs to: the longest field path the error's path starts with. */
export function fieldFor(fields: SchemaField[], errorPath: string): string | undefined {
  let best: string | undefined;
  for (const f of fields) {
    const hit =
      errorPath === f.path || errorPath.startsWith(`${f.path}[`) || errorPath.startsWith(`${f.path}.`);
    if (hit && (!best || f.path.length > best.length)) best = f.path;
  }
  return best;
}
