import { checkInputs } from '../../actions/definition/values.ts';
import { detectControl } from '../../understanding/extract/index.ts';
import { HANDOFF_TOOL_NAME } from '../../understanding/llm/prompt.ts';
import type { LlmMessage } from '../../understanding/llm/step.ts';
import { type Draft, newDraft, say, traceSkill } from './draft.ts';
import { beginSkill } from './gates.ts';
import { handOff, handoffRequested } from './handoff.ts';
import type { Memory } from './memory.ts';
import { callModel, phraseResult, remember, trimHistory } from './model.ts';
import type { EnginePorts } from './ports.ts';
import { builtinRunReply } from './run-reply.ts';
import { contextValues } from './values.ts';
import { resume } from './waiting.ts';

/**
 * The LLM engine (C3), beside the built-in one: the model chooses tools and words replies;
 * the handoff rules and the gates are the same code the built-in engine uses — tool
 * arguments are checked with the same strict rules, a write becomes a confirmation question
 * the customer must answer, identity is verified first, and a loop guard caps tool calls per
 * turn. Only mapped outputs reach the model.
 *
 * @throws AppError `llm_unavailable` when the model cannot answer; the caller falls back.
 */
export const MAX_MODEL_STEPS = 4;
export const MAX_TOOL_CALLS_PER_TURN = 5;
export const MAX_SAME_CALL = 2;

export async function llmTurn(
  ports: EnginePorts,
  memory: Memory,
  text: string,
  draft?: Draft,
): Promise<Draft> {
  const d = draft ?? newDraft(ports, memory, 'llm');
  d.trace.llm = { toolCalls: [], tokens: 0 };
  d.memory.llm ??= [];
  const history = d.memory.llm;
  history.push({ role: 'user', content: text });
  const control = detectControl(text);
  if (control) d.trace.control = control;
  try {
    const handoff = handoffRequested(d.memory, text, control, ports.agent.handoffTopics);
    if (handoff) {
      handOff(d, handoff);
      remember(d, history, 0);
      return d;
    }
    // The gates answer deterministically, whatever the model would say.
    const gate = await resume(d, text, control);
    if (gate) {
      remember(d, history, 0);
      // Whoever started the skill words its result: the model for its tool call, else the built-in words.
      if (gate.type === 'ran' && gate.toolCallId) await phraseResult(d, history, gate);
      else if (gate.type === 'ran') {
        const from = d.replies.length;
        builtinRunReply(d, gate);
        remember(d, history, from);
      }
      return d;
    }
    delete d.memory.awaiting;
    delete d.memory.clarify;
    await modelLoop(d, history);
    return d;
  } finally {
    d.trace.llm.tokens = d.tokens;
    d.memory.llm = trimHistory(d.memory.llm);
  }
}

async function modelLoop(draft: Draft, history: LlmMessage[]): Promise<void> {
  const { ports, w } = draft;
  const toolCalls = draft.trace.llm!.toolCalls;
  const seen = new Map<string, number>();
  let calls = 0;
  for (let step = 0; step < MAX_MODEL_STEPS; step++) {
    const out = await callModel(draft, history);
    if (out.toolCalls.length === 0) {
      const reply = out.text.trim() || w.anythingElse;
      history.push({ role: 'assistant', content: reply });
      say(draft, reply);
      return;
    }
    history.push({ role: 'assistant', content: out.text, toolCalls: out.toolCalls });
    let waitForCustomer = false;
    // What a gate says to the customer enters the history after every call of this step has its
    // result: providers reject a tool call whose results do not follow it directly.
    const gateFrom = draft.replies.length;
    for (const call of out.toolCalls) {
      const signature = `${call.name}:${JSON.stringify(call.args)}`;
      seen.set(signature, (seen.get(signature) ?? 0) + 1);
      calls += 1;
      const record = (accepted: boolean, reason?: string) =>
        toolCalls.push({ name: call.name, args: call.args, accepted, ...(reason ? { reason } : {}) });
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
        handOff(draft, 'llm_decided', out.text);
        return;
      }
      const skill = ports.catalog.byKey.get(call.name);
      if (!skill) {
        record(false, 'unknown tool');
        result({ error: `There is no tool "${call.name}".` });
        continue;
      }
      const args =
        call.args !== null && typeof call.args === 'object' ? (call.args as Record<string, unknown>) : {};
      const checked = checkInputs(skill, { ...args, ...contextValues(skill, ports) });
      if (!checked.ok) {
        record(false, 'invalid arguments');
        result({
          error: 'Invalid arguments; ask the customer for the right values.',
          details: checked.details,
        });
        continue;
      }
      record(true);
      if (skill.kind === 'write' || (skill.requiresVerifiedIdentity && !draft.verified)) {
        // The gate, not the model, asks the customer; the tool call is answered as pending.
        result({
          status: 'waiting_for_customer',
          note: 'The system asked the customer to confirm or verify. Do not call it again.',
        });
        await beginSkill(draft, skill, checked.values, call.id);
        waitForCustomer = true;
        continue;
      }
      const outcome = await ports.run(skill, checked.values, ports.newRunId());
      traceSkill(draft, skill);
      draft.trace.inputs = checked.values;
      draft.trace.run = {
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
    remember(draft, history, gateFrom);
    if (waitForCustomer || draft.handoff) return;
  }
  handOff(draft, 'repeated_failure', w.handoffAfterFailure);
}
