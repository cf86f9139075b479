import { type ActionDefinitionInput, actionDefinitionSchema } from '../../src/actions/definition/schema.ts';
import type { Catalog, CatalogSkill } from '../../src/conversations/catalog.ts';
import {
  awaitingOf,
  type CodeCheck,
  type ContactFacts,
  type EnginePorts,
  engineTurn,
  type Memory,
  type ModelPort,
  type ModelRequest,
  plainText,
  type RunOutcome,
} from '../../src/conversations/engine/index.ts';
import type { KnowledgeAnswer } from '../../src/knowledge/types.ts';
import { llmUnavailable } from '../../src/understanding/llm/errors.ts';
import type { LlmStepResult } from '../../src/understanding/llm/step.ts';
import { buildRouter } from '../../src/understanding/routing/index.ts';

/**
 * Fake engine ports for unit tests: the demo store's actions (plus two close "cancel"
 * actions for clarifying questions), a knowledge base of two answers, runs and codes that
 * are recorded and scripted, and a scripted model. No database, no network.
 */
const URL = 'https://store.example.com/api';
export const DEMO_ACTIONS: ActionDefinitionInput[] = [
  {
    key: 'order_status',
    name: 'Order status',
    description: 'Check where an order is and when it will arrive',
    triggers: [
      'where is my order',
      'track my package',
      'has my order shipped',
      'when will my order arrive',
      'order status',
    ],
    kind: 'read',
    inputs: [
      {
        name: 'order_number',
        type: 'string',
        pattern: '^[0-9]{4,6}$',
        instructions: '4 to 6 digits, e.g. 1234',
      },
    ],
    request: { method: 'GET', url: `${URL}/orders/{{order_number}}` },
    responseTemplate:
      'Order {{order_number}} is {{status}}.{{#if eta}} It should arrive on {{eta}} with {{carrier}}.{{/if}}',
  },
  {
    key: 'reset_password',
    name: 'Reset password',
    description: 'Send a password reset link to the email address of an account',
    triggers: ['reset my password', 'I forgot my password', "I can't log in", 'change my password'],
    kind: 'write',
    inputs: [
      {
        name: 'email',
        type: 'string',
        format: 'email',
        instructions: 'The email address of your account (e.g. jane@example.com)',
      },
    ],
    request: { method: 'POST', url: `${URL}/password-resets` },
    responseTemplate:
      "I've sent a password reset link to {{email}}. It works for {{expires_in_minutes}} minutes.",
  },
  {
    key: 'refund_order',
    name: 'Refund an order',
    description: 'Refund an order to the original payment method',
    triggers: [
      'I want a refund',
      'refund my order',
      'give me my money back',
      'I want my money back for an order',
    ],
    kind: 'write',
    requiresVerifiedIdentity: true,
    inputs: [
      {
        name: 'order_number',
        type: 'string',
        pattern: '^[0-9]{4,6}$',
        instructions: '4 to 6 digits, e.g. 1234',
      },
      { name: 'reason', type: 'string', instructions: 'Briefly, why would you like a refund?' },
    ],
    request: { method: 'POST', url: `${URL}/refunds` },
    responseTemplate:
      'Done: refund {{refund_id}} of {{amount}} {{currency}} for order {{order_number}} is approved.',
  },
  {
    key: 'cancel_order',
    name: 'Cancel an order',
    description: 'Cancel an order that has not shipped yet',
    triggers: ['cancel my order', 'I want to cancel an order', 'stop my order before it ships'],
    kind: 'write',
    inputs: [
      {
        name: 'order_number',
        type: 'string',
        pattern: '^[0-9]{4,6}$',
        instructions: '4 to 6 digits, e.g. 1234',
      },
    ],
    request: { method: 'POST', url: `${URL}/cancellations` },
    responseTemplate: 'Order {{order_number}} is cancelled.',
  },
  {
    key: 'cancel_subscription',
    name: 'Cancel a subscription',
    description: 'Cancel a monthly subscription plan',
    triggers: ['cancel my subscription', 'I want to cancel my plan', 'stop my monthly subscription'],
    kind: 'write',
    inputs: [
      {
        name: 'plan',
        type: 'string',
        enum: ['basic', 'plus', 'pro'],
        instructions: 'Which plan - basic, plus or pro?',
      },
    ],
    request: { method: 'POST', url: `${URL}/subscription-cancellations` },
    responseTemplate: 'Your {{plan}} plan is cancelled.',
  },
];

export function catalogOf(actions: ActionDefinitionInput[] = DEMO_ACTIONS): Catalog {
  const skills: CatalogSkill[] = actions.map((input, i) => {
    const d = actionDefinitionSchema.parse(input);
    return {
      id: `skl_${i}`,
      accountId: 'acc_test',
      agentId: 'agt_test',
      type: 'action',
      key: d.key,
      version: 1,
      definition: d,
      name: d.name,
      description: d.description,
      triggers: d.triggers,
      kind: d.kind,
      inputs: d.inputs,
      requiresVerifiedIdentity: d.requiresVerifiedIdentity,
      responseTemplate: d.responseTemplate,
      responseInstructions: d.responseInstructions,
    };
  });
  const router = buildRouter(
    skills.map((s) => ({ id: s.key, name: s.name, description: s.description, triggers: s.triggers })),
  );
  return { skills, byKey: new Map(skills.map((s) => [s.key, s])), router };
}

