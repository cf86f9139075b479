import type { Reply } from '../../conversations/engine/replies.ts';
import { renderReply } from '../render.ts';

/**
 * What the caller hears for a turn's replies (E1: the same actions work by voice): each
 * reply rendered for speech (render.ts: no markdown, URLs or footnotes, short lists), and
 * a word on the keypad where it helps — yes/no questions take 1 or 2, numbers can be typed.
 */
export const SPEECH = { text: 'plain', buttons: false, speech: true } as const;

export const KEYPAD_YES_NO = 'Say yes or no, or press 1 for yes, 2 for no.';
export const KEYPAD_DIGITS = 'You can also type it on your keypad, then press the pound key.';

export function spokenReplies(replies: Reply[]): string {
  const text = replies
    .map((r) => renderReply(r, SPEECH).text)
    .filter(Boolean)
    .join(' ');
  const asksYesNo = replies.some((r) => r.parts.some((p) => p.type === 'choices' && p.kind === 'yes_no'));
  if (asksYesNo) return `${text} ${KEYPAD_YES_NO}`;
  if (asksForNumber(text)) return `${text} ${KEYPAD_DIGITS}`;
  return text;
}

/** The reply asks about a number: an order number, digits, a code. */
const asksForNumber = (text: string): boolean =>
  text.includes('?') && /\b(number|digits?|code)\b/i.test(text);

/**
 * The caller's turn as text for the engine: what they said, or the keys they pressed —
 * while the agent waits for a yes or no, 1 means yes and 2 means no; otherwise the digits
 * are the answer (an order number, a code).
 */
export function callerText(
  input: { speech?: string | undefined; digits?: string | undefined },
  awaiting: string | undefined,
): string {
  const digits = input.digits?.replace(/[^0-9*]/g, '') ?? '';
  if (digits) {
    if (awaiting === 'confirmation' && digits === '1') return 'yes';
    if (awaiting === 'confirmation' && digits === '2') return 'no';
    return digits;
  }
  return input.speech?.trim() ?? '';
}
