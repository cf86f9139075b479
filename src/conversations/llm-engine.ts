import { actionInputsJsonSchema } from '../actions/definition/tool-schema.ts';
import { checkInputs } from '../actions/definition/values.ts';
import type { AgentSettings } from '../agents/service.ts';
import { formatCitation } from '../knowledge/citation.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { AppError } from '../shared/errors.ts';
import type { AgentRow } from '../store/schema.ts';
import { detectControl } from '../understanding/extract/index.ts';
import { type LlmConfig, llmConfigSchema } from '../understanding/llm/config.ts';
import { buildSystemPrompt, HANDOFF_TOOL_NAME, handoffTool } from '../understanding/llm/prompt.ts';
import { type LlmMessage, type LlmTool, llmStep } from '../understanding/llm/step.ts';
import { builtinTurn } from './builtin-engine.ts';
import type { CatalogSkill } from './catalog.ts';
import type { Memory } from './model.ts';
import type { TurnPorts } from './ports.ts';
import {
  type AfterRun,
  applyCorrection,
  beginSkill,
  clearPending,
  contextValues,
  runPending,
  type Turn,
} from './skill-steps.ts';
import { SAY, successReply } from './wording.ts';

/**
 * The LLM engine (C3). The model chooses tools and words replies; the gates stay in code:
 * tool arguments are checked with the same strict rules, a write becomes a confirmation
 * question the customer must answer, identity is verified first, and a loop guard caps
 * tool calls per turn. Only mapped outputs reach the model.
 */
export const MAX_MODEL_STEPS = 4;
export const MAX_TOOL_CALLS_PER_TURN = 5;
export const MAX_SAME_CALL = 2;
const HISTORY_LIMIT = 40;

export function modelFor(agent: AgentRow, keyring: Keyring): LlmConfig | null {
  const m = (agent.settings as AgentSettings).model;
  if (!m) return null;
  const apiKey = m.apiKey ? keyring.open(m.apiKey, `agent:${agent.id}`) : undefined;
  return llmConfigSchema.parse({
    provider: m.provider,
    model: m.model,
    ...(m.baseUrl ? { baseUrl: m.baseUrl } : {}),
    ...(m.temperature !== undefined ? { temperature: m.temperature } : {}),
    ...(apiKey ? { apiKey } : {}),
  });
}

interface LlmTurnOptions {
  model: LlmConfig;
  agent: AgentRow;
}

export async function llmTurn(
  ports: TurnPorts,
  memory: Memory,
  text: string,
  opts: LlmTurnOptions,
): Promise<{ turn: Turn; tokens: number }> {
  const snapshot = structuredClone(memory);
  const state = { tokens: 0 };
  const turn: Turn = { memory, replies: [], trace: { engine: 'llm', llm: { toolCalls: [], tokens: 0 } } };
  try {
    await decide(turn, ports, text, opts, state);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'llm_unavailable') throw err;
    // The model is down: this turn falls back to the built-in engine rather than failing the customer.
    const fallback = await builtinTurn(ports, snapshot, text);
    fallback.trace.llm = { toolCalls: [], tokens: state.tokens };
    // The exchange goes into the model's history too, so that once it is back it knows what was asked.
    fallback.memory.llm ??= [];
    const history = fallback.memory.llm;
    history.push({ role: 'user', content: text });
    for (const r of fallback.replies) history.push({ role: 'assistant', content: r });
    return { turn: keepHistoryShort(fallback), tokens: state.tokens };
  }
  turn.trace.llm!.tokens = state.tokens;
  return { turn: keepHistoryShort(turn), tokens: state.tokens };
}

function keepHistoryShort(turn: Turn): Turn {
  if (turn.memory.llm && turn.memory.llm.length > HISTORY_LIMIT)
    turn.memory.llm = trimHistory(turn.memory.llm);
  return turn;
}

