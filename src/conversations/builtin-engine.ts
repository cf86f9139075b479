import { formatCitation } from '../knowledge/citation.ts';
import { detectControl, extractValue } from '../understanding/extract/index.ts';
import type { CatalogSkill } from './catalog.ts';
import type { Memory } from './model.ts';
import type { TurnPorts } from './ports.ts';
import {
  type AfterRun,
  advance,
  answerInput,
  applyCorrection,
  beginSkill,
  clearPending,
  prefill,
  runPending,
  type Turn,
} from './skill-steps.ts';
import { askFor, SAY, successReply } from './wording.ts';

/**
 * The built-in engine (C2): deterministic routing over trigger phrases, typed extraction,
 * knowledge answers with citations, and the gates of C4. Same conversation, same replies.
 */
export async function builtinTurn(ports: TurnPorts, memory: Memory, text: string): Promise<Turn> {
  const turn: Turn = { memory, replies: [], trace: { engine: 'builtin' } };
  const control = detectControl(text);
  if (control) turn.trace.control = control;

  if (control === 'human' || (memory.awaiting === 'human_offer' && control === 'affirm')) {
    return handoff(turn, 'customer_request');
  }
  const topic = ports.agent.handoffTopics.find((t) => mentions(text, t));
  if (topic) return handoff(turn, `topic:${topic}`);

  if (control === 'restart') {
    clearPending(memory);
    delete memory.clarify;
    turn.replies.push(SAY.startOver);
    return turn;
  }
  if (control === 'cancel' && memory.pending) {
    clearPending(memory);
    turn.replies.push(SAY.cancelled);
    return turn;
  }

  switch (memory.awaiting) {
    case 'confirmation':
      await onConfirmation(turn, ports, text, control);
      return turn;
    case 'input':
      await answerInput(turn, ports, text, reply);
      return turn;
    case 'email':
      await onEmail(turn, ports, text);
      return turn;
    case 'code':
      await onCode(turn, ports, text);
      return turn;
    case 'clarify':
      if (await onClarify(turn, ports, text)) return turn;
      break;
    case 'human_offer':
      delete memory.awaiting;
      if (control === 'deny') {
        turn.replies.push(SAY.anythingElse);
        return turn;
      }
      break;
  }
  // With nothing to cancel, "I want to cancel" is a request when the agent has an action for it.
  const request = control === 'cancel' && ports.catalog.router.route(text).decision !== 'none';
  if ((control === 'cancel' && !request) || control === 'deny' || control === 'affirm') {
    turn.replies.push(SAY.anythingElse);
    return turn;
  }
  await route(turn, ports, text);
  return turn;
}

/** The built-in answer after a run: the response template, "not found", or a handoff on failure (C6). */
export const reply: AfterRun = async (turn, ports, skill, values, outcome) => {
  if (outcome.ok) {
    turn.memory.failures = 0;
    turn.replies.push(successReply(skill, values, outcome.outputs));
    return;
  }
  if (outcome.error?.class === 'http_status' && outcome.status === 404 && skill.kind === 'read') {
    // Usually a mistyped id: ask for the first customer input again rather than give up.
    const first = skill.inputs.find((i) => i.source === 'customer' && i.required);
    if (first) {
      const kept = Object.fromEntries(Object.entries(values).filter(([k]) => k !== first.name));
      turn.memory.pending = {
        runId: ports.newRunId(),
        skillKey: skill.key,
        values: kept,
        asking: first.name,
        invalid: 0,
      };
      turn.memory.awaiting = 'input';
      turn.replies.push(`${SAY.notFound} ${askFor(first)}`);
      return;
    }
  }
  turn.replies.push(SAY.handoffAfterFailure);
  turn.handoff = 'action_failed';
};

