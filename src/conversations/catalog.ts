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

const cache = new Map<string, { revision: number; catalog: Catalog }>();

/**
 * Published skills (and drafts too for a preview conversation, C7), with a router built
 * once per revision of the agent (the database bumps it on every skill change, whichever
 * process made it), so a turn reads no skill row unless something changed.
 */
export async function catalogFor(
  db: Kysely<DB>,
  agent: { id: string; account_id: string; revision: number },
  draft: boolean,
): Promise<Catalog> {
  const key = `${agent.id}:${draft}`;
  const hit = cache.get(key);
  if (hit?.revision === agent.revision) return hit.catalog;
  const catalog = await loadCatalog(db, agent.account_id, agent.id, draft);
  cache.set(key, { revision: agent.revision, catalog });
  return catalog;
}

async function loadCatalog(
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
  return { skills, byKey: new Map(skills.map((s) => [s.key, s])), router };
}
