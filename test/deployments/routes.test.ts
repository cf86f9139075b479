import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** Every route of channels, deployments, the switch, routing rules, teams and credits, through the real server. */
describe.each(backends)('deployment API on %s', (kind) => {
  let t: TestApp;
  let agentId: string;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, {
      logDestination: { write: (line: string) => void logs.push(line) } as never,
    });
    agentId = (await t.call('POST', '/api/v1/agents', { body: { name: 'Ava' } })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('channels: create shows secrets once, GET never; rotate; public id for livechat; 422 with paths', async () => {
    const live = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Website', config: { allowedOrigins: ['https://shop.example.com'] } },
    });
    expect(live.status).toBe(201);
    expect(live.body.publicId).toMatch(/^lc_[A-Za-z0-9]{24}$/);
    expect(live.body.secrets.signingSecret).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(live.body.config).toEqual({
      allowedOrigins: ['https://shop.example.com'],
      requireVerifiedIdentity: false,
    });
    const given = 'w'.repeat(40);
    const custom = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'custom',
        name: 'Shop app',
        config: { webhookUrl: 'https://hooks.example.com/fd' },
        secrets: { webhookSecret: given },
      },
    });
    expect(custom.status).toBe(201);
    expect(custom.body.secrets.webhookSecret).toBe(given);
    expect(custom.body.secretsSet).toEqual(['channelKey', 'webhookSecret']);
    expect(custom.body.publicId).toBeNull();

    const got = await t.call('GET', `/api/v1/channels/${custom.body.id}`);
    expect(got.body.secrets).toBeUndefined();
    expect(JSON.stringify(got.body)).not.toContain(given);
    const list = await t.call('GET', '/api/v1/channels');
    expect(list.body.channels.map((c: { name: string }) => c.name)).toEqual(['Website', 'Shop app']);
    expect(JSON.stringify(list.body)).not.toContain(custom.body.secrets.channelKey);
    expect((await t.call('GET', '/api/v1/channels/Website')).body.id).toBe(live.body.id);

    const rotated = await t.call('PATCH', `/api/v1/channels/${custom.body.id}`, {
      body: { rotate: ['channelKey'], config: { webhookUrl: 'https://hooks.example.com/v2' } },
    });
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body.secrets)).toEqual(['channelKey']);
    expect(rotated.body.secrets.channelKey).not.toBe(custom.body.secrets.channelKey);
    expect(rotated.body.config.webhookUrl).toBe('https://hooks.example.com/v2');

    const bad = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'livechat',
        name: 'Bad',
        config: { allowedOrigins: ['https://shop.example.com/path'], colour: 'red' },
        secrets: { signingSecret: 'short' },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ['config.allowedOrigins[0]', 'config.colour', 'secrets.signingSecret'].sort(),
    );
    const badType = await t.call('POST', '/api/v1/channels', { body: { type: 'pigeon', name: 'P' } });
    expect(badType.status).toBe(422);
    expect(badType.body.error.details[0]).toMatchObject({
      path: 'type',
      message: expect.stringContaining('livechat'),
    });
    expect(
      (await t.call('PATCH', `/api/v1/channels/${live.body.id}`, { body: { type: 'custom' } })).status,
    ).toBe(409);
    expect(
      (await t.call('PATCH', `/api/v1/channels/${live.body.id}`, { body: { rotate: ['nope'] } })).body.error
        .details[0].path,
    ).toBe('rotate');
    expect(
      (await t.call('POST', '/api/v1/channels', { body: { type: 'api', name: 'Website' } })).status,
    ).toBe(409);

    const api = await t.call('POST', '/api/v1/channels', { body: { type: 'api', name: 'Tmp' } });
    expect((await t.call('DELETE', `/api/v1/channels/${api.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/channels/${api.body.id}`)).status).toBe(404);

    // Secrets never reach the logs.
    const text = logs.join('');
    expect(text).toContain('/api/v1/channels');
    for (const s of [
      live.body.secrets.signingSecret,
      custom.body.secrets.channelKey,
      given,
      rotated.body.secrets.channelKey,
    ]) {
      expect(text).not.toContain(s);
    }
  });

  it('teams: CRUD with members by id or email; unknown member → 422 with its path', async () => {
    const u = (
      await t.call('POST', '/api/v1/users', {
        body: { email: 'rui@example.com', name: 'Rui', role: 'editor' },
      })
    ).body;
    const team = await t.call('POST', '/api/v1/teams', { body: { name: 'Billing', members: [u.id] } });
    expect(team.status).toBe(201);
    expect(team.body.members).toEqual([{ userId: u.id, name: 'Rui', email: 'rui@example.com' }]);
    const bad = await t.call('POST', '/api/v1/teams', {
      body: { name: 'X', members: ['rui@example.com', 'ghost@example.com'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ path: 'members[1]', message: 'no such user in this account' }]);
    const renamed = await t.call('PATCH', `/api/v1/teams/${team.body.id}`, {
      body: { name: 'Billing desk', members: [] },
    });
    expect(renamed.body).toMatchObject({ name: 'Billing desk', members: [] });
    expect((await t.call('GET', '/api/v1/teams/Billing desk')).body.id).toBe(team.body.id);
    expect((await t.call('GET', '/api/v1/teams')).body.teams).toHaveLength(1);
    expect((await t.call('POST', '/api/v1/teams', { body: { name: 'Billing desk' } })).status).toBe(409);
  });

  it('deployments: deploy, hours and assignment rule, handoff link, one per channel, 422 with paths, remove', async () => {
    const ch = (await t.call('POST', '/api/v1/channels', { body: { type: 'api', name: 'API' } })).body;
    const dep = await t.call('POST', '/api/v1/deployments', {
      body: {
        agentId: 'Ava',
        channelId: 'API',
        hours: {
          mode: 'outside',
          timeZone: 'Europe/Berlin',
          intervals: [{ days: ['mon'], from: '08:00', to: '12:00' }],
          holidays: ['2026-12-25'],
        },
        whenUnavailable: { assignTo: 'team', teamId: 'Billing desk', message: 'A person will reply.' },
      },
    });
    expect(dep.status).toBe(201);
    const teamId = (await t.call('GET', '/api/v1/teams/Billing desk')).body.id;
    expect(dep.body).toMatchObject({
      agentId,
      channelId: ch.id,
      channel: { name: 'API', type: 'api' },
      whenUnavailable: { assignTo: 'team', teamId, message: 'A person will reply.' },
      handoff: { settings: { assignTo: 'unassigned' }, editAt: `/api/v1/agents/${agentId}` },
    });
    expect((await t.call('GET', `/api/v1/deployments/${dep.body.id}`)).body.hours.timeZone).toBe(
      'Europe/Berlin',
    );
    expect((await t.call('GET', '/api/v1/deployments')).body.deployments).toHaveLength(1);
    const again = await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: ch.id } });
    expect(again.status).toBe(409);
    expect((await t.call('DELETE', `/api/v1/teams/${teamId}`)).status).toBe(409);

    const bad = await t.call('POST', '/api/v1/deployments', {
      body: {
        agentId,
        channelId: ch.id,
        hours: {
          mode: 'during',
          timeZone: 'Nowhere/City',
          intervals: [{ days: ['mon'], from: '25:00', to: '12:00' }],
        },
        whenUnavailable: { assignTo: 'robot' },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ['hours.intervals[0].from', 'hours.timeZone', 'whenUnavailable.assignTo'].sort(),
    );
    const unknown = await t.call('PATCH', `/api/v1/deployments/${dep.body.id}`, {
      body: { whenUnavailable: { assignTo: 'user', userId: 'usr_nobody' } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'whenUnavailable.userId', message: 'unknown user' }]);
    const patched = await t.call('PATCH', `/api/v1/deployments/${dep.body.id}`, {
      body: { hours: { mode: 'all' }, whenUnavailable: { assignTo: 'user', userId: 'rui@example.com' } },
    });
    expect(patched.body).toMatchObject({ hours: { mode: 'all' }, whenUnavailable: { assignTo: 'user' } });
    expect((await t.call('DELETE', `/api/v1/deployments/${dep.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/deployments/${dep.body.id}`)).status).toBe(404);
  });

  it('the agent switch is on by default and account-wide', async () => {
    expect((await t.call('GET', '/api/v1/agent-switch')).body).toEqual({ on: true, updatedAt: null });
    const off = await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } });
    expect(off.body.on).toBe(false);
    expect((await t.call('GET', '/api/v1/agent-switch')).body.on).toBe(false);
    expect(
      (await t.call('PATCH', '/api/v1/agent-switch', { body: { on: 'yes' } })).body.error.details[0].path,
    ).toBe('on');
    await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } });
  });

  it('routing rules: validated on save (unknown operator or variable → 422 with the path), ordered, CRUD', async () => {
    const bad = await t.call('POST', '/api/v1/routing-rules', {
      body: {
        name: 'Typo',
        condition: { and: [{ '==': [{ var: 'contact.teir' }, 'vip'] }, { regexp: ['x', 'y'] }] },
        target: { assignTo: 'team', teamId: 'Billing desk' },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'condition.and[0].==[0].var',
      'condition.and[1].regexp',
    ]);
    const ghost = await t.call('POST', '/api/v1/routing-rules', {
      body: { name: 'Ghost', condition: true, target: { assignTo: 'agent', agentId: 'No such agent' } },
    });
    expect(ghost.body.error.details).toEqual([{ path: 'target.agentId', message: 'unknown agent' }]);

    const mk = (name: string, extra: object = {}) =>
      t.call('POST', '/api/v1/routing-rules', {
        body: {
          name,
          condition: { '==': [{ var: 'contact.tier' }, name] },
          target: { assignTo: 'agent', agentId: 'Ava' },
          ...extra,
        },
      });
    const a = (await mk('a')).body;
    const b = (await mk('b')).body;
    const c = (await mk('c', { position: 0 })).body;
    const names = async () =>
      (await t.call('GET', '/api/v1/routing-rules')).body.rules.map((r: { name: string }) => r.name);
    expect(await names()).toEqual(['c', 'a', 'b']);
    expect(a.target).toEqual({ assignTo: 'agent', agentId });
    const moved = await t.call('PATCH', `/api/v1/routing-rules/${c.id}`, {
      body: { position: 2, enabled: false },
    });
    expect(moved.body).toMatchObject({ position: 2, enabled: false });
    expect(await names()).toEqual(['a', 'b', 'c']);
    expect(
      (await t.call('PATCH', `/api/v1/routing-rules/${a.id}`, { body: { condition: { nope: [] } } })).status,
    ).toBe(422);
    expect((await t.call('GET', `/api/v1/routing-rules/${b.id}`)).body.position).toBe(1);
    expect((await t.call('DELETE', `/api/v1/routing-rules/${a.id}`)).status).toBe(204);
    expect(await names()).toEqual(['b', 'c']);
    expect((await t.call('GET', '/api/v1/routing-rules/b')).body.position).toBe(0);
  });

  it('credits: unlimited by default; allotment, reset date, auto top-up, purchased packs; 422 with paths', async () => {
    const initial = (await t.call('GET', '/api/v1/credits')).body;
    expect(initial).toMatchObject({ unlimited: true, balance: null, usedThisPeriod: 0 });
    const noPack = await t.call('POST', '/api/v1/credits/top-ups', { body: { credits: 10 } });
    expect(noPack.status).toBe(422);
    const resetAt = new Date(Date.now() + 86_400_000).toISOString();
    const set = await t.call('PATCH', '/api/v1/credits', {
      body: { allotment: 100, period: 'month', resetAt, autoTopUp: { enabled: true, packSize: 50 } },
    });
    expect(set.body).toMatchObject({
      unlimited: false,
      allotment: 100,
      allotmentLeft: 100,
      resetAt: new Date(resetAt).toISOString(),
      autoTopUp: { enabled: true, packSize: 50, maxPerPeriod: 1 },
    });
    const pack = await t.call('POST', '/api/v1/credits/top-ups', { body: { credits: 25, note: 'INV-7' } });
    expect(pack.body).toMatchObject({
      balance: 125,
      purchasedLeft: 25,
      topUps: [{ credits: 25, source: 'purchase', note: 'INV-7' }],
    });
    const lower = await t.call('PATCH', '/api/v1/credits', { body: { allotment: 40 } });
    expect(lower.body).toMatchObject({ allotmentLeft: 40, balance: 65 });
    const bad = await t.call('PATCH', '/api/v1/credits', {
      body: {
        allotment: -1,
        period: 'fortnight',
        resetAt: '2001-01-01T00:00:00Z',
        autoTopUp: { enabled: 'yes' },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'allotment',
      'autoTopUp.enabled',
      'period',
    ]);
    const past = await t.call('PATCH', '/api/v1/credits', { body: { resetAt: '2001-01-01T00:00:00Z' } });
    expect(past.body.error.details).toEqual([{ path: 'resetAt', message: 'must be in the future' }]);
    const usage = await t.call('GET', '/api/v1/credits/usage');
    expect(usage.body).toMatchObject({ total: 0, byDay: [], byChannel: [], byAgent: [] });
    expect((await t.call('GET', '/api/v1/credits/usage?from=yesterday')).body.error.details[0].path).toBe(
      'query.from',
    );
  });

  it('scopes: a viewer key reads but cannot change; credits:write is for admins only', async () => {
    const key = (
      await t.call('POST', '/api/v1/api-keys', {
        body: { name: 'ro', scopes: ['channels:read', 'deployments:read', 'credits:read', 'teams:read'] },
      })
    ).body.key;
    expect((await t.call('GET', '/api/v1/channels', { key })).status).toBe(200);
    expect((await t.call('PATCH', '/api/v1/agent-switch', { key, body: { on: false } })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/teams', { key, body: { name: 'x' } })).status).toBe(403);
    const editor = (
      await t.call('POST', '/api/v1/users', { body: { email: 'ed@example.com', name: 'Ed', role: 'editor' } })
    ).body;
    const denied = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'ed', scopes: ['credits:write'], userId: editor.id },
    });
    expect(denied.status).toBe(403);
  });
});
