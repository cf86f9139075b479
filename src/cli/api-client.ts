import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/config.ts';

/**
 * The CLI talks to a running Frontdesk over its API (the embedded database belongs to the
 * server process). URL from FRONTDESK_URL, key from FRONTDESK_API_KEY or the admin key the
 * first start wrote to the data folder.
 */
export interface ApiClient {
  baseUrl: string;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export class ApiCallError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown[] } })?.error;
    const details = (err?.details ?? []) as { path: string; message: string }[];
    super(
      `${status} ${err?.code ?? ''}: ${err?.message ?? JSON.stringify(body)}` +
        details.map((d) => `\n  - ${d.path || '(body)'}: ${d.message}`).join(''),
    );
    this.status = status;
    this.body = body;
  }
}

export async function createApiClient(env: NodeJS.ProcessEnv = process.env): Promise<ApiClient> {
  const config = loadConfig(env);
  const baseUrl = (env['FRONTDESK_URL'] ?? `http://${config.host}:${config.port}`).replace(/\/$/, '');
  let key = env['FRONTDESK_API_KEY'];
  if (!key) {
    try {
      key = (await readFile(join(config.dataDir, 'admin-key'), 'utf8')).trim();
    } catch {
      throw new Error('Set FRONTDESK_API_KEY (or run from the folder whose .frontdesk holds admin-key).');
    }
  }
  return {
    baseUrl,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if (!res.ok) throw new ApiCallError(res.status, parsed);
      return parsed as T;
    },
  };
}
