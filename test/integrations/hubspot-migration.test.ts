import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithAdmin } from '../../src/access/bootstrap.ts';
import { getAgentRow } from '../../src/agents/service.ts';
import { catalogFor } from '../../src/conversations/catalog.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** 0013_hubspot_skills moves the agent's HubSpot skills into `skills` as the `crm` kind. */
describe.each(backends)('migration 0013_hubspot_skills on %s', (kind) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('keeps existing pack skills and bindings, published, in the catalog', async () => {
    const db = database.db;
    const migrator = new Migrator({
      db: db as never,
      provider: { getMigrations: async () => migrations },
      migrationTableName: 'frontdesk_migrations',
      migrationLockTableName: 'frontdesk_migrations_lock',
    });
    expect((await migrator.migrateTo('0010_hubspot')).error).toBeUndefined();
    const { accountId, defaultAgentId } = await createAccountWithAdmin(db, { name: 'Before' });
    const binding = {
      key: 'plan_by_serial',
      name: 'Plan by serial',
      description: '',
      inputs: [{ name: 'serial', type: 'string', required: true, description: 'Serial' }],
      restSearch: {
        object: 'p1_plans',
        filterGroups: [{ filters: [{ property: 'serial', operator: 'EQ', value: { input: 'serial' } }] }],
        sorts: [],
        properties: [],
        limit: 1,
      },
    };
    for (const [id, key, source, k, definition] of [
      ['hsk_a', 'find_contact', 'pack', 'read', { pack: 'find_contact' }],
      ['hsk_b', 'plan_by_serial', 'binding', 'read', binding],
    ] as const)
      await sql`insert into hubspot_skills (id, account_id, agent_id, key, source, kind, definition)
        values (${id}, ${accountId}, ${defaultAgentId}, ${key}, ${source}, ${k}, ${JSON.stringify(definition)}::jsonb)`.execute(
        db,
      );

    expect(await migrateToLatest(db as never)).toContain('0013_hubspot_skills');
    const rows = await db.selectFrom('skills').selectAll().where('type', '=', 'crm').orderBy('key').execute();
    expect(rows.map((r) => [r.id, r.key, r.status, r.published_version])).toEqual([
      ['hsk_a', 'find_contact', 'published', 1],
      ['hsk_b', 'plan_by_serial', 'published', 1],
    ]);
    const catalog = await catalogFor(db, await getAgentRow(db, accountId, defaultAgentId), false);
    expect(catalog.byKey.get('find_contact')).toMatchObject({
      type: 'crm',
      kind: 'read',
      name: 'Find contact',
    });
    expect(catalog.byKey.get('plan_by_serial')?.inputs).toEqual([
      expect.objectContaining({ name: 'serial', type: 'string', required: true }),
    ]);
    const gone = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'hubspot_skills'`.execute(
      db,
    );
    expect(gone.rows[0]!.n).toBe(0);
  });
});
