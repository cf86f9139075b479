import { normalizeReply, type PhraseKind, readPhrases } from './phrase-lexicon.ts';

export type Control = 'affirm' | 'deny' | 'cancel' | 'restart' | 'human';

// Asking for a person may come inside a longer message ("this is useless, let me talk to a human"),
// so it is searched for, while the other controls must be the whole reply.
const PERSON = `(?:real |live |actual |human |customer service |customer support |support )?(?:human|humans|person|people|agent|someone|somebody|staff|employee|manager|supervisor|representative|rep|operator|guy|woman|man)`;
const ASK_FOR_PERSON = [
  new RegExp(
    String.raw`\b(?:talk|speak|chat)(?:ing)? (?:to|with) (?:a |an |the |some |your |one of your )?${PERSON}\b`,
  ),
  new RegExp(
    String.raw`\b(?:connect|transfer|put|pass|forward|escalate) (?:me|this|it)? ?(?:to|through to|with) (?:a |an |the |some |your )?${PERSON}\b`,
  ),
  /\b(?:want|need|get|give|prefer|like) (?:me )?(?:to talk to )?(?:a |an )(?:real |live |actual )?(?:human|person|agent|representative|operator)\b/,
  /\b(?:real|live|actual) (?:person|human|agent)\b/,
  /\b(?:human|live) agent\b/,
];
const IDENTITY_QUESTION =
  /\b(?:are (?:you|u)|r u|is this|am i talking to) (?:a |an )?(?:real |actual )?(?:human|person|bot|robot|machine|ai)\b/;

/**
 * Classifies a reply that steers the conversation rather than answering it: yes, no, cancel,
 * start over, or a request for a person. Anything carrying more content gives null.
 */
export function detectControl(text: string): Control | null {
  const words = normalizeReply(text);
  if (words.length === 0) return null;
  const joined = words.join(' ');
  if (!IDENTITY_QUESTION.test(joined) && ASK_FOR_PERSON.some((re) => re.test(joined))) return 'human';
  const kinds = readPhrases(words);
  if (!kinds) return null;
  return classify(kinds, words);
}

function classify(kinds: PhraseKind[], words: string[]): Control | null {
  const has = (k: PhraseKind) => kinds.includes(k);
  if (has('human')) return 'human';
  if (has('restart')) return 'restart';
  // "no, forget it" cancels; "yes, cancel" answers a question about cancelling, so it is not ours to guess.
  if (has('cancel')) return has('affirm') ? null : 'cancel';
  if (has('affirm') && has('deny')) return null;
  if (has('affirm')) return 'affirm';
  if (has('deny')) return 'deny';
  if (has('weak')) return 'affirm';
  // A bare "please" after "Shall I go ahead?" is a yes.
  if (words.includes('please')) return 'affirm';
  return null;
}
