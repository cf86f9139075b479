import type { Kysely } from 'kysely';
import type { Owner as LifecycleOwner } from '../conversations/lifecycle.ts';
import { consumeCredit } from '../credits/consume.ts';
import { creditsAvailable } from '../credits/repository.ts';
import { toJson } from '../store/json.ts';
import type { DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { pickAssignee } from '../teams/round-robin.ts';
import { type Decision, type DecisionInput, decideOwner, type Owner } from './decide.ts';
import { deploymentOfChannel } from './repository.ts';
import { completeFacts, type RoutingFacts } from './routing-rules.ts';
import { activeRules } from './rules-repository.ts';
import { getSwitch } from './switch.ts';

export interface AssignInput {
  accountId: string;
  conversationId: string;
  /** The channel row the conversation arrived on; null for the API channel without one. */
  channelId: string | null;
  /** api | livechat | custom | email | …; also what credit usage is grouped by. */
  channelType: string;
  /** The agent the caller addressed (API: POST /agents/{agentId}/conversations). */
  requestedAgentId?: string | null;
  contact?: RoutingFacts['contact'];
  /** What the caller read already (conversationFor has the channel row and its deployment). */
  channelName?: string | null;
  deployment?: Awaited<ReturnType<typeof deploymentOfChannel>>;
  conversation?: Omit<Partial<RoutingFacts['conversation']>, 'channel'>;
  at?: Date;
}

export interface Assignment {
  owner: Owner;
  /** The person who has it: the round-robin pick of a team (null if the team is empty), or the user. */
  assigneeUserId: string | null;
  message?: string;
  reason: Decision['reason'];
  ruleId?: string;
  creditConsumed: boolean;
  /** True when the conversation had been decided before (this or another process): nothing changed. */
  decidedBefore: boolean;
}

/**
 * Decides and records who takes a new conversation, once: a second call for the same
 * conversation (a retry, another process) returns the first decision and changes nothing
 * — which is also why existing conversations keep their owner when the switch or credits
 * change. When the agent takes it, its credit is consumed; if the credit is gone by then
 * (a race with other conversations), the decision is taken again as "no credits". A team
 * gets its round-robin member. All in one transaction (the caller's, if it has one).
 */
export async function assignNewConversation(
  ctx: { db: Kysely<DB> },
  input: AssignInput,
): Promise<Assignment> {
  const at = input.at ?? new Date();
  return inTransaction(ctx.db, async (tx) => {
    const claimed = await tx
      .insertInto('routing_decisions')
      .values({ conversation_id: input.conversationId, account_id: input.accountId })
      .onConflict((oc) => oc.column('conversation_id').doNothing())
      .returning('conversation_id')
      .executeTakeFirst();
    if (!claimed) return storedDecision(tx, input.conversationId);

    const channel =
      input.channelName !== undefined
        ? { name: input.channelName }
        : input.channelId
          ? await tx
              .selectFrom('channels')
              .select('name')
              .where('id', '=', input.channelId)
              .executeTakeFirst()
          : undefined;
    const decisionInput: DecisionInput = {
      at,
      switchOn: (await getSwitch(tx, input.accountId)).on,
      creditsAvailable: await creditsAvailable(tx, input.accountId, at),
      deployment:
        input.deployment !== undefined
          ? input.deployment
          : input.channelId
            ? await deploymentOfChannel(tx, input.channelId)
            : null,
      requestedAgentId: input.requestedAgentId ?? null,
      rules: await liveRules(tx, input.accountId),
      facts: completeFacts({
        contact: input.contact ?? {},
        conversation: {
          ...input.conversation,
          channel: input.channelType,
          channelId: input.channelId,
          channelName: channel?.name ?? null,
        },
      }),
    };
    let decision = decideOwner(decisionInput);
    let creditConsumed = false;
    if (decision.consumeCredit && decision.owner.type === 'agent') {
      const c = await consumeCredit(tx, {
        accountId: input.accountId,
        conversationId: input.conversationId,
        agentId: decision.owner.agentId,
        channel: input.channelType,
        at,
      });
      if (c.consumed) creditConsumed = true;
      else decision = decideOwner({ ...decisionInput, creditsAvailable: false });
    }
    const assigneeUserId =
      decision.owner.type === 'team'
        ? await pickAssignee(tx, decision.owner.teamId)
        : decision.owner.type === 'user'
          ? decision.owner.userId
          : null;
    await tx
      .updateTable('routing_decisions')
      .set({
        owner: toJson({ ...decision.owner, assigneeUserId }),
        reason: decision.reason,
        rule_id: decision.ruleId ?? null,
        message: decision.message ?? null,
        credit_consumed: creditConsumed,
      })
      .where('conversation_id', '=', input.conversationId)
      .execute();
    return {
      owner: decision.owner,
      assigneeUserId,
      ...(decision.message ? { message: decision.message } : {}),
      reason: decision.reason,
      ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
      creditConsumed,
      decidedBefore: false,
    };
  });
}

async function storedDecision(db: Kysely<DB>, conversationId: string): Promise<Assignment> {
  const row = await db
    .selectFrom('routing_decisions')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const { assigneeUserId, ...owner } = (row.owner ?? { type: 'unassigned' }) as Owner & {
    assigneeUserId?: string | null;
  };
  return {
    owner: owner as Owner,
    assigneeUserId: assigneeUserId ?? null,
    ...(row.message ? { message: row.message } : {}),
    reason: (row.reason ?? 'not_deployed') as Decision['reason'],
    ...(row.rule_id ? { ruleId: row.rule_id } : {}),
    creditConsumed: row.credit_consumed,
    decidedBefore: true,
  };
}

/** Enabled rules, without those whose target agent has since been deleted. */
async function liveRules(db: Kysely<DB>, accountId: string) {
  const agents = new Set(
    (await db.selectFrom('agents').select('id').where('account_id', '=', accountId).execute()).map(
      (a) => a.id,
    ),
  );
  return (await activeRules(db, accountId)).filter(
    (r) => r.target.assignTo !== 'agent' || agents.has(r.target.agentId),
  );
}

/**
 * The assignment in the conversation lifecycle's owner shape (src/conversations/lifecycle.ts):
 * a team's round-robin pick owns the conversation as a user; a team without members holds
 * it as a team; the agent's id goes to `conversations.agent_id`.
 */
export function lifecycleOwner(a: Assignment): LifecycleOwner {
  if (a.owner.type === 'agent') return { type: 'agent' };
  if (a.owner.type === 'user') return { type: 'user', id: a.owner.userId };
  if (a.owner.type === 'team') {
    return a.assigneeUserId ? { type: 'user', id: a.assigneeUserId } : { type: 'team', id: a.owner.teamId };
  }
  return { type: 'unassigned' };
}
