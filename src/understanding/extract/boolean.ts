import { detectControl } from './control.ts';
import { reasons } from './reasons.ts';
import type { Finder } from './types.ts';

const LEADING =
  /^\s*(yes|yeah|yep|yup|sure|of course|absolutely|definitely|correct|true|no|nope|nah|not really|false|never)\b/i;
const NEGATIVE = new Set(['no', 'nope', 'nah', 'not really', 'false', 'never']);

/**
 * Yes/no answers: a reply that is nothing but yes or no ("yep", "no thanks", "sure, go ahead"), or one
 * that opens with a clear yes or no and goes on ("Yes, I'd like gift wrapping").
 */
export const findBooleans: Finder = (text) => {
  const trimmed = text.trim();
  const start = text.indexOf(trimmed);
  const whole = { start, end: start + trimmed.length };
  const control = detectControl(trimmed);
  if (control === 'affirm') return { candidates: [{ ...whole, value: true }], none: reasons.boolean };
  if (control === 'deny') return { candidates: [{ ...whole, value: false }], none: reasons.boolean };
  const lead = LEADING.exec(trimmed);
  if (lead) {
    const word = lead[1]!.toLowerCase();
    const s = start + lead.index + lead[0].indexOf(lead[1]!);
    return {
      candidates: [{ start: s, end: s + word.length, value: !NEGATIVE.has(word) }],
      none: reasons.boolean,
    };
  }
  return { candidates: [], none: reasons.boolean };
};
