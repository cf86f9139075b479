import type { ConversationState } from '../store/schema.ts';
import type { TurnTrace } from './engine/index.ts';

/** The conversation API's answer to a customer message: the replies as plain text, the state, the trace. */
export interface TurnResult {
  replies: { text: string }[];
  state: ConversationState;
  trace: TurnTrace;
}
