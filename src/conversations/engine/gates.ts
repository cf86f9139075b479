import type { InputDefinition } from '../../actions/definition/schema.ts';
import { detectCorrection } from '../../understanding/extract/index.ts';
import type { CatalogSkill } from '../catalog.ts';
import { clearPending, type Draft, say, traceSkill } from './draft.ts';
import { handOff } from './handoff.ts';
import { identityGate } from './identity.ts';
import type { RunOutcome } from './ports.ts';
import { distinctive, missingInput, parseAnswer } from './values.ts';
import { askFor, confirmReply, correctedNote } from './wording/compose.ts';

/**
 * The gates every engine goes through (C4), over one pending skill: verified identity
 * first, then each missing input one question at a time, then — for writes — an explicit
 * confirmation, then exactly one run. A gate returns what happened; the engine that called
 * it words a run's result its own way.
 */
export type GateResult =
  /** The customer was asked something (an input, a confirmation, a code). */
  | { type: 'waiting' }
  /** Nothing more to do this turn: handed off, cancelled, or nothing pending. */
  | { type: 'done' }
  | Ran;

export interface Ran {
  type: 'ran';
  skill: CatalogSkill;
  values: Record<string, unknown>;
  outcome: RunOutcome;
  /** The model's tool call that started this invocation, when the model started it. */
  toolCallId?: string;
}

export const MAX_INVALID_ANSWERS = 3;
const WAITING: GateResult = { type: 'waiting' };
const DONE: GateResult = { type: 'done' };

/** Starts a skill: records it as pending and moves it as far as it can go this turn. */
export function beginSkill(
  draft: Draft,
  skill: CatalogSkill,
  values: Record<string, unknown>,
  toolCallId?: string,
): Promise<GateResult> {
  draft.memory.pending = {
    runId: draft.ports.newRunId(),
    skillKey: skill.key,
    values,
    invalid: 0,
    ...(toolCallId ? { toolCallId } : {}),
  };
  traceSkill(draft, skill);
  return advance(draft);
}

/** Moves the pending skill to its next gate: identity, a missing input, confirmation, or the run. */
export async function advance(draft: Draft): Promise<GateResult> {
  const { memory, w } = draft;
  const pending = memory.pending;
  if (!pending) return DONE;
  const skill = draft.ports.catalog.byKey.get(pending.skillKey);
  if (!skill) {
    clearPending(memory);
    say(draft, w.anythingElse);
    return DONE;
  }
  traceSkill(draft, skill);
  draft.trace.inputs = { ...pending.values };
  if (skill.requiresVerifiedIdentity && !draft.verified)
    return (await identityGate(draft)) === 'waiting' ? WAITING : DONE;
  const missing = missingInput(skill, pending.values);
  if (missing) {
    pending.asking = missing.name;
    pending.invalid = 0;
    memory.awaiting = 'input';
    say(draft, askFor(w, missing));
    return WAITING;
  }
  delete pending.asking;
  if (skill.kind === 'write') {
    draft.trace.gate = 'confirmation';
    memory.awaiting = 'confirmation';
    draft.replies.push(confirmReply(w, skill, pending.values));
    return WAITING;
  }
  return runPending(draft);
}

/** Runs the pending skill, once per runId. An earlier attempt that never finished is not repeated. */
export async function runPending(draft: Draft): Promise<GateResult> {
  const pending = draft.memory.pending!;
  const skill = draft.ports.catalog.byKey.get(pending.skillKey)!;
  const values = { ...pending.values };
  clearPending(draft.memory);
  traceSkill(draft, skill);
  draft.trace.inputs = { ...values };
  const outcome = await draft.ports.run(skill, values, pending.runId);
  draft.trace.run = {
    ok: outcome.ok,
    outputs: outcome.outputs,
    ...(outcome.request ? { request: outcome.request } : {}),
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.replayed ? { replayed: true } : {}),
  };
  if (outcome.uncertain) {
    handOff(draft, 'action_uncertain', draft.w.uncertain);
    return DONE;
  }
  return {
    type: 'ran',
    skill,
    values,
    outcome,
    ...(pending.toolCallId ? { toolCallId: pending.toolCallId } : {}),
  };
}

/** The customer's answer to the input being asked for: take it, or say why not and ask again. */
export async function answerInput(draft: Draft, text: string): Promise<GateResult> {
  const { w } = draft;
  const pending = draft.memory.pending!;
  const skill = draft.ports.catalog.byKey.get(pending.skillKey)!;
  const input = skill.inputs.find((i) => i.name === pending.asking)!;
  traceSkill(draft, skill);
  const correction = detectCorrection(text);
  if (correction.isCorrection && correctEarlierAnswer(draft, skill, input, correction.rest)) return WAITING;
  const got = parseAnswer(
    input,
    correction.isCorrection ? correction.rest : text,
    draft.ports,
    w.invalidValue,
  );
  if (!got.ok) {
    pending.invalid += 1;
    if (pending.invalid >= MAX_INVALID_ANSWERS) {
      handOff(draft, 'repeated_failure', w.handoffAfterInvalid);
      return DONE;
    }
    say(draft, got.reason, askFor(w, input));
    return WAITING;
  }
  pending.values[input.name] = got.value;
  return advance(draft);
}

/**
 * "Actually it's 1235" while the next input is asked for corrects an answer already given
 * when the value fits it (a distinctive input: a free-text question would swallow anything):
 * that answer is replaced and the current question asked again.
 */
function correctEarlierAnswer(draft: Draft, skill: CatalogSkill, asking: InputDefinition, rest: string) {
  const pending = draft.memory.pending!;
  for (const input of skill.inputs) {
    if (input.name === asking.name || pending.values[input.name] === undefined || !distinctive(input))
      continue;
    const got = parseAnswer(input, rest, draft.ports);
    if (!got.ok || got.value === pending.values[input.name]) continue;
    pending.values[input.name] = got.value;
    draft.trace.inputs = { ...pending.values };
    say(draft, correctedNote(draft.w, input, got.value), askFor(draft.w, asking));
    return true;
  }
  return false;
}

/** The answer to "Shall I go ahead?": yes runs it, no drops it, a correction asks again. */
export async function answerConfirmation(
  draft: Draft,
  text: string,
  control: string | null,
): Promise<GateResult> {
  if (control === 'affirm') return runPending(draft);
  if (control === 'deny' || control === 'cancel') {
    clearPending(draft.memory);
    say(draft, draft.w.notDone);
    return DONE;
  }
  if (!applyCorrection(draft, text)) say(draft, draft.w.yesOrNo);
  return WAITING;
}

/**
 * A correction while confirming ("actually it's 1235"): the value replaces the input it
 * fits; the summary is asked again. Returns false when nothing in the text fits.
 */
function applyCorrection(draft: Draft, text: string): boolean {
  const pending = draft.memory.pending!;
  const skill = draft.ports.catalog.byKey.get(pending.skillKey)!;
  const correction = detectCorrection(text);
  const rest = correction.isCorrection ? correction.rest : text;
  for (const input of skill.inputs.filter((i) => i.source === 'customer')) {
    const got = parseAnswer(input, rest, draft.ports);
    if (
      got.ok &&
      (correction.isCorrection || distinctive(input)) &&
      got.value !== pending.values[input.name]
    ) {
      pending.values[input.name] = got.value;
      traceSkill(draft, skill);
      draft.trace.inputs = { ...pending.values };
      draft.replies.push(confirmReply(draft.w, skill, pending.values));
      return true;
    }
  }
  return false;
}
