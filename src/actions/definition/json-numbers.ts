/**
 * A JSON number with the text it was written as. JavaScript cannot tell `3.0` from `3`
 * once parsed, yet Zendesk's strict typing (B2) rejects `3.0` as an integer; keeping the
 * source text lets the check see what the client really sent.
 */
export class JsonNumber {
  readonly source: string;
  readonly value: number;

  constructor(source: string, value: number) {
    this.source = source;
    this.value = value;
  }

  toJSON(): number {
    return this.value;
  }
}

type SourceContext = { source?: string } | undefined;

/**
 * JSON.parse that turns every number into a JsonNumber, using the source-text access of
 * `JSON.parse` revivers (Node ≥ 21). Use it for inputs given as JSON text: a request body,
 * an LLM's tool arguments, a config file.
 */
export function parseJsonPreservingNumbers(text: string): unknown {
  return JSON.parse(text, (_key: string, value: unknown, context?: SourceContext) =>
    typeof value === 'number' ? new JsonNumber(context?.source ?? String(value), value) : value,
  );
}

/** Turns JsonNumbers back into plain numbers, deeply. */
export function unwrapJsonNumbers(value: unknown): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (Array.isArray(value)) return value.map(unwrapJsonNumbers);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapJsonNumbers(v)]));
  }
  return value;
}
