import type { TestApp } from './app.ts';

export interface IsolationFixture {
  /** Path parameter name → an id owned by the first account. */
  params: Record<string, string>;
  /** Ids of the first account that must never appear in another account's responses. */
  ownIds: string[];
  /** `METHOD /path` → how to call it; `ownCollection` marks routes acting on the caller's own scope. */
  routes: Record<string, { body?: unknown; ownCollection?: boolean }>;
  /** Everything the first account can read, to prove nothing changed. */
  snapshot(): Promise<unknown>;
}

/** Creates one of every resource in the first account and describes every route. */
export async function isolationFixtures(t: TestApp): Promise<IsolationFixture> {
  const agent = (await t.call('POST', '/api/v1/agents', { body: { name: 'Isolated agent' } })).body;
  const key = (await t.call('POST', '/api/v1/api-keys', { body: { name: 'isolated', scopes: ['agents:read'] } }))
    .body;
  const account = (await t.call('GET', '/api/v1/account')).body.account;

  return {
    params: { agentId: agent.id, id: key.id },
    ownIds: [agent.id, key.id, account.id],
    routes: {
      'GET /api/v1/account': {},
      'GET /api/v1/api-keys': {},
      'POST /api/v1/api-keys': { body: { name: 'x', scopes: ['agents:read'] }, ownCollection: true },
      'DELETE /api/v1/api-keys/{id}': {},
      'GET /api/v1/agents': {},
      'POST /api/v1/agents': { body: { name: 'x' } },
      'GET /api/v1/agents/{agentId}': {},
      'PATCH /api/v1/agents/{agentId}': { body: { name: 'hijacked' } },
      'DELETE /api/v1/agents/{agentId}': {},
    },
    snapshot: async () => ({
      agents: (await t.call('GET', '/api/v1/agents')).body,
      keys: (await t.call('GET', '/api/v1/api-keys')).body.apiKeys.map((k: { id: string; revokedAt: unknown }) => [
        k.id,
        k.revokedAt,
      ]),
    }),
  };
}
