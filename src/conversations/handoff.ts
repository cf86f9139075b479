import type { Kysely } from 'kysely';
import { newId } from '../shared/ids.ts';
import type { DB, MessageRow } from '../store/schema.ts';
import { pickAssignee } from '../teams/round-robin.ts';
import type { Owner } from './lifecycle.ts';

/**
 * The summary a person sees when a conversation is handed to them (C6): why, what the
 * customer wanted, what the agent did. Built from the transcript, so it is exact.
 */
export function handoffSummary(
  reason: string,
  messages: Pick<MessageRow, 'role' | 'text' | 'turn'>[],
): string {
  const customer = messages.filter((m) => m.role === 'customer');
  const actions = messages
    .map((m) => (m.turn as { trace?: { run?: { ok: boolean }; skill?: { key: string } } } | null)?.trace)
    .filter((t) => t?.run && t.skill)
    .map((t) => `${t!.skill!.key} (${t!.run!.ok ? 'succeeded' : 'failed'})`);
  const lines = [
    `Reason: ${REASONS[reason.split(':')[0]!] ?? reason}${reason.includes(':') ? ` "${reason.split(':')[1]}"` : ''}.`,
    `First request: ${customer[0]?.text ?? '(none)'}`,
    customer.length > 1 ? `Last message: ${customer.at(-1)!.text}` : '',
    actions.length ? `Actions run: ${actions.join(', ')}.` : 'No actions were run.',
    `Messages: ${messages.length}.`,
  ];
  return lines.filter(Boolean).join('\n');
}

const REASONS: Record<string, string> = {
  customer_request: 'the customer asked for a person',
  repeated_failure: 'the agent could not help several times in a row',
  action_failed: 'an action failed',
  action_uncertain: 'an action may not have completed',
  topic: 'the message matched a handoff topic',
  llm_decided: 'the AI decided a person should take over',
  identity_unavailable: 'identity could not be verified in this conversation',
  verification_failed: 'identity verification failed',
  window_closed:
    'the customer last wrote more than 24 hours ago, so the channel only allows a template message',
};

export async function recordHandoff(
  db: Kysely<DB>,
  args: { accountId: string; conversationId: string; reason: string; summary: string; assignee: string },
): Promise<void> {
  await db
    .insertInto('handoffs')
    .values({
      id: newId('hnd'),
      account_id: args.accountId,
      conversation_id: args.conversationId,
      reason: args.reason,
      summary: args.summary,
      assignee: args.assignee === 'unassigned' ? null : args.assignee,
    })
    .execute();
}

/**
 * Who takes a handoff (C6): a team setting (`team:<name>`, or an id) goes to the team's next
 * member by round robin, or waits in the team's queue (by id) when it has none or is gone.
 * Runs in the turn's transaction, so the pick and the handoff commit together.
 */
export async function handoffAssignee(db: Kysely<DB>, accountId: string, owner: Owner): Promise<Owner> {
  if (owner.type !== 'team') return owner;
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', owner.id), eb('name', '=', owner.id)]))
    .executeTakeFirst();
  if (!team) return owner;
  const picked = await pickAssignee(db, team.id);
  return picked ? { type: 'user', id: picked } : { type: 'team', id: team.id };
}
