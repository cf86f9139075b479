import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { type Database, observeQueries, openDatabase } from './database.ts';

/** observeQueries: what the turn benchmark counts statements with (bench/turn). */
describe.each(backends)('observeQueries (%s)', (kind) => {
  let test: TestDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await test?.drop();
  });

  const open = async () => {
    test = await createTestDatabase(kind);
    database = await openDatabase({ url: test.url, dataDir: test.dataDir });
    return database;
  };

  it('sees each statement Kysely sends, with its duration, until stopped', async () => {
    const seen: { text: string; ms: number }[] = [];
    const stop = observeQueries((text, ms) => seen.push({ text, ms }));
    const { db } = await open();
    await sql`select 1 as one`.execute(db);
    await sql`select 2 as two`.execute(db);
    stop();
    await sql`select 3 as three`.execute(db);
    expect(seen.map((s) => s.text)).toEqual(['select 1 as one', 'select 2 as two']);
    expect(seen.every((s) => s.ms >= 0)).toBe(true);
  }, 120_000); // PGlite's start is slow on a busy machine

  it('leaves a database opened without an observer unobserved', async () => {
    const seen: string[] = [];
    const { db } = await open();
    const stop = observeQueries((text) => seen.push(text));
    await sql`select 1`.execute(db);
    stop();
    expect(seen).toEqual([]);
  }, 120_000);
});