async function decide(
  turn: Turn,
  ports: TurnPorts,
  text: string,
  opts: LlmTurnOptions,
  state: { tokens: number },
) {
  const memory = turn.memory;
  memory.llm ??= [];
  const control = detectControl(text);
  const afterRun = phraseResult(opts, state);
  memory.llm.push({ role: 'user', content: text });

  if (control === 'human') return handoff(turn, 'customer_request');
  const topic = ports.agent.handoffTopics.find((t) => text.toLowerCase().includes(t.toLowerCase()));
  if (topic) return handoff(turn, `topic:${topic}`);

  // The gates answer deterministically, whatever the model would say.
  if (memory.awaiting === 'confirmation') {
    if (control === 'affirm') return runPending(turn, ports, afterRun);
    if (control === 'deny' || control === 'cancel') {
      clearPending(memory);
      return say(turn, SAY.notDone);
    }
    if (applyCorrection(turn, ports, text)) return;
    return say(turn, SAY.yesOrNo);
  }
  if (memory.awaiting === 'human_offer' && control === 'affirm') return handoff(turn, 'customer_request');
  // An input the built-in engine asked for while the model was down is answered by the same gate.
  if (memory.awaiting === 'code' || memory.awaiting === 'email' || memory.awaiting === 'input') {
    const history = memory.llm;
    const gate = await builtinTurn(ports, { ...memory, llm: [] }, text);
    // The gate's memory replaces ours whole: what it cleared (pending, awaiting) must not linger.
    turn.memory = { ...gate.memory, llm: history };
    turn.replies.push(...gate.replies);
    if (gate.handoff) turn.handoff = gate.handoff;
    Object.assign(turn.trace, { ...gate.trace, engine: 'llm', llm: turn.trace.llm });
    for (const r of turn.replies) history.push({ role: 'assistant', content: r });
    return;
  }
  delete memory.awaiting;
  delete memory.clarify;
  await modelLoop(turn, ports, opts, state, afterRun);
}

async function modelLoop(
  turn: Turn,
  ports: TurnPorts,
  opts: LlmTurnOptions,
  state: { tokens: number },
  afterRun: AfterRun,
): Promise<void> {
  const history = turn.memory.llm!;
  const tools = toolsFor(ports);
  const seen = new Map<string, number>();
  let calls = 0;
  for (let step = 0; step < MAX_MODEL_STEPS; step++) {
    const out = await callModel(ports, opts, history, tools, state);
    if (out.toolCalls.length === 0) {
      const reply = out.text.trim() || SAY.anythingElse;
      history.push({ role: 'assistant', content: reply });
      turn.replies.push(reply);
      return;
    }
    history.push({ role: 'assistant', content: out.text, toolCalls: out.toolCalls });
    let waitForCustomer = false;
    // What a gate says to the customer enters the history after every call of this step has its
    // result: providers reject a tool call whose results do not follow it directly.
    const gateReplies: string[] = [];
    for (const call of out.toolCalls) {
      const signature = `${call.name}:${JSON.stringify(call.args)}`;
      seen.set(signature, (seen.get(signature) ?? 0) + 1);
      calls += 1;
      const record = (accepted: boolean, reason?: string) =>
        turn.trace.llm!.toolCalls.push({
          name: call.name,
          args: call.args,
          accepted,
          ...(reason ? { reason } : {}),
        });
      const result = (value: unknown) =>
        history.push({ role: 'tool', toolCallId: call.id, toolName: call.name, result: value });

      if (waitForCustomer || calls > MAX_TOOL_CALLS_PER_TURN || (seen.get(signature) ?? 0) > MAX_SAME_CALL) {
        record(false, 'loop guard');
        result({ error: 'Not run: too many tool calls in this turn.' });
        continue;
      }
      if (call.name === HANDOFF_TOOL_NAME) {
        record(true);
        result({ ok: true });
        return handoff(turn, 'llm_decided', out.text);
      }
      const skill = ports.catalog.byKey.get(call.name);
      if (!skill) {
        record(false, 'unknown tool');
        result({ error: `There is no tool "${call.name}".` });
        continue;
      }
      const args =
        call.args !== null && typeof call.args === 'object' ? (call.args as Record<string, unknown>) : {};
      const values = { ...args, ...contextValues(skill, ports) };
      const checked = checkInputs(skill, values);
      if (!checked.ok) {
        record(false, 'invalid arguments');
        result({
          error: 'Invalid arguments; ask the customer for the right values.',
          details: checked.details,
        });
        continue;
      }
      record(true);
      if (skill.kind === 'write' || (skill.requiresVerifiedIdentity && !ports.contact.verified)) {
        // The gate, not the model, asks the customer; the tool call is answered as pending.
        result({
          status: 'waiting_for_customer',
          note: 'The system asked the customer to confirm or verify. Do not call it again.',
        });
        const before = turn.replies.length;
        await beginSkill(turn, ports, skill, checked.values, afterRun, call.id);
        gateReplies.push(...turn.replies.slice(before));
        waitForCustomer = true;
        continue;
      }
      const outcome = await ports.run(skill, checked.values, ports.newRunId());
      turn.trace.skill = { key: skill.key, type: skill.type, kind: skill.kind, version: skill.version };
      turn.trace.inputs = checked.values;
      turn.trace.run = {
        ok: outcome.ok,
        outputs: outcome.outputs,
        ...(outcome.error ? { error: outcome.error } : {}),
      };
      result(
        outcome.ok
          ? { ok: true, outputs: outcome.outputs }
          : { ok: false, error: outcome.error?.message ?? 'failed' },
      );
    }
    for (const r of gateReplies) history.push({ role: 'assistant', content: r });
    if (waitForCustomer || turn.handoff) return;
  }
  turn.replies.push(SAY.handoffAfterFailure);
  turn.handoff = 'repeated_failure';
}

