import type { InputDefinition } from '../actions/definition/schema.ts';
import { checkValue } from '../actions/definition/values.ts';
import { detectCorrection, extractValue, type ValueSpec } from '../understanding/extract/index.ts';
import type { CatalogSkill } from './catalog.ts';
import type { Memory, PendingSkill, TurnTrace } from './model.ts';
import type { RunOutcome, TurnPorts } from './ports.ts';
import { askFor, confirmQuestion, correctedNote, SAY } from './wording.ts';

/**
 * The gates every engine goes through (C4), over one pending skill: verified identity
 * first, then each missing input one question at a time, then — for writes — an explicit
 * confirmation, then exactly one run.
 */
export interface Turn {
  memory: Memory;
  replies: string[];
  trace: TurnTrace;
  handoff?: string;
}

/** How an engine answers once a skill has run (the built-in engine renders; the LLM phrases). */
export type AfterRun = (
  turn: Turn,
  ports: TurnPorts,
  skill: CatalogSkill,
  values: Record<string, unknown>,
  outcome: RunOutcome,
) => Promise<void>;

export const MAX_INVALID_ANSWERS = 3;

export function specOf(input: InputDefinition): ValueSpec {
  const type = input.type === 'array' ? (input.items ?? 'string') : input.type;
  return {
    type,
    ...(input.type === 'array' ? { array: true } : {}),
    ...(input.format ? { format: input.format } : {}),
    ...(input.enum ? { enum: input.enum.map(String) } : {}),
    ...(input.pattern ? { pattern: input.pattern } : {}),
  };
}

/** Enums may list numbers or booleans; extraction works on text, so map back to the declared value. */
function declaredValue(input: InputDefinition, value: unknown): unknown {
  if (!input.enum) return value;
  const back = (v: unknown) => input.enum!.find((e) => String(e) === String(v)) ?? v;
  return Array.isArray(value) ? value.map(back) : back(value);
}

/** Parses an answer for one input into its type and checks it strictly (B2). */
export function parseAnswer(
  input: InputDefinition,
  text: string,
  ports: TurnPorts,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const found = extractValue(text, specOf(input), ports.extract);
  if (!found.ok) return found;
  const value = declaredValue(input, found.value);
  const checked = checkValue(input, value, [input.name]);
  if ('details' in checked)
    return { ok: false, reason: checked.details[0]?.message ?? 'That value is not valid.' };
  return { ok: true, value: checked.value };
}

/** Values a skill takes from the conversation rather than the customer (`source: context`). */
export function contextValues(skill: CatalogSkill, ports: TurnPorts): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    'contact.email': ports.contact.email ?? undefined,
    'contact.phone': ports.contact.phone ?? undefined,
    'contact.name': ports.contact.name ?? undefined,
    'conversation.id': ports.conversationId,
  };
  const out: Record<string, unknown> = {};
  for (const i of skill.inputs) {
    if (i.source === 'context' && i.contextField && ctx[i.contextField] !== undefined)
      out[i.name] = ctx[i.contextField];
  }
  return out;
}

/** Inputs worth taking from the first message: ones whose shape makes a false match unlikely. */
const distinctive = (i: InputDefinition) =>
  i.source === 'customer' &&
  (i.pattern !== undefined ||
    i.format !== undefined ||
    i.enum !== undefined ||
    i.type === 'date' ||
    i.type === 'datetime');

export function prefill(skill: CatalogSkill, text: string, ports: TurnPorts): Record<string, unknown> {
  const values = contextValues(skill, ports);
  for (const input of skill.inputs.filter(distinctive)) {
    const got = parseAnswer(input, text, ports);
    if (got.ok) values[input.name] = got.value;
  }
  return values;
}

const missingInput = (skill: CatalogSkill, values: Record<string, unknown>) =>
  skill.inputs.find((i) => i.required && i.default === undefined && values[i.name] === undefined);

/** Starts a skill: records it as pending and moves it as far as it can go this turn. */
export async function beginSkill(
  turn: Turn,
  ports: TurnPorts,
  skill: CatalogSkill,
  values: Record<string, unknown>,
  afterRun: AfterRun,
  toolCallId?: string,
): Promise<void> {
  turn.memory.pending = {
    runId: ports.newRunId(),
    skillKey: skill.key,
    values,
    invalid: 0,
    ...(toolCallId ? { toolCallId } : {}),
  };
  traceSkill(turn, skill);
  await advance(turn, ports, afterRun);
}

/** Every turn that moves a skill names it, so a preview shows which action ran in that turn (C7). */
function traceSkill(turn: Turn, skill: CatalogSkill): void {
  turn.trace.skill = { key: skill.key, type: skill.type, kind: skill.kind, version: skill.version };
}

