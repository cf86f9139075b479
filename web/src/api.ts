import type { z } from 'zod';
import type { ErrorDetail } from '../../src/shared/errors.ts';

export type { ErrorDetail };

/** An API error in the API's one shape: code, message and field paths. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

/**
 * Calls the API with the session cookie. Writes carry the CSRF token; a 401 means the
 * session ended, so the app goes back to the sign-in screen.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } })?.error;
    if (res.status === 401 && path !== '/api/v1/session') onSignedOut();
    throw new ApiError(
      res.status,
      e?.code ?? 'error',
      e?.message ?? `The server answered ${res.status}.`,
      e?.details ?? [],
    );
  }
  return parsed as T;
}

const formatPath = (path: ReadonlyArray<PropertyKey>) => {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
};

/**
 * Checks a value with the server's own Zod schema before sending, so the form shows the
 * same messages at the same field paths the API would answer with.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown): ApiError | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  return new ApiError(
    422,
    'invalid',
    'Some fields need attention.',
    r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  );
}

export const enc = encodeURIComponent;
