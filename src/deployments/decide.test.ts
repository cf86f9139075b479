import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideOwner } from './decide.ts';
import { hoursSchema } from './hours.ts';

// Mon–Fri 09:00–17:00 New York; 2026-03-09 is a Monday in EDT (UTC−4).
const officeHours = hoursSchema.parse({
  mode: 'during',
  timeZone: 'America/New_York',
  intervals: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
});
const inHours = new Date('2026-03-09T14:00:00Z');
const afterHours = new Date('2026-03-09T23:00:00Z');

const base: DecisionInput = {
  at: inHours,
  switchOn: true,
  creditsAvailable: true,
  deployment: {
    agentId: 'agt_1',
    hours: officeHours,
    whenUnavailable: { assignTo: 'team', teamId: 'team_support', message: 'A person will answer soon.' },
  },
  rules: [],
  facts: { contact: {}, conversation: { channel: 'livechat' } },
};

describe('decideOwner', () => {
  it('gives a new conversation to the deployed agent during its hours, consuming a credit', () => {
    expect(decideOwner(base)).toEqual({
      owner: { type: 'agent', agentId: 'agt_1' },
      consumeCredit: true,
      reason: 'deployment',
    });
  });

  it('outside hours, when switched off, and without credits, follows the assignment rule with its message', () => {
    const team = {
      owner: { type: 'team', teamId: 'team_support' },
      message: 'A person will answer soon.',
      consumeCredit: false,
    };
    expect(decideOwner({ ...base, at: afterHours })).toEqual({ ...team, reason: 'outside_hours' });
    expect(decideOwner({ ...base, switchOn: false })).toEqual({ ...team, reason: 'agent_off' });
    expect(decideOwner({ ...base, creditsAvailable: false })).toEqual({ ...team, reason: 'no_credits' });
  });

  it('each assignment rule: a user, or the unassigned queue', () => {
    const user = {
      ...base,
      deployment: { ...base.deployment!, whenUnavailable: { assignTo: 'user' as const, userId: 'usr_1' } },
    };
    expect(decideOwner({ ...user, at: afterHours }).owner).toEqual({ type: 'user', userId: 'usr_1' });
    const queue = {
      ...base,
      deployment: { ...base.deployment!, whenUnavailable: { assignTo: 'unassigned' as const } },
    };
    expect(decideOwner({ ...queue, at: afterHours })).toEqual({
      owner: { type: 'unassigned' },
      consumeCredit: false,
      reason: 'outside_hours',
    });
  });

  it('a channel without a deployment goes to the unassigned queue, unless the caller addressed an agent', () => {
    expect(decideOwner({ ...base, deployment: null }).reason).toBe('not_deployed');
    expect(decideOwner({ ...base, deployment: null, requestedAgentId: 'agt_api', at: afterHours })).toEqual({
      owner: { type: 'agent', agentId: 'agt_api' },
      consumeCredit: true,
      reason: 'requested_agent',
    });
    expect(
      decideOwner({ ...base, deployment: null, requestedAgentId: 'agt_api', switchOn: false }).owner,
    ).toEqual({ type: 'unassigned' });
  });

  it('a routing rule sends a VIP to a team even during the agent hours; others still go to the agent', () => {
    const rules = [
      {
        id: 'rule_vip',
        condition: { '==': [{ var: 'contact.tier' }, 'vip'] },
        target: { assignTo: 'team' as const, teamId: 'team_vip' },
        message: 'Our VIP desk is on it.',
      },
    ];
    const vip = {
      ...base,
      rules,
      facts: { contact: { tier: 'vip' }, conversation: { channel: 'livechat' } },
    };
    expect(decideOwner(vip)).toEqual({
      owner: { type: 'team', teamId: 'team_vip' },
      message: 'Our VIP desk is on it.',
      consumeCredit: false,
      reason: 'routing_rule',
      ruleId: 'rule_vip',
    });
    expect(decideOwner({ ...vip, facts: base.facts }).owner).toEqual({ type: 'agent', agentId: 'agt_1' });
  });

  it('a rule choosing an agent is still bound by the switch, the hours and credits; the first matching rule wins', () => {
    const rules = [
      {
        id: 'r1',
        condition: { '==': [{ var: 'contact.language' }, 'de'] },
        target: { assignTo: 'agent' as const, agentId: 'agt_de' },
        message: null,
      },
      { id: 'r2', condition: true, target: { assignTo: 'unassigned' as const }, message: null },
    ];
    const de = {
      ...base,
      rules,
      facts: { contact: { language: 'de' }, conversation: { channel: 'livechat' } },
    };
    expect(decideOwner(de)).toEqual({
      owner: { type: 'agent', agentId: 'agt_de' },
      consumeCredit: true,
      reason: 'routing_rule',
      ruleId: 'r1',
    });
    expect(decideOwner({ ...de, switchOn: false })).toMatchObject({
      owner: { type: 'team' },
      reason: 'agent_off',
      ruleId: 'r1',
    });
    expect(decideOwner({ ...de, facts: base.facts })).toEqual({
      owner: { type: 'unassigned' },
      consumeCredit: false,
      reason: 'routing_rule',
      ruleId: 'r2',
    });
  });
});