/** Moves the pending skill to its next gate: identity, a missing input, confirmation, or the run. */
export async function advance(turn: Turn, ports: TurnPorts, afterRun: AfterRun): Promise<void> {
  const pending = turn.memory.pending;
  if (!pending) return;
  const skill = ports.catalog.byKey.get(pending.skillKey);
  if (!skill) {
    clearPending(turn.memory);
    turn.replies.push(SAY.anythingElse);
    return;
  }
  traceSkill(turn, skill);
  turn.trace.inputs = { ...pending.values };
  if (skill.requiresVerifiedIdentity && !ports.contact.verified) {
    turn.trace.gate = 'identity';
    if (!ports.canSendCodes) {
      turn.replies.push(SAY.cantVerify);
      turn.handoff = 'identity_unavailable';
      clearPending(turn.memory);
      return;
    }
    if (ports.contact.email) {
      await ports.sendCode(ports.contact.email);
      turn.replies.push(SAY.codeSent(ports.contact.email));
      turn.memory.awaiting = 'code';
    } else {
      turn.replies.push(SAY.askEmailForCode);
      turn.memory.awaiting = 'email';
    }
    return;
  }
  const missing = missingInput(skill, pending.values);
  if (missing) {
    pending.asking = missing.name;
    pending.invalid = 0;
    turn.memory.awaiting = 'input';
    turn.replies.push(askFor(missing));
    return;
  }
  delete pending.asking;
  if (skill.kind === 'write') {
    turn.trace.gate = 'confirmation';
    turn.memory.awaiting = 'confirmation';
    turn.replies.push(confirmQuestion(skill, pending.values));
    return;
  }
  await runPending(turn, ports, afterRun);
}

/** Runs the pending skill (once per runId) and hands the outcome to the engine's reply. */
export async function runPending(turn: Turn, ports: TurnPorts, afterRun: AfterRun): Promise<void> {
  const pending = turn.memory.pending!;
  const skill = ports.catalog.byKey.get(pending.skillKey)!;
  const values = { ...pending.values };
  clearPending(turn.memory);
  traceSkill(turn, skill);
  turn.trace.inputs = { ...values };
  const outcome = await ports.run(skill, values, pending.runId);
  turn.trace.run = {
    ok: outcome.ok,
    outputs: outcome.outputs,
    ...(outcome.request ? { request: outcome.request } : {}),
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.replayed ? { replayed: true } : {}),
  };
  if (outcome.uncertain) {
    turn.replies.push(SAY.uncertain);
    turn.handoff = 'action_uncertain';
    return;
  }
  await afterRun(turn, ports, skill, values, outcome);
}

/** The customer's answer to the input being asked for: take it, or say why not and ask again. */
export async function answerInput(
  turn: Turn,
  ports: TurnPorts,
  text: string,
  afterRun: AfterRun,
): Promise<void> {
  const pending = turn.memory.pending!;
  const skill = ports.catalog.byKey.get(pending.skillKey)!;
  const input = skill.inputs.find((i) => i.name === pending.asking)!;
  traceSkill(turn, skill);
  const correction = detectCorrection(text);
  if (correction.isCorrection && correctEarlierAnswer(turn, ports, skill, input, correction.rest)) return;
  const got = parseAnswer(input, correction.isCorrection ? correction.rest : text, ports);
  if (!got.ok) {
    pending.invalid += 1;
    if (pending.invalid >= MAX_INVALID_ANSWERS) {
      turn.replies.push(SAY.handoffAfterInvalid);
      turn.handoff = 'repeated_failure';
      clearPending(turn.memory);
      return;
    }
    turn.replies.push(`${got.reason} ${askFor(input)}`);
    return;
  }
  pending.values[input.name] = got.value;
  await advance(turn, ports, afterRun);
}

/**
 * "Actually it's 1235" while the next input is asked for corrects an answer already given
 * when the value fits it (a distinctive input: a free-text question would swallow anything):
 * that answer is replaced and the current question asked again.
 */
function correctEarlierAnswer(
  turn: Turn,
  ports: TurnPorts,
  skill: CatalogSkill,
  asking: InputDefinition,
  rest: string,
): boolean {
  const pending = turn.memory.pending!;
  for (const input of skill.inputs) {
    if (input.name === asking.name || pending.values[input.name] === undefined || !distinctive(input))
      continue;
    const got = parseAnswer(input, rest, ports);
    if (!got.ok || got.value === pending.values[input.name]) continue;
    pending.values[input.name] = got.value;
    turn.trace.inputs = { ...pending.values };
    turn.replies.push(`${correctedNote(input, got.value)} ${askFor(asking)}`);
    return true;
  }
  return false;
}

/**
 * A correction while confirming ("actually it's 1235"): the value replaces the input it
 * fits; the summary is asked again. Returns false when nothing in the text fits.
 */
export function applyCorrection(turn: Turn, ports: TurnPorts, text: string): boolean {
  const pending = turn.memory.pending!;
  const skill = ports.catalog.byKey.get(pending.skillKey)!;
  const correction = detectCorrection(text);
  const rest = correction.isCorrection ? correction.rest : text;
  for (const input of skill.inputs.filter((i) => i.source === 'customer')) {
    const got = parseAnswer(input, rest, ports);
    if (
      got.ok &&
      (correction.isCorrection || distinctive(input)) &&
      got.value !== pending.values[input.name]
    ) {
      pending.values[input.name] = got.value;
      traceSkill(turn, skill);
      turn.trace.inputs = { ...pending.values };
      turn.replies.push(confirmQuestion(skill, pending.values));
      return true;
    }
  }
  return false;
}

export function clearPending(memory: Memory): void {
  delete memory.pending;
  delete memory.awaiting;
}

export type { PendingSkill };
