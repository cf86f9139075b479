import { formatCitation } from '../../knowledge/citation.ts';
import type { KnowledgeAnswer } from '../../knowledge/types.ts';
import type { CatalogSkill } from '../catalog.ts';
import { compete } from './compete.ts';
import { type Draft, round } from './draft.ts';
import { beginSkill } from './gates.ts';
import { countFailure } from './handoff.ts';
import { wordResult } from './run-reply.ts';
import { prefill } from './values.ts';
import { cantHelpReply, clarifyReply, knowledgeReply } from './wording/compose.ts';

/** The option of a clarifying question that means "answer it from content". */
export const CONTENT_OPTION = '#content';

/**
 * A new request with nothing under way (C2): an action, an answer from content, a clarifying
 * question when two fit, or — after the agent's limit of turns it could not help — a person.
 */
export async function route(draft: Draft, text: string): Promise<void> {
  const { ports, memory, w } = draft;
  const { catalog } = ports;
  const result = catalog.router.route(text);
  draft.trace.route = {
    decision: result.decision,
    ranked: result.ranked.map((r) => ({ key: r.id, score: round(r.score) })),
  };
  const knowledge = ports.knowledge(text);
  const choice = compete(text, result, knowledge);
  if (choice.type === 'action') {
    memory.failures = 0;
    await startSkill(draft, catalog.byKey.get(choice.key)!, text);
    return;
  }
  if (choice.type === 'knowledge' && knowledge) {
    answerFromContent(draft, knowledge);
    return;
  }
  if (choice.type === 'clarify' || choice.type === 'ask') {
    const keys = choice.type === 'ask' ? [choice.key, CONTENT_OPTION] : choice.keys;
    memory.awaiting = 'clarify';
    memory.clarify = keys;
    if (choice.type === 'ask') memory.question = text;
    const options = keys.map((k) =>
      k === CONTENT_OPTION
        ? { key: k, name: w.aboutSource(knowledge!.citation.title) }
        : { key: k, name: catalog.byKey.get(k)!.name },
    );
    draft.replies.push(clarifyReply(w, options));
    return;
  }
  if (countFailure(draft)) return;
  memory.awaiting = 'human_offer';
  draft.replies.push(cantHelpReply(w));
}

async function startSkill(draft: Draft, skill: CatalogSkill, text: string): Promise<void> {
  wordResult(draft, await beginSkill(draft, skill, prefill(skill, text, draft.ports)));
}

function answerFromContent(draft: Draft, knowledge: KnowledgeAnswer): void {
  draft.memory.failures = 0;
  draft.memory.answered = true;
  draft.trace.knowledge = { score: round(knowledge.score), source: formatCitation(knowledge.citation) };
  draft.replies.push(knowledgeReply(draft.w, knowledge));
}

/**
 * The answer to "Did you mean 1) … or 2) …?": a number, an ordinal, or words naming one
 * option. Returns whether it picked one (and acted on it); else the message is a new one.
 */
export async function answerClarify(draft: Draft, text: string): Promise<boolean> {
  const { memory, ports } = draft;
  const keys = memory.clarify ?? [];
  const question = memory.question;
  delete memory.clarify;
  delete memory.awaiting;
  delete memory.question;
  const knowledge =
    question !== undefined && keys.includes(CONTENT_OPTION) ? ports.knowledge(question) : null;
  const names = keys.map((k) =>
    k === CONTENT_OPTION ? (knowledge?.citation.title ?? '') : (ports.catalog.byKey.get(k)?.name ?? ''),
  );
  const n = /^\s*(?:option\s*)?(\d)\b/i.exec(text)?.[1];
  let picked = n ? Number(n) - 1 : -1;
  if (picked < 0) picked = draft.w.ordinals.findIndex((o) => new RegExp(`\\b${o}\\b`, 'i').test(text));
  if (picked < 0) picked = names.findIndex((name) => name !== '' && mentions(text, name));
  if (picked < 0 && knowledge && /\b(question|info|information|policy|answer)\b/i.test(text))
    picked = keys.indexOf(CONTENT_OPTION);
  const key = keys[picked];
  if (key === undefined) return false;
  if (key === CONTENT_OPTION) {
    if (!knowledge) return false;
    answerFromContent(draft, knowledge);
    return true;
  }
  const skill = ports.catalog.byKey.get(key);
  if (!skill) return false;
  // The skill takes what the first message said ("refund order 1234") as well as this answer.
  await startSkill(draft, skill, question ? `${question} ${text}` : text);
  return true;
}

/** Whether the text names the phrase as whole words. */
const mentions = (text: string, phrase: string) =>
  new RegExp(`\\b${phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text);