const CATALOG = catalogOf();

export const KNOWLEDGE: Record<string, KnowledgeAnswer> = {
  ship: {
    answer: 'Yes. We ship to 40 countries; international delivery takes 5 to 12 business days.',
    citation: { sourceId: 'src_faq', title: 'FAQ', anchor: 'faq_1', kind: 'faq' },
    score: 0.9,
    confidence: 'high',
  },
  return: {
    answer: 'You can return any item within 30 days of delivery for a full refund.',
    citation: { sourceId: 'src_doc', title: 'Returns policy', anchor: 'returns', kind: 'document' },
    score: 0.8,
    confidence: 'high',
  },
};

export interface FakePorts extends EnginePorts {
  runs: { key: string; values: Record<string, unknown>; runId: string }[];
  codesSent: string[];
}

export interface FakeOptions {
  contact?: Partial<ContactFacts>;
  verified?: boolean;
  canSendCodes?: boolean;
  handoffTopics?: string[];
  maxFailures?: number;
  /** The outcome of each run, by skill key; default: ok with no outputs. */
  outcomes?: Record<string, RunOutcome | ((values: Record<string, unknown>) => RunOutcome)>;
  /** What checkCode answers, in order; default 'verified' for 123456, else 'wrong'. */
  codeChecks?: CodeCheck[];
  model?: ModelPort;
  catalog?: Catalog;
}

export function fakePorts(opts: FakeOptions = {}): FakePorts {
  let ids = 0;
  const runs: FakePorts['runs'] = [];
  const codesSent: string[] = [];
  const checks = [...(opts.codeChecks ?? [])];
  const email = opts.contact?.email ?? 'jane@example.com';
  const ports: FakePorts = {
    runs,
    codesSent,
    conversationId: 'cnv_test',
    catalog: opts.catalog ?? CATALOG,
    agent: {
      name: 'Test Agent',
      tone: 'friendly and concise',
      greeting: 'Hi!',
      guidelines: [],
      languages: ['en'],
      handoffTopics: opts.handoffTopics ?? [],
      maxFailures: opts.maxFailures ?? 3,
    },
    contact: {
      name: 'Jane',
      email,
      phone: null,
      identities: email ? [{ type: 'email', value: email, verified: opts.verified ?? false }] : [],
      ...opts.contact,
    },
    extract: { now: new Date('2026-11-20T10:00:00Z'), timeZone: 'UTC' },
    knowledge: (q) =>
      /ship|countries|canada/i.test(q)
        ? KNOWLEDGE.ship!
        : /return|refund policy/i.test(q)
          ? KNOWLEDGE.return!
          : null,
    run: async (skill, values, runId) => {
      runs.push({ key: skill.key, values, runId });
      const o = opts.outcomes?.[skill.key];
      return typeof o === 'function' ? o(values) : (o ?? { ok: true, outputs: {} });
    },
    canSendCodes: opts.canSendCodes ?? true,
    sendCode: async (to) => {
      codesSent.push(to);
    },
    checkCode: async (code) => checks.shift() ?? (code === '123456' ? 'verified' : 'wrong'),
    newRunId: () => `run_${++ids}`,
    ...(opts.model ? { model: opts.model } : {}),
  };
  return ports;
}

/** One model answer: tool call ids may be left out. */
export interface ModelAnswer {
  text?: string;
  toolCalls?: { id?: string; name: string; args: unknown }[];
  usage?: LlmStepResult['usage'];
}
export type ScriptStep = ModelAnswer | 'down' | ((req: ModelRequest) => ModelAnswer | 'down');

/** A model port that plays a script, one step per call; 'down' throws llm_unavailable. */
export function scriptedModel(script: ScriptStep[]): ModelPort & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  let calls = 0;
  return {
    requests,
    step: async (req) => {
      requests.push(structuredClone(req));
      const s = script[calls++];
      const step = typeof s === 'function' ? s(req) : s;
      if (step === undefined) throw new Error(`the model script has no step ${calls}`);
      if (step === 'down') throw modelDown();
      return {
        text: step.text ?? '',
        toolCalls: (step.toolCalls ?? []).map((c, i) => ({ ...c, id: c.id ?? `call_${calls}_${i}` })),
        usage: step.usage ?? { inputTokens: 10, outputTokens: 5 },
      };
    },
  };
}

/** The error the real model port throws when the model does not answer in time. */
function modelDown(): Error {
  const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
  return llmUnavailable(timeout, { timeoutMs: 30_000 })!;
}

/** A conversation with the engine over fake ports: each message is a turn; memory carries over. */
export function conversation(ports: EnginePorts, memory: Memory = {}) {
  const state = { memory, handedOff: undefined as string | undefined };
  return {
    get memory() {
      return state.memory;
    },
    async send(text: string) {
      const d = await engineTurn(ports, state.memory, text);
      state.memory = d.memory;
      return {
        ...d,
        texts: d.replies.map(plainText),
        state: d.handoff ? 'handed_off' : awaitingOf(d.memory),
      };
    },
  };
}
