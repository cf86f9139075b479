import type { Kysely } from 'kysely';
import { agentCreateSchema } from '../agents/model.ts';
import { type AgentSettings, createAgent, handoffOf, updateAgent } from '../agents/service.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { conflict, invalid } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';
import type { ApplyResult, Resource } from './resources.ts';
import { sameJson } from './resources.ts';

/**
 * An Agent resource: identity and guidelines, and — when the file names them — handoff and model
 * settings. Omitted settings stay as they are; an omitted model API key keeps the stored one.
 */
export async function applyAgent(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  r: Extract<Resource, { kind: 'Agent' }>['spec'],
): Promise<ApplyResult> {
  const rows = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name', '=', r.name)
    .execute();
  if (rows.length > 1)
    throw conflict(`Several agents are named "${r.name}"; rename one to apply by name.`, 'ambiguous');
  if (r.model?.apiKey !== undefined && /\$\{env:/.test(r.model.apiKey)) {
    const ref = '$' + '{env:…}';
    throw invalid(`Resolve the ${ref} reference before applying (frontdesk apply does it).`, [
      { path: 'spec.model.apiKey', message: `unresolved ${ref} reference` },
    ]);
  }
  const wanted = agentCreateSchema.parse({
    name: r.name,
    ...(r.tone !== undefined && { tone: r.tone }),
    ...(r.greeting !== undefined && { greeting: r.greeting }),
    ...(r.guidelines !== undefined && { guidelines: r.guidelines }),
    ...(r.languages !== undefined && { languages: r.languages }),
    ...(r.handoff !== undefined && { handoff: r.handoff }),
    ...(r.model !== undefined && { model: r.model }),
  });
  const row = rows[0];
  if (!row) {
    await createAgent(db, accountId, wanted, keyring);
    return { kind: 'Agent', name: r.name, result: 'created' };
  }
  const current = {
    name: row.name,
    tone: row.tone,
    greeting: row.greeting,
    guidelines: row.guidelines,
    languages: row.languages,
  };
  const { handoff, model, ...identity } = wanted;
  const sameSettings =
    (handoff === undefined || sameJson(handoff, handoffOf(row))) &&
    (model === undefined || sameModel(row.settings as AgentSettings, model, keyring, row.id));
  if (sameJson(current, identity) && sameSettings)
    return { kind: 'Agent', name: r.name, result: 'unchanged' };
  await updateAgent(db, accountId, row.id, wanted, keyring);
  return { kind: 'Agent', name: r.name, result: 'updated' };
}

/** The stored model settings against a file's; an omitted API key means "keep the stored one". */
function sameModel(
  settings: AgentSettings,
  wanted: NonNullable<Extract<Resource, { kind: 'Agent' }>['spec']['model']> | null,
  keyring: Keyring,
  agentId: string,
): boolean {
  const stored = settings.model ?? null;
  if (wanted === null || stored === null) return wanted === stored;
  const { apiKey, ...fields } = wanted;
  const { apiKey: sealed, ...storedFields } = stored;
  if (!sameJson(fields, storedFields)) return false;
  if (apiKey === undefined) return true;
  return sealed !== undefined && keyring.open(sealed, `agent:${agentId}`) === apiKey;
}
