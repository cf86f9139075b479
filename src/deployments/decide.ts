import { isAvailable } from './availability.ts';
import { ALL_HOURS, type Hours } from './hours.ts';
import { matches, type RoutingFacts } from './routing-rules.ts';
import type { RuleTarget, WhenUnavailable } from './schema.ts';

/**
 * Who takes a NEW conversation (E2–E7). Pure: the caller loads the inputs. Existing
 * conversations are never re-decided — turning the agent off or running out of credits
 * leaves the conversations it has with it.
 *
 * Order: the first enabled routing rule that matches picks the agent or a person/team;
 * without one, the channel's deployment picks its agent; without a deployment, the agent
 * the caller addressed (the API channel) does. An agent then takes the conversation only
 * if the switch is on, the deployment's hours allow it and a credit is left; otherwise the
 * deployment's assignment rule (`whenUnavailable`) decides, with its optional message.
 */
export type Owner =
  | { type: 'agent'; agentId: string }
  | { type: 'team'; teamId: string }
  | { type: 'user'; userId: string }
  | { type: 'unassigned' };

export type DecisionReason =
  | 'routing_rule'
  | 'deployment'
  | 'requested_agent'
  | 'agent_off'
  | 'outside_hours'
  | 'no_credits'
  | 'not_deployed';

export interface Decision {
  owner: Owner;
  /** To send to the customer (the rule's or the assignment rule's message). */
  message?: string;
  /** True exactly when the agent takes it: the caller consumes one credit. */
  consumeCredit: boolean;
  reason: DecisionReason;
  ruleId?: string;
}

export interface DecisionInput {
  at: Date;
  switchOn: boolean;
  creditsAvailable: boolean;
  /** The channel's deployment, if any. */
  deployment: { agentId: string; hours: Hours; whenUnavailable: WhenUnavailable } | null;
  /** The agent the caller addressed directly (API channel); used when the channel has no deployment. */
  requestedAgentId?: string | null | undefined;
  /** Enabled rules, in order. */
  rules: { id: string; condition: unknown; target: RuleTarget; message: string | null }[];
  facts: RoutingFacts;
}

const ownerOf = (t: RuleTarget | WhenUnavailable): Owner =>
  t.assignTo === 'agent'
    ? { type: 'agent', agentId: t.agentId }
    : t.assignTo === 'team'
      ? { type: 'team', teamId: t.teamId }
      : t.assignTo === 'user'
        ? { type: 'user', userId: t.userId }
        : { type: 'unassigned' };

export function decideOwner(input: DecisionInput): Decision {
  const rule = input.rules.find((r) => matches(r.condition, input.facts));
  const ruleMessage = rule?.message ? { message: rule.message } : {};
  if (rule && rule.target.assignTo !== 'agent') {
    return {
      owner: ownerOf(rule.target),
      ...ruleMessage,
      consumeCredit: false,
      reason: 'routing_rule',
      ruleId: rule.id,
    };
  }
  const agentId =
    rule?.target.assignTo === 'agent'
      ? rule.target.agentId
      : (input.deployment?.agentId ?? input.requestedAgentId ?? null);
  if (!agentId) return { owner: { type: 'unassigned' }, consumeCredit: false, reason: 'not_deployed' };

  const hours = input.deployment?.hours ?? ALL_HOURS;
  const unavailable: DecisionReason | null = !input.switchOn
    ? 'agent_off'
    : !isAvailable(hours, input.at)
      ? 'outside_hours'
      : !input.creditsAvailable
        ? 'no_credits'
        : null;
  if (unavailable) {
    const fallback = input.deployment?.whenUnavailable ?? { assignTo: 'unassigned' as const };
    return {
      owner: ownerOf(fallback),
      ...(fallback.message ? { message: fallback.message } : {}),
      consumeCredit: false,
      reason: unavailable,
      ...(rule ? { ruleId: rule.id } : {}),
    };
  }
  const reason: DecisionReason = rule ? 'routing_rule' : input.deployment ? 'deployment' : 'requested_agent';
  return {
    owner: { type: 'agent', agentId },
    ...ruleMessage,
    consumeCredit: true,
    reason,
    ...(rule ? { ruleId: rule.id } : {}),
  };
}
