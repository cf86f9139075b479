import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import { exportDeployKinds } from './deploy-export.ts';
import type { DeployResource } from './deploy-kinds.ts';
import type { Resource } from './resources.ts';

/**
 * The account's configuration as resources `apply` takes back. Secrets are never
 * exported: each secret field becomes an `${env:…}` reference the operator fills in.
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
      },
    });
    const skills = await db
      .selectFrom('skills')
      .selectAll()
      .where('agent_id', '=', a.id)
      .orderBy('type')
      .orderBy('created_at')
      .execute();
    // Actions before flows, so a file applies in the order it reads.
    for (const s of skills.sort((x, y) => (x.type === y.type ? 0 : x.type === 'action' ? -1 : 1))) {
      out.push({
        kind: s.type === 'action' ? 'Action' : 'Flow',
        agent: a.name,
        status: s.status,
        spec: s.definition as Record<string, unknown>,
      });
    }
  }
  out.push(...(await exportDeployKinds(db, accountId, deployKinds)));
  return out;
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
