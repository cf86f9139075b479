import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/access/scopes.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** Spec §D9: every connector route and exactly its scope (403 naming the scope without it). */
const TABLE: Array<[method: string, path: string, scope: string]> = [
  ['POST', '/api/v1/integrations/hubspot/connect', 'integrations:connect'],
  ['GET', '/api/v1/integrations/hubspot/pack', 'integrations:read'],
  ['POST', '/api/v1/agents/{agent}/integrations/hubspot/pack/install', 'skills:write'],
  ['POST', '/api/v1/integrations/hubspot/discover', 'integrations:write'],
  ['GET', '/api/v1/integrations/hubspot/objects', 'integrations:read'],
  ['GET', '/api/v1/integrations/hubspot/objects/contacts', 'integrations:read'],
  ['GET', '/api/v1/integrations/hubspot/search?q=email', 'integrations:read'],
  ['POST', '/api/v1/agents/{agent}/integrations/hubspot/bindings', 'skills:write'],
  ['POST', '/api/v1/agents/{agent}/integrations/hubspot/bindings/auto', 'skills:write'],
  ['GET', '/api/v1/integrations/hubspot/writeback', 'integrations:read'],
  ['PATCH', '/api/v1/integrations/hubspot/writeback', 'integrations:write'],
];

describe.each(backends)('HubSpot connector scopes (§D9) on %s', (kind) => {
  let t: TestApp;
  let agentId: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
  });
  afterAll(() => t?.close());

  const keyWith = async (scopes: string[]) => {
    const res = await t.call('POST', '/api/v1/api-keys', {
      body: { name: scopes.join(' ').slice(0, 100) || 'none', scopes },
    });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  it.each(TABLE)('%s %s needs %s', async (method, path, scope) => {
    const without = await keyWith(SCOPES.filter((s) => s !== scope));
    const refused = await t.call(method, path.replace('{agent}', agentId), {
      key: without,
      ...(method !== 'GET' && { body: {} }),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`"${scope}"`);
    const only = await keyWith([scope]);
    const allowed = await t.call(method, path.replace('{agent}', agentId), {
      key: only,
      ...(method !== 'GET' && { body: {} }),
    });
    expect(allowed.status).not.toBe(403);
    expect(allowed.status).not.toBe(401);
  });
});
