import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeCredit } from '../../src/credits/consume.ts';
import { currentCreditAccount } from '../../src/credits/repository.ts';
import { type AssignInput, assignNewConversation, lifecycleOwner } from '../../src/deployments/assign.ts';
import { openDatabase } from '../../src/store/database.ts';
import { pickAssignee } from '../../src/teams/round-robin.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/**
 * Who takes a new conversation, decided against a real database on each backend: the
 * switch, working hours, credits (running out, top-up, reset, automatic top-up, exactly
 * once), routing rules and round robin. Resources are made through the API.
 */
describe.each(backends)('assigning new conversations on %s', (kind) => {
  let t: TestApp;
  let accountId: string;
  let agentId: string;
  let channelId: string;
  let teamId: string;
  let users: string[];
  let n = 0;
  const newConv = () => `cnv_test_${kind}_${++n}`;
  // Monday 9 March 2026, 10:00 in New York (EDT): inside the deployment's hours.
  const monday10 = new Date('2026-03-09T14:00:00Z');
  const assign = (over: Partial<AssignInput> = {}) =>
    assignNewConversation(t.rt.ctx, {
      accountId,
      conversationId: newConv(),
      channelId,
      channelType: 'livechat',
      at: monday10,
      ...over,
    });

  beforeAll(async () => {
    t = await startTestApp(kind);
    accountId = (await t.call('GET', '/api/v1/account')).body.account.id;
    agentId = (await t.call('POST', '/api/v1/agents', { body: { name: 'Ava' } })).body.id;
    users = [];
    for (const who of ['rui', 'mia']) {
      const u = await t.call('POST', '/api/v1/users', {
        body: { email: `${who}@example.com`, name: who, role: 'editor' },
      });
      users.push(u.body.id);
    }
    teamId = (await t.call('POST', '/api/v1/teams', { body: { name: 'Support', members: users } })).body.id;
    const ch = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Website', config: { allowedOrigins: ['https://shop.example.com'] } },
    });
    channelId = ch.body.id;
    const dep = await t.call('POST', '/api/v1/deployments', {
      body: {
        agentId,
        channelId,
        hours: {
          mode: 'during',
          timeZone: 'America/New_York',
          intervals: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
        },
        whenUnavailable: { assignTo: 'team', teamId: 'Support', message: 'A person will reply shortly.' },
      },
    });
    expect(dep.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the switch: an existing conversation stays with the agent, a new one follows the assignment rule', async () => {
    const existing = newConv();
    const first = await assign({ conversationId: existing });
    expect(first).toMatchObject({
      owner: { type: 'agent', agentId },
      reason: 'deployment',
      creditConsumed: true,
    });
    expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).body.on).toBe(false);
    try {
      const again = await assign({ conversationId: existing });
      expect(again).toMatchObject({ owner: { type: 'agent', agentId }, decidedBefore: true });
      const fresh = await assign();
      expect(fresh).toMatchObject({
        owner: { type: 'team', teamId },
        reason: 'agent_off',
        message: 'A person will reply shortly.',
        creditConsumed: false,
      });
      expect(users).toContain(fresh.assigneeUserId);
      expect(lifecycleOwner(fresh)).toEqual({ type: 'user', id: fresh.assigneeUserId });
      expect(lifecycleOwner(again)).toEqual({ type: 'agent' });
    } finally {
      await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } });
    }
  });

  it('outside working hours the assignment rule decides', async () => {
    const evening = await assign({ at: new Date('2026-03-09T23:30:00Z') });
    expect(evening).toMatchObject({ owner: { type: 'team', teamId }, reason: 'outside_hours' });
  });

  it('round robin spreads three new conversations over a team of two', async () => {
    const team = (
      await t.call('POST', '/api/v1/teams', { body: { name: 'Night', members: [users[1], users[0]] } })
    ).body;
    const saturday = new Date('2026-03-07T15:00:00Z');
    const patched = await t.call(
      'PATCH',
      `/api/v1/deployments/${(await t.call('GET', '/api/v1/deployments')).body.deployments[0].id}`,
      {
        body: { whenUnavailable: { assignTo: 'team', teamId: team.id } },
      },
    );
    expect(patched.status).toBe(200);
    const picks = [];
    for (let i = 0; i < 3; i++) picks.push((await assign({ at: saturday })).assigneeUserId);
    expect(picks).toEqual([users[1], users[0], users[1]]);
    await t.call('PATCH', `/api/v1/deployments/${patched.body.id}`, {
      body: {
        whenUnavailable: { assignTo: 'team', teamId: 'Support', message: 'A person will reply shortly.' },
      },
    });
  });

  it('round robin is race-free: concurrent picks from two connection pools alternate', async () => {
    const other = kind === 'pg' ? await openDatabase({ url: t.env['DATABASE_URL']! }) : null;
    try {
      const team = (await t.call('POST', '/api/v1/teams', { body: { name: 'Race', members: users } })).body;
      const dbs = [t.rt.ctx.db, other?.db ?? t.rt.ctx.db];
      const picks = await Promise.all(
        Array.from({ length: 8 }, (_, i) => pickAssignee(dbs[i % 2]!, team.id)),
      );
      expect(picks.filter((p) => p === users[0])).toHaveLength(4);
      expect(picks.filter((p) => p === users[1])).toHaveLength(4);
    } finally {
      await other?.close();
    }
  });

  it('a routing rule sends a VIP to a team; everyone else still gets the agent', async () => {
    const rule = await t.call('POST', '/api/v1/routing-rules', {
      body: {
        name: 'VIPs to people',
        condition: { '==': [{ var: 'contact.tier' }, 'vip'] },
        target: { assignTo: 'team', teamId: 'Support' },
        message: 'Our VIP desk will take it from here.',
      },
    });
    expect(rule.status).toBe(201);
    try {
      const vip = await assign({ contact: { email: 'ceo@bigcorp.com', tier: 'vip' } });
      expect(vip).toMatchObject({
        owner: { type: 'team', teamId },
        reason: 'routing_rule',
        ruleId: rule.body.id,
        message: 'Our VIP desk will take it from here.',
        creditConsumed: false,
      });
      const regular = await assign({ contact: { email: 'someone@example.com', tier: 'standard' } });
      expect(regular.owner).toEqual({ type: 'agent', agentId });
    } finally {
      await t.call('DELETE', `/api/v1/routing-rules/${rule.body.id}`);
    }
  });

  it('credits: run out mid-day, a top-up, the reset, automatic top-up; usage per day, channel and agent', async () => {
    const resetAt = new Date(Date.now() + 3 * 86_400_000);
    const set = await t.call('PATCH', '/api/v1/credits', {
      body: { allotment: 2, period: 'week', resetAt: resetAt.toISOString() },
    });
    expect(set.body).toMatchObject({ unlimited: false, allotment: 2, allotmentLeft: 2, balance: 2 });
    const now = new Date();
    const during = { at: now, requestedAgentId: agentId, channelId: null, channelType: 'api' };
    expect((await assign(during)).owner.type).toBe('agent');
    expect((await assign(during)).owner.type).toBe('agent');
    const empty = await assign(during);
    expect(empty).toMatchObject({
      owner: { type: 'unassigned' },
      reason: 'no_credits',
      creditConsumed: false,
    });

    const topUp = await t.call('POST', '/api/v1/credits/top-ups', { body: { credits: 1, note: 'order 42' } });
    expect(topUp.status).toBe(201);
    expect(topUp.body).toMatchObject({ balance: 1, purchasedLeft: 1 });
    expect((await assign(during)).owner.type).toBe('agent');
    expect((await assign(during)).reason).toBe('no_credits');

    // After the reset date the allotment is back; purchased credits would have carried over.
    const nextWeek = new Date(resetAt.getTime() + 3_600_000);
    expect((await assign({ ...during, at: nextWeek })).owner.type).toBe('agent');
    const rolled = await currentCreditAccount(t.rt.ctx.db, accountId, nextWeek);
    expect(rolled).toMatchObject({ allotment_left: 1, purchased_left: 0 });
    expect(rolled!.period_start.getTime()).toBe(resetAt.getTime());

    // Automatic top-up: one pack of 2 when empty, at most once per period.
    await t.call('PATCH', '/api/v1/credits', {
      body: { autoTopUp: { enabled: true, packSize: 2, maxPerPeriod: 1 } },
    });
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await assign({ ...during, at: nextWeek })).reason);
    expect(results).toEqual(['requested_agent', 'requested_agent', 'requested_agent', 'no_credits']);
    const credits = (await t.call('GET', '/api/v1/credits')).body;
    expect(credits.topUps.map((x: { source: string; credits: number }) => [x.source, x.credits])).toEqual([
      ['auto', 2],
      ['purchase', 1],
    ]);

    const usage = await t.call(
      'GET',
      `/api/v1/credits/usage?from=${encodeURIComponent(new Date(now.getTime() - 60_000).toISOString())}&to=${encodeURIComponent(new Date(nextWeek.getTime() + 60_000).toISOString())}`,
    );
    expect(usage.status).toBe(200);
    expect(usage.body.total).toBe(7);
    expect(usage.body.byChannel).toEqual([{ channel: 'api', credits: 7 }]);
    expect(usage.body.byAgent).toEqual([{ agentId, credits: 7 }]);
    expect(
      usage.body.byDay.map((d: { credits: number }) => d.credits).reduce((a: number, b: number) => a + b),
    ).toBe(7);
    expect(usage.body.byDay.at(-1)).toEqual({ day: nextWeek.toISOString().slice(0, 10), credits: 4 });
    await t.call('PATCH', '/api/v1/credits', { body: { allotment: null } });
  });

  it('two concurrent consumptions for one conversation consume once (two connection pools on PostgreSQL)', async () => {
    await t.call('PATCH', '/api/v1/credits', { body: { allotment: 10, autoTopUp: { enabled: false } } });
    const before = (await t.call('GET', '/api/v1/credits')).body.balance;
    const other = kind === 'pg' ? await openDatabase({ url: t.env['DATABASE_URL']! }) : null;
    try {
      const conversationId = newConv();
      const args = { accountId, conversationId, agentId, channel: 'livechat' };
      const both = await Promise.all([
        consumeCredit(t.rt.ctx.db, args),
        consumeCredit(other?.db ?? t.rt.ctx.db, args),
      ]);
      expect(both.map((b) => b.consumed)).toEqual([true, true]);
      expect(both.filter((b) => b.already)).toHaveLength(1);
      expect((await t.call('GET', '/api/v1/credits')).body.balance).toBe(before - 1);

      // The whole assignment, twice at once: one decision, one credit.
      const id = newConv();
      const twice = await Promise.all([
        assignNewConversation(t.rt.ctx, {
          accountId,
          conversationId: id,
          channelId,
          channelType: 'livechat',
          at: monday10,
        }),
        assignNewConversation(other ? { db: other.db } : t.rt.ctx, {
          accountId,
          conversationId: id,
          channelId,
          channelType: 'livechat',
          at: monday10,
        }),
      ]);
      expect(twice.map((a) => a.owner)).toEqual([
        { type: 'agent', agentId },
        { type: 'agent', agentId },
      ]);
      expect(twice.filter((a) => a.decidedBefore)).toHaveLength(1);
      expect((await t.call('GET', '/api/v1/credits')).body.balance).toBe(before - 2);
    } finally {
      await other?.close();
      await t.call('PATCH', '/api/v1/credits', { body: { allotment: null } });
    }
  });
});
