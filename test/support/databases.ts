import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The two storage suites. PGlite always runs; PostgreSQL runs when TEST_DATABASE_URL
 * points at a server (CI sets it). Each test gets a database of its own so files can run
 * in parallel.
 */
export type BackendKind = 'pglite' | 'pg';

export const pgUrl = process.env['TEST_DATABASE_URL'];
export const backends: BackendKind[] = pgUrl ? ['pglite', 'pg'] : ['pglite'];

if (!pgUrl && !process.env['FRONTDESK_QUIET_SKIP']) {
  process.env['FRONTDESK_QUIET_SKIP'] = '1';
  console.warn(
    '[tests] TEST_DATABASE_URL is not set: the PostgreSQL storage suite is skipped (PGlite suite runs). ' +
      'Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it.',
  );
}

export interface TestDatabase {
  kind: BackendKind;
  /** postgres:// URL for the pg backend. */
  url?: string;
  /** Data folder for the PGlite backend (a real folder, so restarts can be tested). */
  dataDir?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: BackendKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-test-'));
    return { kind, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `frontdesk_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