/** After a gated run: the result goes to the model as a tool result, and the model words the reply. */
function phraseResult(opts: LlmTurnOptions, state: { tokens: number }): AfterRun {
  return async (turn, ports, skill, values, outcome) => {
    const history = turn.memory.llm!;
    const id = `gate_${ports.newRunId()}`;
    history.push({ role: 'assistant', content: '', toolCalls: [{ id, name: skill.key, args: values }] });
    history.push({
      role: 'tool',
      toolCallId: id,
      toolName: skill.key,
      result: outcome.ok
        ? { ok: true, outputs: outcome.outputs }
        : { ok: false, error: outcome.error?.message ?? 'failed' },
    });
    if (!outcome.ok) {
      turn.replies.push(SAY.handoffAfterFailure);
      turn.handoff = 'action_failed';
      return;
    }
    try {
      // The tools are offered even though only words are wanted: Anthropic rejects a history
      // holding tool calls when the request defines no tools. A tool call here is ignored.
      const out = await callModel(ports, opts, history, toolsFor(ports), state);
      const reply = out.text.trim() || successReply(skill, values, outcome.outputs);
      history.push({ role: 'assistant', content: reply });
      turn.replies.push(reply);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      turn.replies.push(successReply(skill, values, outcome.outputs));
    }
  };
}

async function callModel(
  ports: TurnPorts,
  opts: LlmTurnOptions,
  history: LlmMessage[],
  tools: LlmTool[],
  state: { tokens: number },
) {
  const lastUser = [...history].reverse().find((m) => m.role === 'user');
  const found = lastUser && lastUser.role === 'user' ? ports.knowledge(lastUser.content) : null;
  const system = buildSystemPrompt({
    agent: {
      name: opts.agent.name,
      tone: opts.agent.tone,
      guidelines: opts.agent.guidelines,
      languages: opts.agent.languages,
    },
    skills: ports.catalog.skills.map((s) => ({
      name: s.key,
      description: `${s.name}: ${s.description}`,
      kind: s.kind,
      responseInstructions: s.responseInstructions,
    })),
    ...(found ? { knowledge: [{ text: found.answer, citation: formatCitation(found.citation) }] } : {}),
    contact: {
      verified: ports.contact.verified,
      ...(ports.contact.name ? { name: ports.contact.name } : {}),
    },
  });
  const out = await llmStep({
    config: opts.model,
    system,
    messages: history,
    tools,
    maxRetries: 1,
    timeoutMs: 30_000,
  });
  state.tokens += out.usage.inputTokens + out.usage.outputTokens;
  return out;
}

function toolsFor(ports: TurnPorts): LlmTool[] {
  return [
    ...ports.catalog.skills.map((s: CatalogSkill) => ({
      name: s.key,
      description: `${s.name}: ${s.description}${s.kind === 'write' ? ' (the customer will be asked to confirm)' : ''}`,
      parameters: actionInputsJsonSchema(s),
    })),
    handoffTool,
  ];
}

function handoff(turn: Turn, reason: string, text?: string): void {
  clearPending(turn.memory);
  turn.handoff = reason;
  turn.replies.push(text?.trim() || SAY.handoff);
}

function say(turn: Turn, text: string): void {
  turn.replies.push(text);
  turn.memory.llm?.push({ role: 'assistant', content: text });
}

/** Keeps the newest messages, starting at a user message so no tool result loses its call. */
function trimHistory(history: LlmMessage[]): LlmMessage[] {
  const tail = history.slice(-HISTORY_LIMIT);
  const start = tail.findIndex((m) => m.role === 'user');
  return start >= 0 ? tail.slice(start) : [];
}
