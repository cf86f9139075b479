import type { Kysely } from 'kysely';
import {
  createSkill,
  lookupSkill,
  publishSkill,
  replaceDefinition,
  unpublishSkill,
  validateSkill,
} from '../actions/skills.ts';
import { validateConnectionInput } from '../connections/definition.ts';
import { createConnection, updateConnection } from '../connections/store.ts';
import { applyDocument, applyFaq } from '../knowledge/config.ts';
import { decodeBase64 } from '../knowledge/store.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { conflict, invalid } from '../shared/errors.ts';
import type { DB, SkillType } from '../store/schema.ts';
import { applyAgent } from './apply-agent.ts';
import { applyDeployKind } from './deploy-kinds.ts';
import type { ApplyOutcome, ApplyResult, Resource } from './resources.ts';
import { sameJson } from './resources.ts';

/**
 * Applies resources idempotently, in one transaction: connections and agents first, then
 * actions, then flows (which need their actions). A second apply of the same files
 * reports every resource `unchanged`. A published action whose definition changed is
 * re-published as a new version.
 */
const ORDER: Record<Resource['kind'], number> = {
  Connection: 0,
  Agent: 1,
  Action: 2,
  Flow: 3,
  Faq: 4,
  Document: 5,
  Channel: 6,
  Team: 7,
  Deployment: 8,
  RoutingRule: 9,
};

export async function applyResources(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  resources: Resource[],
  opts: { dryRun?: boolean } = {},
): Promise<ApplyResult[]> {
  const sorted = resources
    .map((r, i) => ({ r, i }))
    .sort((a, b) => ORDER[a.r.kind] - ORDER[b.r.kind] || a.i - b.i);
  const results: ApplyResult[] = [];
  const rollback = new Error('dry run');
  try {
    await db.transaction().execute(async (tx) => {
      for (const { r, i } of sorted) {
        try {
          results.push(await applyOne(tx, keyring, accountId, r));
        } catch (err) {
          throw prefixDetails(err, `resources[${i}]`);
        }
      }
      if (opts.dryRun) throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return results;
}

async function applyOne(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  r: Resource,
): Promise<ApplyResult> {
  if (r.kind === 'Connection') return applyConnection(db, keyring, accountId, r.spec);
  if (r.kind === 'Agent') return applyAgent(db, keyring, accountId, r.spec);
  if (r.kind === 'Channel' || r.kind === 'Team' || r.kind === 'Deployment' || r.kind === 'RoutingRule') {
    return applyDeployKind(db, keyring, accountId, r);
  }
  const agentId = await agentIdByName(db, accountId, r.agent);
  if (r.kind === 'Faq') {
    const result = await applyFaq(db, accountId, agentId, r.spec);
    return { kind: 'Faq', name: r.spec.question, result };
  }
  if (r.kind === 'Document') {
    const { content, contentBase64, ...rest } = r.spec;
    if ((content === undefined) === (contentBase64 === undefined)) {
      throw invalid('Send exactly one of content and contentBase64.', [
        { path: 'spec.content', message: 'exactly one of content, contentBase64' },
      ]);
    }
    const data = content ?? decodeBase64(contentBase64!, 'spec.contentBase64');
    const { title, result } = await applyDocument(db, accountId, agentId, { ...rest, data });
    return { kind: 'Document', name: title, result };
  }
  return applySkill(db, accountId, agentId, r.kind === 'Action' ? 'action' : 'flow', r.spec, r.status);
}

async function applyConnection(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  fields: Record<string, unknown>,
): Promise<ApplyResult> {
  const key = String(fields['key']);
  const existing = await db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  const name = key;
  if (!existing) {
    await createConnection(db, keyring, accountId, fields);
    return { kind: 'Connection', name, result: 'created' };
  }
  const { secrets, ...definitionFields } = fields;
  const stored = existing.secrets
    ? JSON.parse(keyring.open(existing.secrets, `connection:${existing.id}`))
    : {};
  // Omitted secrets keep their stored values, so files need not carry them on every apply.
  const wanted = validateConnectionInput({
    ...definitionFields,
    secrets: { ...stored, ...(secrets as object) },
  });
  if (sameJson(wanted.definition, existing.definition) && sameJson(wanted.secrets, stored)) {
    return { kind: 'Connection', name, result: 'unchanged' };
  }
  await updateConnection(db, keyring, accountId, existing.id, {
    ...definitionFields,
    ...(secrets ? { secrets } : {}),
  });
  return { kind: 'Connection', name, result: 'updated' };
}

async function agentIdByName(db: Kysely<DB>, accountId: string, name: string): Promise<string> {
  const rows = await db
    .selectFrom('agents')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .execute();
  if (rows.length === 0)
    throw invalid(`There is no agent named "${name}".`, [{ path: 'agent', message: 'unknown agent' }]);
  if (rows.length > 1) throw conflict(`Several agents are named "${name}".`, 'ambiguous');
  return rows[0]!.id;
}

async function applySkill(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  type: SkillType,
  value: Record<string, unknown>,
  status: string,
): Promise<ApplyResult> {
  const kind = type === 'action' ? 'Action' : 'Flow';
  const { definition } = await validateSkill(db, accountId, agentId, type, value);
  const name = definition.key;
  const existing = await lookupSkill(db, accountId, agentId, type, definition.key);
  let outcome: ApplyOutcome = 'unchanged';
  if (!existing) {
    await createSkill(db, accountId, agentId, type, definition);
    outcome = 'created';
  } else if (!sameJson(existing.definition, definition)) {
    // Re-published below when the file says so, in the same transaction.
    if (existing.status === 'published') {
      await unpublishSkill(db, existing, { replacing: status === 'published' });
    }
    await replaceDefinition(db, (await lookupSkill(db, accountId, agentId, type, existing.id))!, definition);
    outcome = 'updated';
  }
  const row = (await lookupSkill(db, accountId, agentId, type, definition.key))!;
  if (status === 'published' && row.status !== 'published') {
    await publishSkill(db, row);
    if (outcome === 'unchanged') outcome = 'updated';
  } else if (status !== 'published' && row.status === 'published') {
    await unpublishSkill(db, row);
    if (outcome === 'unchanged') outcome = 'updated';
  }
  return { kind, name, result: outcome };
}

function prefixDetails(err: unknown, prefix: string): unknown {
  const e = err as { details?: { path: string; message: string }[] };
  if (Array.isArray(e?.details)) {
    if (e.details.length === 0) e.details.push({ path: prefix, message: (err as Error).message });
    else for (const d of e.details) d.path = d.path ? `${prefix}.${d.path}` : prefix;
  }
  return err;
}
