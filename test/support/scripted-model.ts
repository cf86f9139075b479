import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test support: a language model on 127.0.0.1 that plays scripted turns. It speaks the
 * OpenAI chat-completions API (`POST /v1/chat/completions`) and the Anthropic messages API
 * (`POST /v1/messages`), non-streaming — `generateText` never streams — so the real AI SDK
 * provider clients can be tested end to end without a network.
 */
export interface ScriptedToolCall {
  name: string;
  args: unknown;
}

export interface ScriptedReply {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: { input: number; output: number };
}

/** Answers the request with an HTTP error in the provider's error format. */
export interface ScriptedFailure {
  error: { status: number; message: string };
}

export interface ScriptedRequest {
  api: 'openai' | 'anthropic';
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON request body, exactly as the SDK sent it. */
  body: any;
  /** `body.messages.at(-1)`, for turns that answer the last message. */
  lastMessage: any;
}

export type ScriptedTurn =
  | ScriptedReply
  | ScriptedFailure
  | ((request: ScriptedRequest) => ScriptedReply | ScriptedFailure);

export interface ScriptedModelOptions {
  /** When set, a request without exactly this key gets the provider's 401. */
  apiKey?: string;
}

export interface ScriptedModel {
  /** Base URL including `/v1`, as the providers' `baseURL` expects. */
  url: string;
  /** Every request received, in order (including rejected ones). */
  requests: ScriptedRequest[];
  /** Turns not played yet. */
  remaining(): number;
  close(): Promise<void>;
}

const DEFAULT_USAGE = { input: 10, output: 5 };

export async function startScriptedModel(
  script: ScriptedTurn[],
  options: ScriptedModelOptions = {},
): Promise<ScriptedModel> {
  const requests: ScriptedRequest[] = [];
  let next = 0;
  let toolCallIds = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const api = path === '/v1/messages' ? 'anthropic' : path === '/v1/chat/completions' ? 'openai' : null;
      if (req.method !== 'POST' || api === null) {
        sendJson(res, 404, { error: { message: `scripted model: no route for ${req.method} ${path}` } });
        return;
      }
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        sendError(res, api, 400, 'scripted model: the request body is not JSON');
        return;
      }
      const request: ScriptedRequest = {
        api,
        path,
        headers: req.headers,
        body,
        lastMessage: Array.isArray(body?.messages) ? body.messages.at(-1) : undefined,
      };
      requests.push(request);

      const key = api === 'openai' ? bearer(req.headers.authorization) : header(req.headers['x-api-key']);
      if (options.apiKey !== undefined && key !== options.apiKey) {
        // Real providers echo (part of) the key; echoing all of it proves callers never pass it on.
        sendError(res, api, 401, `Incorrect API key provided: ${key ?? '(none)'}`);
        return;
      }
      if (body?.stream === true) {
        sendError(res, api, 400, 'scripted model: streaming is not supported');
        return;
      }
      const turn = script[next];
      if (turn === undefined) {
        sendError(
          res,
          api,
          500,
          `scripted model: the script has no turn left for request #${requests.length}`,
        );
        return;
      }
      next += 1;
      const reply = typeof turn === 'function' ? turn(request) : turn;
      if ('error' in reply) {
        // retry-after-ms lets the SDK retry a retryable failure at once instead of backing off.
        sendError(res, api, reply.error.status, reply.error.message, { 'retry-after-ms': '0' });
        return;
      }
      const ids = (reply.toolCalls ?? []).map(() => {
        toolCallIds += 1;
        return api === 'openai' ? `call_${toolCallIds}` : `toolu_${toolCallIds}`;
      });
      const answer =
        api === 'openai'
          ? openAiCompletion(reply, ids, body, requests.length)
          : anthropicMessage(reply, ids, body, requests.length);
      sendJson(res, 200, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    remaining: () => script.length - next,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function openAiCompletion(reply: ScriptedReply, ids: string[], body: any, n: number) {
  const usage = reply.usage ?? DEFAULT_USAGE;
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: ids[i],
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.args) },
  }));
  return {
    id: `chatcmpl-scripted-${n}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body?.model ?? 'scripted',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
}

function anthropicMessage(reply: ScriptedReply, ids: string[], body: any, n: number) {
  const usage = reply.usage ?? DEFAULT_USAGE;
  const content: unknown[] = [];
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
  (reply.toolCalls ?? []).forEach((call, i) => {
    content.push({ type: 'tool_use', id: ids[i], name: call.name, input: call.args });
  });
  return {
    id: `msg_scripted_${n}`,
    type: 'message',
    role: 'assistant',
    model: body?.model ?? 'scripted',
    content,
    stop_reason: (reply.toolCalls ?? []).length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

function sendError(
  res: ServerResponse,
  api: 'openai' | 'anthropic',
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body =
    api === 'openai'
      ? { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: null } }
      : { type: 'error', error: { type: status === 401 ? 'authentication_error' : 'api_error', message } };
  sendJson(res, status, body, headers);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function bearer(value: string | undefined): string | undefined {
  const match = /^Bearer (.*)$/.exec(value ?? '');
  return match ? match[1] : undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
