import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './processes.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface FrontdeskProcess {
  child: ChildProcess;
  url: string;
  /** The admin key of the data folder (written on the first start). */
  key(): Promise<string>;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** kill -9, as a crash would. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** `frontdesk start` as a user runs it, on the given port, data folder and environment. */
export async function startProcess(opts: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<FrontdeskProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: String(opts.port),
      FRONTDESK_DATA_DIR: opts.dataDir,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise((r) => child.once('exit', r));
  await waitFor(
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true,
    `${url} ready`,
    90_000,
  );
  let key = '';
  const p: FrontdeskProcess = {
    child,
    url,
    key: async () => {
      key ||= (await readFile(join(opts.dataDir, 'admin-key'), 'utf8')).trim();
      return key;
    },
    async call(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await p.key()}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async crash() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
  return p;
}
