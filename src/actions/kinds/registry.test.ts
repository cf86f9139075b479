import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { createAccountWithAdmin } from '../../access/bootstrap.ts';
import { getAgentRow } from '../../agents/service.ts';
import { catalogFor } from '../../conversations/catalog.ts';
import { createKeyring, generateKey } from '../../secrets/keyring.ts';
import { invalid } from '../../shared/errors.ts';
import { type Database, openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import type { SkillType } from '../../store/schema.ts';
import { executeSkill, presentRun } from '../execute.ts';
import { createSkill, deleteSkill, findSkill, publishSkill } from '../skills.ts';
import {
  registerSkillKind,
  type SkillDefinition,
  type SkillKind,
  skillKind,
  skillKinds,
  unregisterSkillKind,
} from './index.ts';

/** A third kind, as the CRM binding will be: it echoes a note and says it writes. */
const calls: string[] = [];
const noteKind: SkillKind<SkillDefinition & { note: string }, { echoed: string }> = {
  type: 'note',
  label: 'Note',
  idPrefix: 'not',
  order: 3,
  async validate(_scope, value) {
    const v = value as Partial<SkillDefinition & { note: string }>;
    if (typeof v.note !== 'string')
      throw invalid('A note needs a note.', [{ path: 'note', message: 'required' }]);
    const definition = {
      key: String(v.key),
      name: String(v.name),
      description: 'Leaves a note',
      triggers: ['leave a note'],
      inputs: [],
      requiresVerifiedIdentity: false,
      responseInstructions: '',
      note: v.note,
    };
    return { definition, access: 'write' };
  },
  access: async () => 'write',
  async run(skill, inputs) {
    calls.push(skill.key);
    const echoed = `${skill.definition.note}: ${(inputs as { text: string }).text}`;
    return {
      summary: { ok: true, outputs: { echoed }, request: { method: 'NOTE', url: 'note://' } },
      result: { echoed },
    };
  },
  presentRun: (_skill, result) => ({ ok: true, durationMs: 0, outputs: result }),
  async beforeDelete() {
    throw invalid('Notes are kept.', []);
  },
};

describe('the skill kind registry', () => {
  it('holds action, flow and crm, in apply order, and refuses a kind twice or an unknown one', () => {
    expect(skillKinds().map((k) => k.type)).toEqual(['action', 'flow', 'crm']);
    expect(() => registerSkillKind({ ...noteKind, type: 'action' })).toThrow(/already registered/);
    expect(() => skillKind('nope')).toThrow(/unknown skill kind/);
  });
});

describe.each(backends)(
  'a third skill kind through the lifecycle, the catalog and the executor (%s)',
  (kind) => {
    let testDb: TestDatabase;
    let database: Database;
    beforeAll(async () => {
      calls.length = 0;
      registerSkillKind(noteKind);
      testDb = await createTestDatabase(kind);
      database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
      await migrateToLatest(database.db as never);
      // The stored type is constrained to the built-in kinds; a real new kind ships a migration.
      await sql`alter table skills drop constraint skills_type_check`.execute(database.db);
    });
    afterAll(async () => {
      unregisterSkillKind('note');
      await database.close();
      await testDb.drop();
    });

    it('creates, publishes, catalogs, runs and presents it without a switch on its name', async () => {
      const { db } = database;
      const { accountId, defaultAgentId } = await createAccountWithAdmin(db, { name: 'Kinds' });
      const type = 'note' as SkillType;
      expect(skillKinds().map((k) => k.type)).toEqual(['action', 'flow', 'crm', 'note']);

      await expect(
        createSkill(db, accountId, defaultAgentId, type, { key: 'n', name: 'N' }),
      ).rejects.toMatchObject({
        details: [{ path: 'note', message: 'required' }],
      });
      const view = await createSkill(db, accountId, defaultAgentId, type, {
        key: 'jot',
        name: 'Jot',
        note: 'Noted',
      });
      expect(view).toMatchObject({ type: 'note', kind: 'write', status: 'draft' });
      expect(view.id).toMatch(/^not_/);
      await publishSkill(db, await findSkill(db, accountId, defaultAgentId, type, 'jot'));
      await expect(deleteSkill(db, accountId, defaultAgentId, type, 'jot')).rejects.toThrow(/published/);

      const catalog = await catalogFor(db, await getAgentRow(db, accountId, defaultAgentId), false);
      const skill = catalog.byKey.get('jot');
      expect(skill).toMatchObject({ type: 'note', kind: 'write', version: 1, triggers: ['leave a note'] });

      const exec = { db, keyring: createKeyring(generateKey()), devHosts: [] };
      const run = await executeSkill(exec, skill!, { text: 'call back' }, { mode: 'live' });
      expect(calls).toEqual(['jot']);
      expect(run.summary).toEqual({
        ok: true,
        outputs: { echoed: 'Noted: call back' },
        request: { method: 'NOTE', url: 'note://' },
      });
      expect(presentRun(skill!, run)).toEqual({
        ok: true,
        durationMs: 0,
        outputs: { echoed: 'Noted: call back' },
      });
    });
  },
);
