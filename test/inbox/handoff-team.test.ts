import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/**
 * Handoff to a team (C6, E8): an agent whose handoff setting names a team gives each new
 * handed-off conversation to the team's next member by round robin — three conversations
 * over a team of two go Ann, Bob, Ann — and a team without members keeps it in its queue.
 */
describe.each(backends)('handoff to a team by round robin (%s)', (kind) => {
  let t: TestApp;
  let agentId = '';
  const users: Record<string, string> = {};

  const handOff = async () => {
    const c = (await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: {} })).body;
    const turn = await t.call('POST', `/api/v1/conversations/${c.id}/messages`, {
      body: { text: 'I want a human' },
    });
    expect(turn.body.state).toBe('handed_off');
    return (await t.call('GET', `/api/v1/inbox/conversations/${c.id}`)).body;
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    for (const name of ['Ann', 'Bob']) {
      users[name] = (
        await t.call('POST', '/api/v1/users', {
          body: { email: `${name}@example.com`, name, role: 'editor' },
        })
      ).body.id;
    }
    await t.call('POST', '/api/v1/teams', {
      body: { name: 'Support', members: [users['Ann'], users['Bob']] },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives three handed-off conversations to Ann, Bob, Ann', async () => {
    const patched = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: { handoff: { assignTo: 'team:Support' } },
    });
    expect(patched.status).toBe(200);
    const owners = [];
    for (let i = 0; i < 3; i++) owners.push((await handOff()).owner);
    expect(owners).toEqual([
      { type: 'user', id: users['Ann'], name: 'Ann' },
      { type: 'user', id: users['Bob'], name: 'Bob' },
      { type: 'user', id: users['Ann'], name: 'Ann' },
    ]);
  });

  it('keeps the conversation in the queue of a team without members', async () => {
    const empty = (await t.call('POST', '/api/v1/teams', { body: { name: 'Nights' } })).body;
    await t.call('PATCH', `/api/v1/agents/${agentId}`, { body: { handoff: { assignTo: 'team:Nights' } } });
    const view = await handOff();
    expect(view.owner).toEqual({ type: 'team', id: empty.id, name: 'Nights' });
    const queue = (await t.call('GET', `/api/v1/inbox/conversations?view=unassigned&teamId=${empty.id}`))
      .body;
    expect(queue.conversations.map((c: any) => c.id)).toEqual([view.id]);
  });
});
