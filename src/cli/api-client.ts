import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { UserError } from './user-error.ts';

/**
 * The CLI talks to a running Frontdesk over its API (the embedded database belongs to the
 * server process). URL from FRONTDESK_URL, key from FRONTDESK_API_KEY or the admin key the
 * first start wrote to the data folder.
 */
export interface ApiClient {
  baseUrl: string;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** The API said no (4xx/5xx): one line with the status, code, message and the paths at fault. */
export class ApiCallError extends UserError {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown[] } })?.error;
    const details = (err?.details ?? []) as { path: string; message: string }[];
    const where = details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; ');
    super(
      `${status} ${err?.code ?? ''}: ${err?.message ?? JSON.stringify(body)}${where ? ` (${where})` : ''}`,
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
      throw new UserError(
        'No API key: set FRONTDESK_API_KEY (or run from the folder whose .frontdesk holds admin-key).',
      );
    }
  }
  return {
    baseUrl,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        throw new UserError(
          `Cannot reach Frontdesk at ${baseUrl}${cause ? ` (${cause})` : ''}: is it running? Set FRONTDESK_URL to its address.`,
          { cause: err },
        );
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        throw new UserError(`${baseUrl} answered ${res.status} with something that is not Frontdesk's API.`);
      }
      if (!res.ok) throw new ApiCallError(res.status, parsed);
      return parsed as T;
    },
  };
}
