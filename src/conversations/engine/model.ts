import { actionInputsJsonSchema } from '../../actions/definition/tool-schema.ts';
import { formatCitation } from '../../knowledge/citation.ts';
import { AppError } from '../../shared/errors.ts';
import { buildSystemPrompt, handoffTool } from '../../understanding/llm/prompt.ts';
import type { LlmMessage, LlmStepResult, LlmTool } from '../../understanding/llm/step.ts';
import type { Draft } from './draft.ts';
import type { Ran } from './gates.ts';
import { handOff } from './handoff.ts';
import { plainText } from './replies.ts';
import { successText } from './wording/compose.ts';

/** The LLM engine's calls to its model port (C3): the prompt, the tools, and the wording of results. */

export const HISTORY_LIMIT = 40;

/** Whether an error is the model being unavailable, after which the built-in engine answers. */
export const isModelDown = (err: unknown): err is AppError =>
  err instanceof AppError && err.code === 'llm_unavailable';

export async function callModel(draft: Draft, history: LlmMessage[]): Promise<LlmStepResult> {
  const { ports } = draft;
  const lastUser = history.findLast((m) => m.role === 'user');
  const found = lastUser?.role === 'user' ? ports.knowledge(lastUser.content) : null;
  const system = buildSystemPrompt({
    agent: {
      name: ports.agent.name,
      tone: ports.agent.tone,
      guidelines: ports.agent.guidelines,
      languages: ports.agent.languages,
    },
    skills: ports.catalog.skills.map((s) => ({
      name: s.key,
      description: `${s.name}: ${s.description}`,
      kind: s.kind,
      responseInstructions: s.responseInstructions,
    })),
    ...(found ? { knowledge: [{ text: found.answer, citation: formatCitation(found.citation) }] } : {}),
    contact: { verified: draft.verified, ...(ports.contact.name ? { name: ports.contact.name } : {}) },
  });
  const out = await ports.model!.step({ system, messages: history, tools: toolsFor(draft) });
  draft.tokens += out.usage.inputTokens + out.usage.outputTokens;
  return out;
}

export function toolsFor(draft: Draft): LlmTool[] {
  return [
    ...draft.ports.catalog.skills.map((s) => ({
      name: s.key,
      description: `${s.name}: ${s.description}${s.kind === 'write' ? ' (the customer will be asked to confirm)' : ''}`,
      parameters: actionInputsJsonSchema(s),
    })),
    handoffTool,
  ];
}

/**
 * After a gated run the model started: the result goes to the model as a tool result and the
 * model words the reply. A failed run goes to a person; a model that cannot word the result
 * leaves the built-in wording of it.
 */
export async function phraseResult(draft: Draft, history: LlmMessage[], ran: Ran): Promise<void> {
  const { skill, values, outcome } = ran;
  const id = `gate_${draft.ports.newRunId()}`;
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
    handOff(draft, 'action_failed', draft.w.handoffAfterFailure);
    return;
  }
  let words = '';
  try {
    // The tools are offered even though only words are wanted: Anthropic rejects a history
    // holding tool calls when the request defines no tools. A tool call here is ignored.
    words = (await callModel(draft, history)).text.trim();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
  }
  const reply = words || successText(draft.w, skill, values, outcome.outputs);
  history.push({ role: 'assistant', content: reply });
  draft.replies.push({ parts: [{ type: 'text', text: reply }] });
}

/** Adds the replies from index `from` on to the model's history, as the customer saw them. */
export function remember(draft: Draft, history: LlmMessage[], from: number): void {
  for (const r of draft.replies.slice(from)) history.push({ role: 'assistant', content: plainText(r) });
}

/** Keeps the newest messages, starting at a user message so no tool result loses its call. */
export function trimHistory(history: LlmMessage[]): LlmMessage[] {
  if (history.length <= HISTORY_LIMIT) return history;
  const tail = history.slice(-HISTORY_LIMIT);
  const start = tail.findIndex((m) => m.role === 'user');
  return start >= 0 ? tail.slice(start) : [];
}
