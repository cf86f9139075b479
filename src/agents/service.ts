import type { Kysely } from 'kysely';
import type { Keyring } from '../secrets/keyring.ts';
import { notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { AgentRow, DB } from '../store/schema.ts';
import {
  type Agent,
  type AgentCreate,
  type AgentPatch,
  type HandoffSettings,
  handoffSettingsSchema,
} from './model.ts';

/** Stored in `agents.settings`; the model's API key is sealed (context `agent:<id>`). */
export interface AgentSettings {
  handoff?: HandoffSettings;
  model?: { provider: string; model: string; baseUrl?: string; temperature?: number; apiKey?: string } | null;
}

export const handoffOf = (r: AgentRow): HandoffSettings =>
  handoffSettingsSchema.parse((r.settings as AgentSettings).handoff ?? {});

export const toAgent = (r: AgentRow): Agent => {
  const model = (r.settings as AgentSettings).model;
  return {
    id: r.id,
    name: r.name,
    tone: r.tone,
    greeting: r.greeting,
    guidelines: r.guidelines,
    languages: r.languages,
    handoff: handoffOf(r),
    model: model
      ? {
          provider: model.provider,
          model: model.model,
          ...(model.baseUrl ? { baseUrl: model.baseUrl } : {}),
          ...(model.temperature !== undefined ? { temperature: model.temperature } : {}),
          apiKeySet: !!model.apiKey,
        }
      : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
};

/** Merges settings from a create/patch body; a new API key is sealed, an omitted one kept. */
export function mergeSettings(
  current: AgentSettings,
  patch: { handoff?: HandoffSettings | undefined; model?: AgentPatch['model'] },
  seal: (plaintext: string) => string,
): AgentSettings {
  const next: AgentSettings = { ...current };
  if (patch.handoff !== undefined) next.handoff = patch.handoff;
  if (patch.model === null) next.model = null;
  else if (patch.model !== undefined) {
    const { apiKey, ...rest } = patch.model;
    const kept = current.model?.apiKey;
    next.model = { ...rest, ...(apiKey ? { apiKey: seal(apiKey) } : kept ? { apiKey: kept } : {}) };
  }
  return next;
}

export async function listAgents(db: Kysely<DB>, accountId: string): Promise<Agent[]> {
  const rows = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAgent);
}

export async function getAgentRow(db: Kysely<DB>, accountId: string, id: string): Promise<AgentRow> {
  const row = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Agent');
  return row;
}

export async function createAgent(
  db: Kysely<DB>,
  accountId: string,
  input: AgentCreate,
  keyring?: Keyring,
  id: string = newId('agt'),
): Promise<Agent> {
  const settings = keyring ? mergeSettings({}, input, (p) => keyring.seal(p, `agent:${id}`)) : {};
  const row = await db
    .insertInto('agents')
    .values({
      id,
      account_id: accountId,
      name: input.name,
      tone: input.tone,
      greeting: input.greeting,
      guidelines: toJson(input.guidelines),
      languages: toJson(input.languages),
      settings: toJson(settings),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAgent(row);
}

export async function updateAgent(
  db: Kysely<DB>,
  accountId: string,
  id: string,
  patch: AgentPatch,
  keyring?: Keyring,
): Promise<Agent> {
  const current = await getAgentRow(db, accountId, id);
  const settingsChanged = patch.handoff !== undefined || patch.model !== undefined;
  if (settingsChanged && !keyring) throw new Error('updating agent settings needs the keyring');
  const settings = settingsChanged
    ? mergeSettings(current.settings as AgentSettings, patch, (p) => keyring!.seal(p, `agent:${id}`))
    : undefined;
  const row = await db
    .updateTable('agents')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.tone !== undefined && { tone: patch.tone }),
      ...(patch.greeting !== undefined && { greeting: patch.greeting }),
      ...(patch.guidelines !== undefined && { guidelines: toJson(patch.guidelines) }),
      ...(patch.languages !== undefined && { languages: toJson(patch.languages) }),
      ...(settings !== undefined && { settings: toJson(settings) }),
      updated_at: new Date(),
    })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Agent');
  return toAgent(row);
}

export async function deleteAgent(db: Kysely<DB>, accountId: string, id: string): Promise<void> {
  const res = await db
    .deleteFrom('agents')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('Agent');
}
