import type { Kysely } from 'kysely';
import type { ActionDefinition, InputDefinition } from '../actions/definition/schema.ts';
import { type RunnableSkill, runnableSkill } from '../actions/execute.ts';
import type { FlowDefinition } from '../actions/flows/schema.ts';
import { kindOf } from '../actions/skills.ts';
import type { DB } from '../store/schema.ts';
import { buildRouter, type Router } from '../understanding/routing/index.ts';

/** What the agent can do in a conversation: its skills and a router over them. */
export interface CatalogSkill extends RunnableSkill {
  name: string;
  description: string;
  triggers: string[];
  kind: 'read' | 'write';
  inputs: InputDefinition[];
  requiresVerifiedIdentity: boolean;
  responseTemplate?: string | undefined;
  responseInstructions: string;
}

export interface Catalog {
  skills: CatalogSkill[];
  byKey: Map<string, CatalogSkill>;
  router: Router;
}

const cache = new Map<string, { stamp: string; catalog: Catalog }>();

/**
 * Published skills (and drafts too for a preview conversation, C7), with a router built
 * once per change of the agent's skills.
 */
export async function loadCatalog(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  draft: boolean,
): Promise<Catalog> {
  let q = db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId);
  if (!draft) q = q.where('status', '=', 'published');
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  const stamp = rows.map((r) => `${r.id}@${r.updated_at.getTime()}:${r.status}`).join('|');
  const key = `${agentId}:${draft}`;
  const hit = cache.get(key);
  if (hit?.stamp === stamp) return hit.catalog;

  const skills: CatalogSkill[] = [];
  for (const row of rows) {
    if (!draft && row.published_version === null) continue;
    const s = await runnableSkill(db, row, draft);
    const d = s.definition as ActionDefinition | FlowDefinition;
    skills.push({
      ...s,
      name: d.name,
      description: d.description,
      triggers: d.triggers,
      kind: row.type === 'action' ? (d as ActionDefinition).kind : await kindOf(db, row),
      inputs: d.inputs,
      requiresVerifiedIdentity: d.requiresVerifiedIdentity,
      responseTemplate: d.responseTemplate,
      responseInstructions: d.responseInstructions,
    });
  }
  const router = buildRouter(
    skills.map((s) => ({ id: s.key, name: s.name, description: s.description, triggers: s.triggers })),
  );
  const catalog = { skills, byKey: new Map(skills.map((s) => [s.key, s])), router };
  cache.set(key, { stamp, catalog });
  return catalog;
}
