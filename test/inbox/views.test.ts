import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const PASSWORD = 'inbox views password';

/**
 * The inbox list (E8): each view and filter, cursor pages, previews never listed; people
 * signed in with a session; viewers read but cannot act (403).
 */
describe.each(backends)('inbox views and filters (%s)', (kind) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};
  const teams: Record<string, string> = {};
  let agentA = '';
  let agentB = '';
  let channelId = '';

  const signIn = async (email: string) => {
    const res = await fetch(`${t.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { cookie, csrf: body.csrfToken };
  };
  const apiConversation = async (agentId: string, text: string, draft = false) => {
    const c = (await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: { draft } })).body;
    expect((await t.call('POST', `/api/v1/conversations/${c.id}/messages`, { body: { text } })).status).toBe(
      200,
    );
    return c.id as string;
  };
  const list = async (query: string) => {
    const res = await t.call('GET', `/api/v1/inbox/conversations?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.conversations.map((c: any) => c.id).sort() as string[];
  };
  const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    t = await startTestApp(kind, {
      env: { FRONTDESK_DEV_HOSTS: hook.host, FRONTDESK_ADMIN_PASSWORD: PASSWORD },
    });
    agentA = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    agentB = (await t.call('POST', '/api/v1/agents', { body: { name: 'Second agent' } })).body.id;
    await t.call('POST', `/api/v1/agents/${agentA}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5.' },
    });
    for (const [name, role] of [
      ['ann', 'editor'],
      ['bob', 'editor'],
      ['vic', 'viewer'],
    ] as const) {
      users[name] = (
        await t.call('POST', '/api/v1/users', { body: { email: `${name}@example.com`, name, role } })
      ).body.id;
      expect(
        (await t.call('PUT', `/api/v1/users/${users[name]}/password`, { body: { password: PASSWORD } }))
          .status,
      ).toBe(204);
    }
    teams['support'] = (
      await t.call('POST', '/api/v1/teams', {
        body: { name: 'Support', members: [users['ann'], users['bob']] },
      })
    ).body.id;
    teams['empty'] = (await t.call('POST', '/api/v1/teams', { body: { name: 'Empty' } })).body.id;
    const channel = (
      await t.call('POST', '/api/v1/channels', {
        body: { type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } },
      })
    ).body;
    channelId = channel.id;
    await t.call('POST', '/api/v1/deployments', { body: { agentId: agentA, channelId } });

    ids['withAgent'] = await apiConversation(agentA, 'What are your opening hours?');
    ids['unassigned'] = await apiConversation(agentA, 'I want a human');
    const posted = await fetch(`${t.url}/webhooks/custom/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${channel.secrets.channelKey}` },
      body: JSON.stringify({ messageId: 'v-1', contact: { id: 'cust-v' }, text: 'I want a human' }),
    });
    ids['custom'] = ((await posted.json()) as { conversationId: string }).conversationId;
    await waitFor(
      async () => (await t.call('GET', `/api/v1/inbox/conversations/${ids['custom']}`)).body.handoff !== null,
      'the custom-channel conversation handed off',
    );
    expect(
      (
        await t.call('POST', `/api/v1/inbox/conversations/${ids['custom']}/assign`, {
          body: { userId: users['ann'] },
        })
      ).status,
    ).toBe(200);
    ids['teamQueue'] = await apiConversation(agentB, 'I want a human');
    expect(
      (
        await t.call('POST', `/api/v1/inbox/conversations/${ids['teamQueue']}/assign`, {
          body: { teamId: teams['empty'] },
        })
      ).body.owner,
    ).toEqual({ type: 'team', id: teams['empty'], name: 'Empty' });
    ids['closed'] = await apiConversation(agentA, 'I want a human');
    expect((await t.call('POST', `/api/v1/inbox/conversations/${ids['closed']}/close`)).status).toBe(200);
    ids['draft'] = await apiConversation(agentA, 'I want a human', true);
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
  });

  it('shows each view', async () => {
    expect(await list('view=agent')).toEqual(sorted('withAgent'));
    expect(await list('view=waiting')).toEqual(sorted('unassigned', 'custom', 'teamQueue'));
    expect(await list('')).toEqual(sorted('unassigned', 'custom', 'teamQueue'));
    expect(await list(`view=mine&userId=${users['ann']}`)).toEqual(sorted('custom'));
    expect(await list(`view=mine&userId=${users['bob']}`)).toEqual([]);
    expect(await list('view=unassigned')).toEqual(sorted('unassigned', 'teamQueue'));
    expect(await list('view=closed')).toEqual(sorted('closed'));
  });

  it('filters by channel, agent and team', async () => {
    expect(await list('view=waiting&channel=custom')).toEqual(sorted('custom'));
    expect(await list(`view=waiting&channel=${channelId}`)).toEqual(sorted('custom'));
    expect(await list('view=waiting&channel=api')).toEqual(sorted('unassigned', 'teamQueue'));
    expect(await list(`view=waiting&agentId=${agentB}`)).toEqual(sorted('teamQueue'));
    expect(await list(`view=closed&agentId=${agentB}`)).toEqual([]);
    expect(await list(`view=waiting&teamId=${teams['empty']}`)).toEqual(sorted('teamQueue'));
    expect(await list(`view=waiting&teamId=${teams['support']}`)).toEqual(sorted('custom'));
    expect(await list('view=waiting&teamId=Support')).toEqual(sorted('custom'));
    expect(await list('view=waiting&teamId=team_nobody')).toEqual([]);
  });

  it('pages with a cursor, newest activity first, each row once', async () => {
    const all = (await t.call('GET', '/api/v1/inbox/conversations?view=waiting')).body;
    expect(all.nextCursor).toBeNull();
    const times = all.conversations.map((c: any) => c.lastActivityAt);
    expect([...times].sort().reverse()).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = (
        await t.call(
          'GET',
          `/api/v1/inbox/conversations?view=waiting&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body;
      expect(page.conversations.length).toBeLessThanOrEqual(1);
      seen.push(...page.conversations.map((c: any) => c.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.conversations.map((c: any) => c.id));
  });

  it('lists “mine” for a signed-in person, who acts with the CSRF token', async () => {
    const ann = await signIn('ann@example.com');
    const mine = await t.call('GET', '/api/v1/inbox/conversations?view=mine', {
      key: null,
      headers: { cookie: ann.cookie },
    });
    expect(mine.body.conversations.map((c: any) => c.id)).toEqual([ids['custom']]);
    const noCsrf = await t.call('POST', `/api/v1/inbox/conversations/${ids['unassigned']}/reply`, {
      key: null,
      headers: { cookie: ann.cookie },
      body: { text: 'Hello from Ann' },
    });
    expect(noCsrf.status).toBe(403);
    const reply = await t.call('POST', `/api/v1/inbox/conversations/${ids['unassigned']}/reply`, {
      key: null,
      headers: { cookie: ann.cookie, 'x-csrf-token': ann.csrf },
      body: { text: 'Hello from Ann' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.owner).toEqual({ type: 'user', id: users['ann'], name: 'ann' });
    const after = await t.call('GET', '/api/v1/inbox/conversations?view=mine', {
      key: null,
      headers: { cookie: ann.cookie },
    });
    expect(after.body.conversations.map((c: any) => c.id).sort()).toEqual(sorted('custom', 'unassigned'));
  });

  it('lets a viewer read but not act (403)', async () => {
    const vic = await signIn('vic@example.com');
    const as = { key: null, headers: { cookie: vic.cookie, 'x-csrf-token': vic.csrf } };
    expect((await t.call('GET', '/api/v1/inbox/conversations', as)).status).toBe(200);
    const id = ids['teamQueue'];
    expect((await t.call('GET', `/api/v1/inbox/conversations/${id}`, as)).status).toBe(200);
    const key = (
      await t.call('POST', '/api/v1/api-keys', {
        body: { name: 'vic', scopes: ['conversations:read'], userId: users['vic'] },
      })
    ).body.key;
    for (const [action, body] of [
      ['reply', { text: 'viewer says hi' }],
      ['notes', { text: 'viewer note' }],
      ['assign', { userId: users['vic'] }],
      ['close', undefined],
      ['hand-back', undefined],
    ] as const) {
      const bySession = await t.call('POST', `/api/v1/inbox/conversations/${id}/${action}`, { ...as, body });
      const byKey = await t.call('POST', `/api/v1/inbox/conversations/${id}/${action}`, { key, body });
      expect([action, bySession.status, bySession.body.error.code]).toEqual([action, 403, 'missing_scope']);
      expect([action, byKey.status]).toEqual([action, 403]);
    }
    const view = (await t.call('GET', `/api/v1/inbox/conversations/${id}`)).body;
    expect(view.transcript.filter((i: any) => i.type === 'note' || i.role === 'human')).toEqual([]);
    expect(view.owner.type).toBe('team');
  });
});
