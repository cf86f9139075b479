import type { Kysely } from 'kysely';
import { skillKind } from '../actions/kinds/index.ts';
import { type AgentSettings, handoffOf } from '../agents/service.ts';
import { exportKnowledge } from '../knowledge/config.ts';
import type { DB } from '../store/schema.ts';
import { exportDeployKinds } from './deploy-export.ts';
import type { DeployResource } from './deploy-kinds.ts';
import type { Resource } from './resources.ts';

/**
 * The account's configuration as resources `apply` takes back: connections, then each agent with
 * its handoff and model settings, actions, flows, FAQ entries and documents. Secrets are never
 * exported: a connection's secret fields become `${env:…}` references in the CLI, an agent's model
 * API key becomes `${env:AGENT_<NAME>_API_KEY}` here (the server knows whether one is set).
 */
export async function exportResources(
  db: Kysely<DB>,
  accountId: string,
  deployKinds: Set<DeployResource['kind']> = new Set(['Channel', 'Team', 'Deployment', 'RoutingRule']),
): Promise<Resource[]> {
  const out: Resource[] = [];
  const connections = await db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('key')
    .execute();
  for (const c of connections) {
    out.push({ kind: 'Connection', spec: c.definition as { key: string } });
  }
  const agents = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  for (const a of agents) {
    out.push({
      kind: 'Agent',
      spec: {
        name: a.name,
        tone: a.tone,
        greeting: a.greeting,
        guidelines: a.guidelines,
        languages: a.languages,
        handoff: handoffOf(a),
        model: modelOf(a.name, a.settings as AgentSettings),
      },
    });
    const skills = await db
      .selectFrom('skills')
      .selectAll()
      .where('agent_id', '=', a.id)
      .orderBy('type')
      .orderBy('created_at')
      .execute();
    // In kind order (actions before flows), so a file applies in the order it reads.
    for (const s of skills.sort((x, y) => skillKind(x.type).order - skillKind(y.type).order)) {
      // Kinds an integration installs (crm: the HubSpot pack and bindings) are not in files.
      if (!skillKind(s.type).routes) continue;
      out.push({
        kind: skillKind(s.type).label as 'Action' | 'Flow',
        agent: a.name,
        status: s.status,
        spec: s.definition as Record<string, unknown>,
      });
    }
    for (const k of await exportKnowledge(db, accountId, a.id)) out.push({ ...k, agent: a.name } as Resource);
  }
  out.push(...(await exportDeployKinds(db, accountId, deployKinds)));
  return out;
}

type ModelSpec = NonNullable<Extract<Resource, { kind: 'Agent' }>['spec']['model']>;

function modelOf(agentName: string, settings: AgentSettings): ModelSpec | null {
  const m = settings.model;
  if (!m) return null;
  const { apiKey, ...rest } = m;
  const fields = rest as ModelSpec;
  return apiKey ? { ...fields, apiKey: `\${env:${agentKeyEnvName(agentName)}}` } : fields;
}

/** "Ava from Acme" → AGENT_AVA_FROM_ACME_API_KEY. */
export function agentKeyEnvName(agentName: string): string {
  const slug = agentName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `AGENT_${slug || 'DEFAULT'}_API_KEY`;
}

/** The secret field names of each connection type, for the `${env:…}` references. */
export const SECRET_FIELDS: Record<string, string[]> = {
  none: [],
  api_key: ['apiKey'],
  bearer: ['token'],
  basic: ['password'],
  oauth2_client_credentials: ['clientSecret'],
  hubspot_signature_v3: ['clientSecret'],
};
