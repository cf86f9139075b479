import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { DNSResolver } from '../../src/channels/email/authenticate.ts';
import { loadConfig } from '../../src/config/config.ts';
import { type Runtime, startRuntime } from '../../src/server/runtime.ts';
import { type BackendKind, createTestDatabase, type TestDatabase } from './databases.ts';

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApp {
  rt: Runtime;
  url: string;
  adminKey: string;
  env: Record<string, string>;
  call<T = any>(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<CallResult<T>>;
  /** Stops the process's runtime and starts it again on the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the real product (migrations, first start, HTTP on a loopback port) on a fresh
 * database of the given backend.
 */
export async function startTestApp(
  kind: BackendKind,
  opts: {
    env?: Record<string, string>;
    logDestination?: DestinationStream;
    database?: TestDatabase;
    /** DNS answers for inbound mail authentication (DKIM keys a test publishes). */
    emailResolver?: DNSResolver;
  } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase(kind));
  const dataDir = database.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-data-')));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: opts.logDestination ? 'info' : (process.env['TEST_LOG_LEVEL'] ?? 'silent'),
    FRONTDESK_DEMO: 'off',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...opts.env,
  };
  const boot = () =>
    startRuntime(loadConfig(env), {
      ...(opts.logDestination ? { logDestination: opts.logDestination } : {}),
      ...(opts.emailResolver ? { emailResolver: opts.emailResolver } : {}),
    });
  let rt = await boot();
  const adminKey = rt.bootstrap.adminKey;
  if (!adminKey) throw new Error('expected a first start');
  const t: TestApp = {
    rt,
    url: rt.url,
    adminKey,
    env,
    async call(method, path, o = {}) {
      const key = o.key === undefined ? adminKey : o.key;
      const headers: Record<string, string> = { ...o.headers };
      if (key) headers['authorization'] = `Bearer ${key}`;
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async restart() {
      await rt.close();
      rt = await boot();
      t.rt = rt;
      t.url = rt.url;
    },
    async close() {
      await rt.close();
      await database.drop();
      if (!database.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
