import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { backends, createTestDatabase } from '../support/databases.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

describe.each(backends)('frontdesk users set-password on %s', (kind) => {
  it('reads the password from standard input; the admin then signs in with it', async () => {
    const database = await createTestDatabase(kind);
    const dataDir = database.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-data-')));
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      FRONTDESK_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FRONTDESK_DEMO: 'off',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    try {
      // First start (creates admin@localhost without a password), then stop: PGlite is single-process.
      const first = await startRuntime(loadConfig(env));
      expect(first.bootstrap.adminPasswordSet).toBe(false);
      await first.close();

      const cliEnv = { ...process.env, ...env };
      const short = run(process.execPath, [BIN, 'users', 'set-password', 'admin@localhost'], { env: cliEnv });
      short.child.stdin?.end('short\n');
      await expect(short).rejects.toMatchObject({
        stderr: expect.stringContaining('at least 10 characters'),
      });

      const ok = run(process.execPath, [BIN, 'users', 'set-password', 'Admin@Localhost'], { env: cliEnv });
      ok.child.stdin?.end('a long enough password\n');
      expect((await ok).stdout).toContain('Password set for admin@localhost');

      const rt = await startRuntime(loadConfig(env));
      try {
        const signIn = (password: string) =>
          fetch(`${rt.url}/api/v1/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'admin@localhost', password }),
          });
        expect((await signIn('a long enough password')).status).toBe(200);
        expect((await signIn('short')).status).toBe(401);
      } finally {
        await rt.close();
      }
    } finally {
      await database.drop();
      if (!database.dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
