import type { TestApp } from './app.ts';

export interface IsolationFixture {
  /** Path parameter name → an id owned by the first account. */
  params: Record<string, string>;
  /** Ids of the first account that must never appear in another account's responses. */
  ownIds: string[];
  /** `METHOD /path` → how to call it; `ownCollection` marks routes acting on the caller's own scope. */
  routes: Record<string, { body?: unknown; ownCollection?: boolean; stream?: boolean }>;
  /** Everything the first account can read, to prove nothing changed. */
  snapshot(): Promise<unknown>;
}

/** Creates one of every resource in the first account and describes every route. */
export async function isolationFixtures(t: TestApp): Promise<IsolationFixture> {
  const agent = (await t.call('POST', '/api/v1/agents', { body: { name: 'Isolated agent' } })).body;
  const key = (
    await t.call('POST', '/api/v1/api-keys', { body: { name: 'isolated', scopes: ['agents:read'] } })
  ).body;
  const account = (await t.call('GET', '/api/v1/account')).body.account;
  const connection = (
    await t.call('POST', '/api/v1/connections', {
      body: { key: 'iso_conn', name: 'Iso', type: 'bearer', secrets: { token: 'iso-secret-token' } },
    })
  ).body;
  const actionDef = {
    key: 'iso_action',
    name: 'Iso action',
    description: 'Isolation fixture',
    kind: 'read',
    inputs: [{ name: 'n', type: 'string' }],
    request: { method: 'GET', url: 'https://iso.example.com/{{n}}', connection: 'iso_conn' },
  };
  const action = (await t.call('POST', `/api/v1/agents/${agent.id}/actions`, { body: actionDef })).body;
  const flow = (
    await t.call('POST', `/api/v1/agents/${agent.id}/flows`, {
      body: {
        key: 'iso_flow',
        name: 'Iso flow',
        description: 'Isolation fixture flow',
        inputs: [{ name: 'n', type: 'string' }],
        steps: [{ action: 'iso_action', inputs: { n: '{{n}}' } }],
      },
    })
  ).body;
  const user = (
    await t.call('POST', '/api/v1/users', {
      body: { email: 'iso-user@example.com', name: 'Iso', role: 'viewer' },
    })
  ).body;
  // A key acting for the user: deleting the user from another account must not revoke it.
  const userKey = (
    await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'iso-user-key', scopes: ['agents:read'], userId: user.id },
    })
  ).body;
  if (!userKey.id) throw new Error(`fixture key for the user was not created: ${JSON.stringify(userKey)}`);
  const faq = (
    await t.call('POST', `/api/v1/agents/${agent.id}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'Nine to five, isolated.' },
    })
  ).body;
  const conversation = (
    await t.call('POST', `/api/v1/agents/${agent.id}/conversations`, {
      body: { contact: { email: 'iso@example.com' } },
    })
  ).body;
  await t.call('POST', `/api/v1/conversations/${conversation.id}/messages`, {
    body: { text: 'I want a human' },
  });
  const channel = (
    await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'livechat',
        name: 'iso_channel',
        config: { allowedOrigins: ['https://iso.example.com'] },
      },
    })
  ).body;
  const team = (await t.call('POST', '/api/v1/teams', { body: { name: 'iso_team', members: [user.id] } }))
    .body;
  const deployment = (
    await t.call('POST', '/api/v1/deployments', {
      body: {
        agentId: agent.id,
        channelId: channel.id,
        whenUnavailable: { assignTo: 'team', teamId: team.id },
      },
    })
  ).body;
  const rule = (
    await t.call('POST', '/api/v1/routing-rules', {
      body: { name: 'iso_rule', condition: true, target: { assignTo: 'team', teamId: team.id } },
    })
  ).body;
  await t.call('PATCH', '/api/v1/credits', { body: { allotment: 77 } });
  const skillRoutes = (type: 'action' | 'flow') => {
    const base = `/api/v1/agents/{agentId}/${type}s`;
    const item = `${base}/{${type}Id}`;
    return {
      [`GET ${base}`]: {},
      [`POST ${base}`]: { body: type === 'action' ? { ...actionDef, key: 'x_other', name: 'X other' } : {} },
      [`GET ${item}`]: {},
      [`PATCH ${item}`]: { body: { name: 'hijacked' } },
      [`DELETE ${item}`]: {},
      [`POST ${item}/publish`]: {},
      [`POST ${item}/unpublish`]: {},
      [`GET ${item}/versions`]: {},
      [`POST ${item}/test`]: { body: { inputs: { n: '1' } } },
    };
  };

  return {
    params: {
      agentId: agent.id,
      id: key.id,
      connectionId: connection.id,
      actionId: action.id,
      flowId: flow.id,
      sourceId: faq.id,
      userId: user.id,
      conversationId: conversation.id,
      channelId: channel.id,
      teamId: team.id,
      deploymentId: deployment.id,
      ruleId: rule.id,
      object: 'contacts',
      key: 'find_contact',
    },
    ownIds: [
      agent.id,
      key.id,
      account.id,
      connection.id,
      action.id,
      faq.id,
      conversation.id,
      user.id,
      userKey.id,
      'iso-user@example.com',
      'Nine to five, isolated',
      'iso@example.com',
      flow.id,
      'iso_conn',
      'iso_action',
      'iso_flow',
      channel.id,
      channel.publicId,
      'iso_channel',
      team.id,
      'iso_team',
      deployment.id,
      rule.id,
      'iso_rule',
    ],
    routes: {
      'GET /api/v1/account': {},
      // Acts on the caller's own account; the snapshot proves the first account kept its name and settings.
      'PATCH /api/v1/account': {
        body: { name: 'hijacked', settings: { integrationLogRetentionDays: 9 } },
        ownCollection: true,
      },
      'GET /api/v1/api-keys': {},
      'POST /api/v1/api-keys': { body: { name: 'x', scopes: ['agents:read'] }, ownCollection: true },
      'DELETE /api/v1/api-keys/{id}': {},
      'GET /api/v1/users': {},
      'POST /api/v1/users': {
        body: { email: 'other-user@example.com', name: 'Other', role: 'viewer' },
        ownCollection: true,
      },
      'GET /api/v1/users/{userId}': {},
      'PATCH /api/v1/users/{userId}': { body: { role: 'admin' } },
      'DELETE /api/v1/users/{userId}': {},
      'PUT /api/v1/users/{userId}/password': { body: { password: 'hijacked password' } },
      'POST /api/v1/session': { body: { email: 'admin@localhost', password: 'not the password' } },
      'GET /api/v1/session': {},
      'DELETE /api/v1/session': {},
      'PUT /api/v1/session/password': { body: { currentPassword: 'x', newPassword: 'hijacked password' } },
      'GET /api/v1/agents': {},
      'POST /api/v1/agents': { body: { name: 'x' } },
      'GET /api/v1/agents/{agentId}': {},
      'PATCH /api/v1/agents/{agentId}': { body: { name: 'hijacked' } },
      'DELETE /api/v1/agents/{agentId}': {},
      'GET /api/v1/connections': {},
      'POST /api/v1/connections': {
        body: { key: 'other_conn', name: 'O', type: 'none' },
        ownCollection: true,
      },
      'GET /api/v1/connections/{connectionId}': {},
      'PATCH /api/v1/connections/{connectionId}': { body: { name: 'hijacked' } },
      'DELETE /api/v1/connections/{connectionId}': {},
      ...skillRoutes('action'),
      ...skillRoutes('flow'),
      'GET /api/v1/integration-log': {},
      'POST /api/v1/config/apply': {
        body: {
          resources: [{ kind: 'Action', agent: 'Isolated agent', spec: { ...actionDef, name: 'hijacked' } }],
        },
      },
      'GET /api/v1/config/export': {},
      'GET /api/v1/agents/{agentId}/knowledge': {},
      'POST /api/v1/agents/{agentId}/knowledge/faqs': { body: { question: 'Hijack?', answer: 'x' } },
      'POST /api/v1/agents/{agentId}/knowledge/documents': {
        body: { contentType: 'text/plain', content: 'x y z' },
      },
      'DELETE /api/v1/agents/{agentId}/knowledge/{sourceId}': {},
      'GET /api/v1/agents/{agentId}/knowledge/search': {},
      'POST /api/v1/agents/{agentId}/knowledge/websites': { body: { url: 'https://help.example.com/' } },
      'GET /api/v1/agents/{agentId}/knowledge/{sourceId}': {},
      'PATCH /api/v1/agents/{agentId}/knowledge/{sourceId}': { body: { enabled: false } },
      'POST /api/v1/agents/{agentId}/knowledge/{sourceId}/sync': {},
      'GET /api/v1/agents/{agentId}/knowledge/{sourceId}/pages': {},
      'POST /api/v1/agents/{agentId}/conversations': { body: {} },
      'POST /api/v1/conversations/{conversationId}/messages': { body: { text: 'hello' } },
      'GET /api/v1/conversations/{conversationId}': {},
      'POST /api/v1/conversations/{conversationId}/handback': {},
      'POST /api/v1/conversations/{conversationId}/close': {},
      'POST /api/v1/conversations/{conversationId}/human-replies': { body: { text: 'hijack' } },
      // The HubSpot connection, schema and write-back settings are the caller's own account's.
      'POST /api/v1/integrations/hubspot/connect': { body: {}, ownCollection: true },
      'GET /api/v1/integrations/hubspot/connection': { ownCollection: true },
      'DELETE /api/v1/integrations/hubspot/connection': { ownCollection: true },
      'POST /api/v1/integrations/hubspot/discover': { body: {}, ownCollection: true },
      'GET /api/v1/integrations/hubspot/objects': { ownCollection: true },
      'GET /api/v1/integrations/hubspot/objects/{object}': { ownCollection: true },
      'GET /api/v1/integrations/hubspot/search': { ownCollection: true },
      'GET /api/v1/integrations/hubspot/pack': { ownCollection: true },
      'GET /api/v1/integrations/hubspot/writeback': { ownCollection: true },
      'PATCH /api/v1/integrations/hubspot/writeback': { body: { mode: 'summary' }, ownCollection: true },
      'GET /api/v1/agents/{agentId}/integrations/hubspot/skills': {},
      'POST /api/v1/agents/{agentId}/integrations/hubspot/pack/install': { body: {} },
      'POST /api/v1/agents/{agentId}/integrations/hubspot/bindings': { body: {} },
      'POST /api/v1/agents/{agentId}/integrations/hubspot/bindings/auto': {
        body: { goal: 'find a contact by email' },
      },
      'POST /api/v1/agents/{agentId}/integrations/hubspot/skills/{key}/run': { body: { inputs: {} } },
      'DELETE /api/v1/agents/{agentId}/integrations/hubspot/skills/{key}': {},
      'POST /webhooks/custom/{channelId}': {
        body: { messageId: 'iso-1', contact: { id: 'c1' }, text: 'hijack' },
      },
      // Unsigned (the other account has no Auth Token of this channel): 403, nothing stored.
      'POST /webhooks/twilio-sms/{channelId}': {
        body: { MessageSid: 'SMiso', From: '+14155550100', To: '+15005550006', Body: 'hijack' },
      },
      'POST /webhooks/twilio-sms/{channelId}/status': {
        body: { MessageSid: 'SMiso', MessageStatus: 'undelivered', ErrorCode: '30003' },
      },
      'POST /webhooks/twilio-voice/{channelId}': {
        body: { CallSid: 'CAiso', From: '+14155550100', To: '+15005550006', SpeechResult: 'hijack' },
      },
      // Meta webhooks: a handshake without the channel's verify token, an unsigned post.
      'GET /webhooks/whatsapp/{channelId}': {},
      'POST /webhooks/whatsapp/{channelId}': { body: { object: 'whatsapp_business_account', entry: [] } },
      'GET /webhooks/messenger/{channelId}': {},
      'POST /webhooks/messenger/{channelId}': { body: { object: 'page', entry: [] } },
      'GET /api/v1/channels': {},
      'POST /api/v1/channels': { body: { type: 'api', name: 'other_channel' }, ownCollection: true },
      'GET /api/v1/channels/{channelId}': {},
      'PATCH /api/v1/channels/{channelId}': { body: { name: 'hijacked', rotate: ['signingSecret'] } },
      'DELETE /api/v1/channels/{channelId}': {},
      'GET /api/v1/channel-types': {},
      'POST /api/v1/channels/{channelId}/test-message': { body: { to: 'iso', text: 'hijack' } },
      'GET /api/v1/deployments': {},
      'POST /api/v1/deployments': { body: { agentId: agent.id, channelId: channel.id } },
      'GET /api/v1/deployments/{deploymentId}': {},
      'PATCH /api/v1/deployments/{deploymentId}': { body: { hours: { mode: 'all' } } },
      'DELETE /api/v1/deployments/{deploymentId}': {},
      'GET /api/v1/agent-switch': {},
      'PATCH /api/v1/agent-switch': { body: { on: false } },
      'GET /api/v1/routing-rules': {},
      'POST /api/v1/routing-rules': {
        body: { name: 'other_rule', condition: true, target: { assignTo: 'team', teamId: team.id } },
      },
      'GET /api/v1/routing-rules/{ruleId}': {},
      'PATCH /api/v1/routing-rules/{ruleId}': { body: { enabled: false } },
      'DELETE /api/v1/routing-rules/{ruleId}': {},
      'GET /api/v1/teams': {},
      'POST /api/v1/teams': { body: { name: 'other_team', members: [user.id] } },
      'GET /api/v1/teams/{teamId}': {},
      'PATCH /api/v1/teams/{teamId}': { body: { members: [] } },
      'DELETE /api/v1/teams/{teamId}': {},
      'GET /api/v1/credits': {},
      'PATCH /api/v1/credits': { body: { allotment: 1 } },
      'POST /api/v1/credits/top-ups': { body: { credits: 5 } },
      'GET /api/v1/credits/usage': {},
      'GET /api/v1/inbox/conversations': {},
      'GET /api/v1/inbox/conversations/{conversationId}': {},
      'POST /api/v1/inbox/conversations/{conversationId}/reply': { body: { text: 'hijack' } },
      'POST /api/v1/inbox/conversations/{conversationId}/notes': { body: { text: 'hijack' } },
      'POST /api/v1/inbox/conversations/{conversationId}/assign': { body: { userId: user.id } },
      'POST /api/v1/inbox/conversations/{conversationId}/close': {},
      'POST /api/v1/inbox/conversations/{conversationId}/hand-back': {},
      // A Server-Sent Events stream: read up to its first event (the first account's events are published meanwhile).
      'GET /api/v1/inbox/events': { stream: true },
    },
    snapshot: async () => ({
      account: (await t.call('GET', '/api/v1/account')).body.account,
      agents: (await t.call('GET', '/api/v1/agents')).body,
      connections: (await t.call('GET', '/api/v1/connections')).body,
      actions: (await t.call('GET', `/api/v1/agents/${agent.id}/actions`)).body,
      flows: (await t.call('GET', `/api/v1/agents/${agent.id}/flows`)).body,
      log: (await t.call('GET', '/api/v1/integration-log')).body,
      knowledge: (await t.call('GET', `/api/v1/agents/${agent.id}/knowledge`)).body,
      conversation: (await t.call('GET', `/api/v1/conversations/${conversation.id}`)).body,
      inbox: (await t.call('GET', `/api/v1/inbox/conversations/${conversation.id}`)).body,
      users: (await t.call('GET', '/api/v1/users')).body,
      channels: (await t.call('GET', '/api/v1/channels')).body,
      deployments: (await t.call('GET', '/api/v1/deployments')).body,
      rules: (await t.call('GET', '/api/v1/routing-rules')).body,
      teams: (await t.call('GET', '/api/v1/teams')).body,
      agentSwitch: (await t.call('GET', '/api/v1/agent-switch')).body,
      credits: (await t.call('GET', '/api/v1/credits')).body,
      keys: (await t.call('GET', '/api/v1/api-keys')).body.apiKeys.map(
        (k: { id: string; revokedAt: unknown }) => [k.id, k.revokedAt],
      ),
    }),
  };
}