async function route(turn: Turn, ports: TurnPorts, text: string): Promise<void> {
  const { catalog } = ports;
  const result = catalog.router.route(text);
  turn.trace.route = {
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
    turn.memory.failures = 0;
    await beginSkill(turn, ports, skill, prefill(skill, text, ports), reply);
    return;
  }
  if (knowledge && (preferKnowledge || result.decision === 'none')) {
    turn.memory.failures = 0;
    turn.trace.knowledge = { score: round(knowledge.score), source: formatCitation(knowledge.citation) };
    turn.replies.push(`${knowledge.answer}\n\n${formatCitation(knowledge.citation)}`);
    return;
  }
  if (result.decision === 'clarify') {
    const options = result.alternatives.slice(0, 3).map((a) => catalog.byKey.get(a.id)!);
    turn.memory.awaiting = 'clarify';
    turn.memory.clarify = options.map((o) => o.key);
    turn.replies.push(`Did you mean ${options.map((o, i) => `${i + 1}) ${o.name}`).join(' or ')}?`);
    return;
  }
  turn.memory.failures = (turn.memory.failures ?? 0) + 1;
  if (turn.memory.failures >= ports.agent.maxFailures) {
    handoff(turn, 'repeated_failure');
    return;
  }
  turn.memory.awaiting = 'human_offer';
  turn.replies.push(SAY.cantHelp);
}

async function onConfirmation(
  turn: Turn,
  ports: TurnPorts,
  text: string,
  control: string | null,
): Promise<void> {
  if (control === 'affirm') {
    await runPending(turn, ports, reply);
    return;
  }
  if (control === 'deny' || control === 'cancel') {
    clearPending(turn.memory);
    turn.replies.push(SAY.notDone);
    return;
  }
  if (applyCorrection(turn, ports, text)) return;
  turn.replies.push(SAY.yesOrNo);
}

async function onEmail(turn: Turn, ports: TurnPorts, text: string): Promise<void> {
  const got = extractValue(text, { type: 'string', format: 'email' }, ports.extract);
  if (!got.ok) {
    turn.replies.push(`${got.reason} ${SAY.askEmailForCode}`);
    return;
  }
  const email = String(got.value);
  await ports.sendCode(email);
  turn.memory.awaiting = 'code';
  turn.replies.push(SAY.codeSent(email));
}

async function onCode(turn: Turn, ports: TurnPorts, text: string): Promise<void> {
  const code = /\b(\d{6})\b/.exec(text.replace(/(\d)[\s-](?=\d)/g, '$1'))?.[1];
  if (!code) {
    turn.replies.push('Please type the 6-digit code from the email.');
    return;
  }
  const check = await ports.checkCode(code);
  if (check === 'verified') {
    ports.contact.verified = true;
    turn.replies.push(SAY.verified);
    delete turn.memory.awaiting;
    await advance(turn, ports, reply);
    return;
  }
  if (check === 'wrong') {
    turn.replies.push(SAY.codeWrong);
    return;
  }
  if (check === 'expired' && ports.contact.email) {
    await ports.sendCode(ports.contact.email);
    turn.replies.push(SAY.codeExpired);
    return;
  }
  clearPending(turn.memory);
  turn.replies.push(SAY.cantVerify);
  turn.handoff = 'verification_failed';
}

/** The answer to "Did you mean 1) … or 2) …?": a number, or words that pick one option. */
async function onClarify(turn: Turn, ports: TurnPorts, text: string): Promise<boolean> {
  const keys = turn.memory.clarify ?? [];
  delete turn.memory.clarify;
  delete turn.memory.awaiting;
  const options = keys.map((k) => ports.catalog.byKey.get(k)).filter((s): s is CatalogSkill => !!s);
  const n = /^\s*(?:option\s*)?(\d)\b/i.exec(text)?.[1];
  let picked = n ? options[Number(n) - 1] : undefined;
  if (!picked) {
    const ordinal = ['first', 'second', 'third'].findIndex((w) => new RegExp(`\\b${w}\\b`, 'i').test(text));
    if (ordinal >= 0) picked = options[ordinal];
  }
  picked ??= options.find((o) => mentions(text, o.name));
  if (!picked) return false;
  await beginSkill(turn, ports, picked, prefill(picked, text, ports), reply);
  return true;
}

function handoff(turn: Turn, reason: string): Turn {
  clearPending(turn.memory);
  delete turn.memory.clarify;
  turn.handoff = reason;
  turn.trace.handoff = { reason };
  turn.replies.push(SAY.handoff);
  return turn;
}

const mentions = (text: string, phrase: string) =>
  new RegExp(`\\b${phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text);
const round = (n: number) => Math.round(n * 1000) / 1000;
