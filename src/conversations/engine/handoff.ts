import type { Control } from '../../understanding/extract/index.ts';
import { clearPending, type Draft, say } from './draft.ts';
import type { Memory } from './memory.ts';

/**
 * When the conversation goes to a person (spec §C6), decided in one place for both engines:
 * the same message gives the same decision whether or not the agent has a model.
 */

/** Endings a topic word may take and still be the topic ("lawyer" → "lawyers", "refund" → "refunded"). */
const ENDINGS = '(?:s|es|ed|ing|ly)?';

/**
 * The handoff topic a message mentions, if any: each topic is matched as whole words, with
 * common endings, case-insensitively. A topic inside another word is not a mention —
 * "illegal" does not mention "legal", "lawn" does not mention "law".
 */
export function matchTopic(text: string, topics: readonly string[]): string | null {
  for (const topic of topics) {
    const words = topic.trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
    if (words.length === 0) continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}${ENDINGS}(?![\\p{L}\\p{N}])`, 'iu');
    if (pattern.test(text)) return topic;
  }
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The handoff a message itself asks for, before anything else is considered: the customer
 * asks for a person (or says yes to the offer of one), or the message is on a handoff topic.
 */
export function handoffRequested(
  memory: Memory,
  text: string,
  control: Control | null,
  topics: readonly string[],
): string | null {
  if (control === 'human' || (memory.awaiting === 'human_offer' && control === 'affirm'))
    return 'customer_request';
  const topic = matchTopic(text, topics);
  return topic ? `topic:${topic}` : null;
}

/**
 * Hands the conversation to a person: nothing stays pending, and the customer is told (in
 * the words given, or the standard notice). Every handoff of either engine goes through here.
 */
export function handOff(draft: Draft, reason: string, words?: string): void {
  clearPending(draft.memory);
  delete draft.memory.clarify;
  draft.handoff = reason;
  draft.trace.handoff = { reason };
  say(draft, { type: 'handoff_notice', reason, text: words?.trim() || draft.w.handoff });
}

/**
 * Counts a turn in which the agent could not help; after the agent's limit in a row the
 * conversation goes to a person. Returns whether it did.
 */
export function countFailure(draft: Draft): boolean {
  draft.memory.failures = (draft.memory.failures ?? 0) + 1;
  if (draft.memory.failures < draft.ports.agent.maxFailures) return false;
  handOff(draft, 'repeated_failure');
  return true;
}
