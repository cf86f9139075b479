import type { KnowledgeAnswer } from '../../knowledge/types.ts';
import type { RouteResult } from '../../understanding/routing/index.ts';

/**
 * Content and actions compete fairly (spec §C2, §C5): when a knowledge answer fits a message
 * better than any action, the agent answers from content; when both fit, it asks which the
 * customer means. The router's and the knowledge index's scores are not on one scale, so the
 * message's form decides between them: a question about the business ("do you ship to
 * Canada?", "what is your refund policy?") is for content; a request about the customer's own
 * things ("where is my order 1234?", "I want a refund") is for an action. Pure, so
 * bench/content-vs-actions measures exactly this function.
 */
export type Choice =
  | { type: 'action'; key: string }
  | { type: 'knowledge' }
  /** Both fit: ask whether the customer wants the action done or an answer from content. */
  | { type: 'ask'; key: string }
  | { type: 'clarify'; keys: string[] }
  | { type: 'none' };

/** Below this, the top-ranked action is not worth offering even when the message is a request. */
const OFFER_SCORE = 0.01;

const ASKS_ABOUT_BUSINESS = [
  /\b(do|does|can|could|will|would) you\b(?! (please )?(check|track|refund|reset|send|cancel|change|process|help|look|find)\b)/,
  /\byour\b/,
  /\bpolic(y|ies)\b/,
  /^(which|how (long|many|much|soon)|is there|are there|what happens|where do i|how do (returns|refunds))\b/,
  /^(can|do|may|will|should) i\b/,
];
const ASKS_FOR_ACTION = [
  /\b\d{4,}\b/,
  /[^\s@]+@[^\s@]+\.\w+/,
  /\b(i want|i need|i would like|id like|i'd like|please|give me|help me|send me)\b/,
  /^(refund|reset|track|check|send|cancel|change|process|give|stop)\b/,
];
const OWN_THINGS = /\bmy (order|package|parcel|password|account|delivery|item|last order|refund|money)\b/;

export interface Form {
  question: boolean;
  request: boolean;
}

/** Whether a message reads as a question about the business, a request about the customer's own things, or both. */
export function formOf(text: string): Form {
  const t = text
    .toLowerCase()
    .replace(/[\u2019`]/g, "'")
    .trim();
  const question = ASKS_ABOUT_BUSINESS.some((re) => re.test(t));
  const request = ASKS_FOR_ACTION.some((re) => re.test(t)) || (!question && OWN_THINGS.test(t));
  return { question, request };
}

export function compete(text: string, route: RouteResult, knowledge: KnowledgeAnswer | null): Choice {
  const top = route.ranked[0];
  if (!knowledge) {
    if (route.decision === 'match' && route.best) return { type: 'action', key: route.best.id };
    if (route.decision === 'clarify') return clarify(route);
    return { type: 'none' };
  }
  const form = formOf(text);
  if (route.decision === 'match' && route.best) {
    if (form.request && !form.question) return { type: 'action', key: route.best.id };
    if (form.question && !form.request) return { type: 'knowledge' };
    // Neither form, or both: a confident answer that outscores the action wins; else both fit.
    if (knowledge.confidence === 'high' && knowledge.score > route.best.score) return { type: 'knowledge' };
    return knowledge.confidence === 'high'
      ? { type: 'ask', key: route.best.id }
      : { type: 'action', key: route.best.id };
  }
  if (route.decision === 'clarify' && !(form.question && !form.request)) return clarify(route);
  // No action fits well: a request that content only half answers is worth the question.
  if (form.request && !form.question && knowledge.confidence === 'low' && top && top.score >= OFFER_SCORE)
    return { type: 'ask', key: top.id };
  return { type: 'knowledge' };
}

const clarify = (route: RouteResult): Choice => ({
  type: 'clarify',
  keys: route.alternatives.slice(0, 3).map((a) => a.id),
});
