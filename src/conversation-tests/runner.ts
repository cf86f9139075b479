import type { TurnResult } from '../conversations/turn-result.ts';
import { firstMismatch } from './expectations.ts';
import type { ContactSpec, TestSpec } from './format.ts';
import type { LoadedTestFile } from './load.ts';

/**
 * Runs a conversation test file against a running Frontdesk over its HTTP API — the same
 * calls a custom channel makes — so `frontdesk test` and the project's own tests check the
 * real product. Each test is a fresh conversation; it stops at its first mismatch.
 */
export interface ConversationTestClient {
  baseUrl: string;
  /** Resolves with the parsed JSON body; rejects on a non-2xx answer. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface RunOptions {
  /** Fills `${env:NAME}` in setup config; FRONTDESK_URL is always the client's base URL. */
  env?: Record<string, string | undefined>;
  /** Run only tests whose name contains this text. */
  only?: string;
}

export interface TestFailure {
  /** 1-based; 0 when the conversation could not be started. */
  turn: number;
  customer?: string;
  message: string;
  replies?: string[];
  state?: string;
}

export interface TestResult {
  name: string;
  passed: boolean;
  conversationId?: string;
  turns: number;
  failure?: TestFailure;
}

export interface FileResult {
  source: string;
  agent: string;
  passed: boolean;
  /** Set when the file could not run at all (setup failed, unknown agent). */
  error?: string;
  /** What the file needs from the server, to explain a failure that comes from its configuration. */
  server?: { smtp?: boolean };
  tests: TestResult[];
}

export async function runConversationTests(
  client: ConversationTestClient,
  file: LoadedTestFile,
  opts: RunOptions = {},
): Promise<FileResult> {
  const { spec } = file;
  const base = { source: file.source, agent: spec.agent, ...(spec.server ? { server: spec.server } : {}) };
  let agentId: string;
  try {
    agentId = await setUp(client, file, opts);
  } catch (err) {
    return { ...base, passed: false, error: messageOf(err), tests: [] };
  }
  const tests: TestResult[] = [];
  for (const test of spec.tests) {
    if (opts.only && !test.name.toLowerCase().includes(opts.only.toLowerCase())) continue;
    tests.push(await runTest(client, agentId, test, spec.draft, test.contact ?? spec.contact));
  }
  return { ...base, passed: tests.every((t) => t.passed), tests };
}

/** Applies the file's config, finds its agent and sets its handoff rules; returns the agent id. */
async function setUp(
  client: ConversationTestClient,
  file: LoadedTestFile,
  opts: RunOptions,
): Promise<string> {
  const { spec } = file;
  if (file.resources.length) {
    const missing: string[] = [];
    const resources = fillEnv(file.resources, { ...opts.env, FRONTDESK_URL: client.baseUrl }, missing);
    if (missing.length) throw new Error(`setup needs these environment variables: ${missing.join(', ')}`);
    await client.call('POST', '/api/v1/config/apply', { resources });
  }
  const { agents } = await client.call<{ agents: { id: string; name: string }[] }>('GET', '/api/v1/agents');
  const matches = agents.filter((a) => a.id === spec.agent || a.name === spec.agent);
  if (matches.length !== 1)
    throw new Error(
      matches.length
        ? `several agents are named "${spec.agent}": use its id`
        : `there is no agent "${spec.agent}" (agents: ${agents.map((a) => a.name).join(', ') || 'none'})`,
    );
  const agentId = matches[0]!.id;
  if (spec.setup?.handoff)
    await client.call('PATCH', `/api/v1/agents/${agentId}`, { handoff: spec.setup.handoff });
  return agentId;
}

async function runTest(
  client: ConversationTestClient,
  agentId: string,
  test: TestSpec,
  fileDraft: boolean,
  contact: ContactSpec | undefined,
): Promise<TestResult> {
  const result: TestResult = { name: test.name, passed: false, turns: test.turns.length };
  try {
    const created = await client.call<{ id: string }>('POST', `/api/v1/agents/${agentId}/conversations`, {
      draft: test.draft ?? fileDraft,
      ...(contact ? { contact } : {}),
    });
    result.conversationId = created.id;
  } catch (err) {
    result.failure = { turn: 0, message: `the conversation could not be started: ${messageOf(err)}` };
    return result;
  }
  const conversation = `/api/v1/conversations/${result.conversationId}`;
  const handoffSummary = async () => {
    const c = await client.call<{ handoffs: { summary: string }[] }>('GET', conversation);
    return c.handoffs.at(-1)?.summary ?? null;
  };
  for (const [i, step] of test.turns.entries()) {
    const turn = i + 1;
    if (step.handback) {
      try {
        await client.call('POST', `${conversation}/handback`);
      } catch (err) {
        result.failure = { turn, message: `the handback was refused: ${messageOf(err)}` };
        return result;
      }
      continue;
    }
    const customer = step.customer!;
    let answer: TurnResult;
    try {
      answer = await client.call<TurnResult>('POST', `${conversation}/messages`, {
        text: customer,
        ...(step.clientMessageId ? { clientMessageId: step.clientMessageId } : {}),
      });
    } catch (err) {
      result.failure = { turn, customer, message: `the message was refused: ${messageOf(err)}` };
      return result;
    }
    const mismatch = step.expect ? await firstMismatch(step.expect, answer, handoffSummary) : null;
    if (mismatch) {
      result.failure = {
        turn,
        customer,
        message: mismatch,
        replies: answer.replies.map((r) => r.text),
        state: answer.state,
      };
      return result;
    }
  }
  result.passed = true;
  return result;
}

/** Replaces `${env:NAME}` in every string, collecting names that have no value. */
function fillEnv(value: unknown, env: Record<string, string | undefined>, missing: string[]): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined && !missing.includes(name)) missing.push(name);
      return v ?? '';
    });
  if (Array.isArray(value)) return value.map((v) => fillEnv(v, env, missing));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillEnv(v, env, missing)]));
  return value;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
