import type { Control } from '../../understanding/extract/index.ts';
import { clearPending, type Draft, say } from './draft.ts';
import { advance, answerConfirmation, answerInput, type GateResult } from './gates.ts';
import { answerCode, answerEmail } from './identity.ts';

/**
 * What the engine waits for, answered the same way by both engines (C4): a pending skill
 * can be cancelled or started over, and the customer's answer to a gate's question goes to
 * that gate. Returns null when the engine waits for none of these.
 */
export async function resume(
  draft: Draft,
  text: string,
  control: Control | null,
): Promise<GateResult | null> {
  const { memory } = draft;
  if (control === 'restart' && memory.pending) return startOver(draft);
  if (control === 'cancel' && memory.pending) {
    clearPending(memory);
    say(draft, draft.w.cancelled);
    return { type: 'done' };
  }
  switch (memory.awaiting) {
    case 'confirmation':
      return answerConfirmation(draft, text, control);
    case 'input':
      return answerInput(draft, text);
    case 'email':
      return (await answerEmail(draft, text)) === 'waiting' ? { type: 'waiting' } : { type: 'done' };
    case 'code': {
      const step = await answerCode(draft, text);
      return step === 'verified' ? advance(draft) : { type: step };
    }
    default:
      return null;
  }
}

/** "Start over": whatever was under way is dropped. */
export function startOver(draft: Draft): GateResult {
  clearPending(draft.memory);
  delete draft.memory.clarify;
  say(draft, draft.w.startOver);
  return { type: 'done' };
}
