import type { ConversationState, ConversationStatus, OwnerType } from '../store/schema.ts';

/**
 * The one home of a conversation's status and owner (design note §2). Status: open or
 * closed. Owner: the agent, a person (user), a team, or nobody yet (unassigned). Both are
 * apart from what the engine waits for (its memory). Schema, API and engine read them here.
 */
export const STATUSES = ['open', 'closed'] as const satisfies readonly ConversationStatus[];
export const OWNER_TYPES = ['agent', 'user', 'team', 'unassigned'] as const satisfies readonly OwnerType[];

export type Owner =
  | { type: 'agent' }
  | { type: 'user'; id: string }
  | { type: 'team'; id: string }
  | { type: 'unassigned' };

export interface Lifecycle {
  status: ConversationStatus;
  owner: Owner;
}

export const ownerOf = (row: { owner_type: OwnerType; owner_id: string | null }): Owner =>
  row.owner_type === 'user' || row.owner_type === 'team'
    ? { type: row.owner_type, id: row.owner_id ?? '' }
    : { type: row.owner_type };

export const ownerColumns = (owner: Owner) => ({
  owner_type: owner.type,
  owner_id: owner.type === 'user' || owner.type === 'team' ? owner.id : null,
});

/** Whether the agent answers the next customer message. */
export const agentAnswers = (l: Lifecycle) => l.status === 'open' && l.owner.type === 'agent';

/** What the engine waits for, as the engine's memory says it. */
export type Awaiting = 'bot' | 'awaiting_input' | 'awaiting_confirmation';

/** The API's one-word state: closed, with a person, or what the agent waits for. */
export function apiState(l: Lifecycle, awaiting: Awaiting): ConversationState {
  if (l.status === 'closed') return 'closed';
  if (l.owner.type !== 'agent') return 'handed_off';
  return awaiting;
}

export type Transition =
  | { type: 'hand_off'; to: Owner }
  | { type: 'assign'; to: Owner }
  | { type: 'hand_back' }
  | { type: 'close' };

export type TransitionResult = { ok: true; next: Lifecycle } | { ok: false; code: string; message: string };

/** The state machine: which moves are allowed from where. */
export function transition(from: Lifecycle, t: Transition): TransitionResult {
  if (from.status === 'closed') {
    return { ok: false, code: 'conversation_closed', message: 'The conversation is closed.' };
  }
  switch (t.type) {
    case 'hand_off':
      if (t.to.type === 'agent')
        return refuse('not_handed_off', 'A handoff goes to a person, team or queue.');
      return { ok: true, next: { ...from, owner: t.to } };
    case 'assign':
      return { ok: true, next: { ...from, owner: t.to } };
    case 'hand_back':
      if (from.owner.type === 'agent')
        return refuse('not_handed_off', 'The conversation is not with a person.');
      return { ok: true, next: { ...from, owner: { type: 'agent' } } };
    case 'close':
      return { ok: true, next: { ...from, status: 'closed' } };
  }
}

const refuse = (code: string, message: string): TransitionResult => ({ ok: false, code, message });
