import { formatCitation } from '../../knowledge/citation.ts';
import { type Control, detectControl } from '../../understanding/extract/index.ts';
import type { CatalogSkill } from '../catalog.ts';
import { type Draft, newDraft, round, say } from './draft.ts';
import { beginSkill, type GateResult, type Ran } from './gates.ts';
import { countFailure, handOff, handoffRequested } from './handoff.ts';
import type { Memory } from './memory.ts';
import type { EnginePorts } from './ports.ts';
import { prefill } from './values.ts';
import { resume, startOver } from './waiting.ts';
import { askFor, cantHelpReply, clarifyReply, knowledgeReply, successText } from './wording/compose.ts';

/**
 * The built-in engine (C2): deterministic routing over trigger phrases, typed extraction,
 * knowledge answers with citations, and the gates of C4. Same conversation, same replies.
 */
export async function builtinTurn(ports: EnginePorts, memory: Memory, text: string): Promise<Draft> {
  const draft = newDraft(ports, memory, 'builtin');
  const control = detectControl(text);
  if (control) draft.trace.control = control;

  const handoff = handoffRequested(draft.memory, text, control, ports.agent.handoffTopics);
  if (handoff) {
    handOff(draft, handoff);
    return draft;
  }
  if (control === 'restart') {
    startOver(draft);
    return draft;
  }
  const gate = await resume(draft, text, control);
  if (gate) {
    wordResult(draft, gate);
    return draft;
  }
  if (draft.memory.awaiting === 'clarify') {
    const picked = pickClarified(draft, text);
    if (picked) {
      wordResult(draft, await beginSkill(draft, picked, prefill(picked, text, ports)));
      return draft;
    }
  } else if (draft.memory.awaiting === 'human_offer') {
    delete draft.memory.awaiting;
    if (control === 'deny') {
      say(draft, draft.w.anythingElse);
      return draft;
    }
  }
  if (isBareControl(draft, text, control)) {
    say(draft, draft.w.anythingElse);
    return draft;
  }
  await route(draft, text);
  return draft;
}

/** With nothing under way, a yes, a no or a "cancel" has nothing to act on — unless "cancel" names an action. */
function isBareControl(draft: Draft, text: string, control: Control | null): boolean {
  if (control === 'deny' || control === 'affirm') return true;
  return control === 'cancel' && draft.ports.catalog.router.route(text).decision === 'none';
}

/** Words a gate's result: a run's answer, or nothing (the gate already spoke). */
function wordResult(draft: Draft, gate: GateResult): void {
  if (gate.type === 'ran') builtinRunReply(draft, gate);
}

/** The built-in answer after a run: the response template, "not found", or a handoff on failure (C6). */
export function builtinRunReply(draft: Draft, ran: Ran): void {
  const { skill, values, outcome } = ran;
  const { w } = draft;
  if (outcome.ok) {
    draft.memory.failures = 0;
    say(draft, successText(w, skill, values, outcome.outputs));
    return;
  }
  if (outcome.error?.class === 'http_status' && outcome.status === 404 && skill.kind === 'read') {
    // Usually a mistyped id: ask for the first customer input again rather than give up.
    const first = skill.inputs.find((i) => i.source === 'customer' && i.required);
    if (first) {
      const kept = Object.fromEntries(Object.entries(values).filter(([k]) => k !== first.name));
      draft.memory.pending = {
        runId: draft.ports.newRunId(),
        skillKey: skill.key,
        values: kept,
        asking: first.name,
        invalid: 0,
      };
      draft.memory.awaiting = 'input';
      say(draft, w.notFound, askFor(w, first));
      return;
    }
  }
  handOff(draft, 'action_failed', w.handoffAfterFailure);
}

async function route(draft: Draft, text: string): Promise<void> {
  const { ports, memory, w } = draft;
  const { catalog } = ports;
  const result = catalog.router.route(text);
  draft.trace.route = {
    decision: result.decision,
    ranked: result.ranked.map((r) => ({ key: r.id, score: round(r.score) })),
  };
  const knowledge = ports.knowledge(text);

  // A confident knowledge answer wins over a weaker route ("what is your refund policy?" is a question, not a refund).
  const preferKnowledge =
    knowledge &&
    knowledge.confidence === 'high' &&
    (result.decision !== 'match' || (result.best?.score ?? 0) < knowledge.score);
  if (result.decision === 'match' && result.best && !preferKnowledge) {
    const skill = catalog.byKey.get(result.best.id)!;
    memory.failures = 0;
    wordResult(draft, await beginSkill(draft, skill, prefill(skill, text, ports)));
    return;
  }
  if (knowledge && (preferKnowledge || result.decision === 'none')) {
    memory.failures = 0;
    draft.trace.knowledge = { score: round(knowledge.score), source: formatCitation(knowledge.citation) };
    draft.replies.push(knowledgeReply(w, knowledge));
    return;
  }
  if (result.decision === 'clarify') {
    const options = result.alternatives.slice(0, 3).map((a) => catalog.byKey.get(a.id)!);
    memory.awaiting = 'clarify';
    memory.clarify = options.map((o) => o.key);
    draft.replies.push(clarifyReply(w, options));
    return;
  }
  if (countFailure(draft)) return;
  memory.awaiting = 'human_offer';
  draft.replies.push(cantHelpReply(w));
}

/** The answer to "Did you mean 1) … or 2) …?": a number, or words that pick one option. */
function pickClarified(draft: Draft, text: string): CatalogSkill | undefined {
  const { memory, ports } = draft;
  const keys = memory.clarify ?? [];
  delete memory.clarify;
  delete memory.awaiting;
  const options = keys.map((k) => ports.catalog.byKey.get(k)).filter((s): s is CatalogSkill => !!s);
  const n = /^\s*(?:option\s*)?(\d)\b/i.exec(text)?.[1];
  let picked = n ? options[Number(n) - 1] : undefined;
  if (!picked) {
    const ordinal = draft.w.ordinals.findIndex((o) => new RegExp(`\\b${o}\\b`, 'i').test(text));
    if (ordinal >= 0) picked = options[ordinal];
  }
  picked ??= options.find((o) => mentions(text, o.name));
  if (!picked) return undefined;
  return picked;
}

/** Whether the text names the phrase as whole words. */
const mentions = (text: string, phrase: string) =>
  new RegExp(`\\b${phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text);
