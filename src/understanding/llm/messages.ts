import type { JSONValue, ModelMessage, ToolResultPart } from 'ai';

/** A tool call as the model asked for it; `args` is unvalidated model output. */
export interface LlmToolCall {
  id: string;
  name: string;
  args: unknown;
}

/** The conversation as the agent keeps it, independent of any provider's format. */
export type LlmMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; result: unknown };

/**
 * Converts the history to the SDK's messages, which each provider then renders in its own
 * format. Consecutive tool results become one tool message: Anthropic needs every result
 * of an assistant turn in the single user message that follows it.
 */
export function toModelMessages(messages: LlmMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      out.push({ role: 'user', content: message.content });
    } else if (message.role === 'assistant') {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) {
        out.push({ role: 'assistant', content: message.content });
        continue;
      }
      out.push({
        role: 'assistant',
        content: [
          ...(message.content === '' ? [] : [{ type: 'text' as const, text: message.content }]),
          ...calls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: call.args,
          })),
        ],
      });
    } else {
      const part: ToolResultPart = {
        type: 'tool-result',
        toolCallId: message.toolCallId,
        toolName: message.toolName,
        output:
          typeof message.result === 'string'
            ? { type: 'text', value: message.result }
            : { type: 'json', value: toJsonValue(message.result) },
      };
      const previous = out.at(-1);
      if (previous?.role === 'tool') previous.content.push(part);
      else out.push({ role: 'tool', content: [part] });
    }
  }
  return out;
}

/** Drops what JSON cannot carry (undefined, functions) the way JSON.stringify would. */
function toJsonValue(value: unknown): JSONValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JSONValue);
}
