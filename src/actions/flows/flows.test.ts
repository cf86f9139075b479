import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';
import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { type LoopbackServer, sendJson, startLoopbackServer } from '../../shared/http/loopback-server.ts';
import type { ActionDefinition } from '../definition/schema.ts';
import { validateActionDefinition } from '../definition/validate.ts';
import { runFlow } from './run-flow.ts';
import type { FlowDefinitionInput } from './schema.ts';
import { flowKind, validateFlowDefinition } from './validate.ts';

let store: LoopbackServer;
let client: HttpClient;
let actions: Map<string, ActionDefinition>;

beforeAll(async () => {
  store = await startLoopbackServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/customers') {
      const email = url.searchParams.get('email');
      if (email === 'jane@example.com')
        return sendJson(res, 200, { id: 77, name: 'Jane', orders: [{ id: 'A1' }] });
      return sendJson(res, 404, { error: 'unknown customer' });
    }
    if (url.pathname === '/refunds') {
      const parsed = JSON.parse(body) as { customer_id: number; order_id: string; reason: string };
      return sendJson(res, 201, { refund_id: `R-${parsed.customer_id}-${parsed.order_id}`, echoed: parsed });
    }
    sendJson(res, 500, {});
  });
  client = createHttpClient({ devHosts: store.host });
  const find = validateActionDefinition({
    key: 'find_customer',
    name: 'Find customer',
    description: 'Finds a customer by email.',
    kind: 'read',
    inputs: [{ name: 'email', type: 'string', format: 'email' }],
    request: { method: 'GET', url: `${store.origin}/customers`, query: { email: '{{email}}' } },
    outputs: [
      { name: 'customer_id', path: '$.id' },
      { name: 'latest_order', path: '$.orders[-1].id' },
    ],
  });
  const refund = validateActionDefinition({
    key: 'refund_order',
    name: 'Refund order',
    description: 'Refunds an order.',
    kind: 'write',
    inputs: [
      { name: 'customer_id', type: 'integer' },
      { name: 'order_id', type: 'string' },
      { name: 'reason', type: 'string', required: false, default: 'customer request' },
      {
        name: 'agent_email',
        type: 'string',
        source: 'context',
        contextField: 'contact.email',
        required: false,
      },
    ],
    request: {
      method: 'POST',
      url: `${store.origin}/refunds`,
      body: {
        customer_id: '{{customer_id}}',
        order_id: '{{order_id}}',
        reason: '{{reason}}',
        by: '{{agent_email}}',
      },
    },
    outputs: [
      { name: 'refund_id', path: '$.refund_id' },
      { name: 'echoed', path: '$.echoed' },
    ],
  });
  actions = new Map([
    [find.key, find],
    [refund.key, refund],
  ]);
});
afterAll(async () => {
  await client.close();
  await store.close();
});

const lookup = (key: string) => actions.get(key);

const refundFlow = (overrides: Partial<FlowDefinitionInput> = {}): FlowDefinitionInput => ({
  key: 'refund_latest',
  name: 'Refund my latest order',
  description: 'Finds the customer by email and refunds their latest order.',
  inputs: [{ name: 'email', type: 'string', format: 'email' }],
  steps: [
    { key: 'lookup', action: 'find_customer', inputs: { email: '{{email}}' } },
    {
      action: 'refund_order',
      inputs: { customer_id: '{{steps.lookup.customer_id}}', order_id: '{{steps.0.latest_order}}' },
    },
  ],
  outputs: [
    { name: 'refund', value: '{{steps.1.refund_id}}' },
    { name: 'customer', value: '{{steps.lookup.customer_id}}' },
  ],
  responseTemplate: 'Refund {{refund}} is on its way.',
  ...overrides,
});

function problems(value: unknown): ErrorDetail[] {
  try {
    validateFlowDefinition(value, lookup);
  } catch (error) {
    if (error instanceof AppError) return error.details;
    throw error;
  }
  throw new Error('expected the flow to be refused');
}

describe('flows', () => {
  it('runs two steps, passing typed outputs on, and maps the flow outputs', async () => {
    const flow = validateFlowDefinition(refundFlow(), lookup);
    expect(flowKind(flow, lookup)).toBe('write');
    const result = await runFlow(
      flow,
      (key) => ({ action: actions.get(key)! }),
      { email: 'jane@example.com' },
      {
        client,
        context: { 'contact.email': 'agent@shop.example' },
      },
    );
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.result.ok)).toEqual([true, true]);
    expect(result.outputs).toEqual({ refund: 'R-77-A1', customer: 77 });
    expect(result.steps[1]?.result.outputs['echoed']).toEqual({
      customer_id: 77,
      order_id: 'A1',
      reason: 'customer request',
      by: 'agent@shop.example',
    });
  });

  it('stops at a failing step with a clear result', async () => {
    const flow = validateFlowDefinition(refundFlow(), lookup);
    const before = store.received.length;
    const result = await runFlow(
      flow,
      (key) => ({ action: actions.get(key)! }),
      { email: 'nobody@example.com' },
      {
        client,
      },
    );
    expect(result.ok).toBe(false);
    expect(result.failedStep).toEqual({
      index: 0,
      key: 'lookup',
      action: 'find_customer',
      error: { class: 'http_status', message: 'The API answered HTTP 404.' },
    });
    expect(result.steps).toHaveLength(1);
    expect(store.received.length).toBe(before + 1); // the refund never ran
  });

  it('checks the flow inputs strictly before any step', async () => {
    const flow = validateFlowDefinition(refundFlow(), lookup);
    const result = await runFlow(flow, lookup as never, { email: 'not-an-email' }, { client });
    expect(result).toMatchObject({ ok: false, steps: [], error: { class: 'invalid_input' } });
  });

  it('is a read flow when every step reads', () => {
    const flow = validateFlowDefinition(
      refundFlow({
        steps: [{ action: 'find_customer', inputs: { email: '{{email}}' } }],
        outputs: [],
        responseTemplate: 'x',
      }),
      lookup,
    );
    expect(flowKind(flow, lookup)).toBe('read');
  });

  it('refuses unknown actions and references with their paths', () => {
    const found = problems(
      refundFlow({
        steps: [
          { key: 'lookup', action: 'find_customer', inputs: { email: '{{mail}}', extra: 1 } },
          {
            action: 'refund_order',
            inputs: { customer_id: '{{steps.lookup.nope}}', order_id: '{{steps.2.x}}' },
          },
          { action: 'cancel_order', inputs: {} },
          { key: 'lookup', action: 'find_customer', inputs: { email: '{{steps.3.customer_id}}' } },
        ],
        outputs: [{ name: 'refund', value: 'R-{{steps.1.refund_id}}' }],
        responseTemplate: '{{nothing}}',
      }),
    );
    expect(found.map((d) => d.path).sort()).toEqual(
      [
        'outputs[0].value',
        'responseTemplate',
        'steps[0].inputs.email',
        'steps[0].inputs.extra',
        'steps[1].inputs.customer_id',
        'steps[1].inputs.order_id',
        'steps[2].action',
        'steps[3].inputs.email',
        'steps[3].key',
      ].sort(),
    );
    expect(found.find((d) => d.path === 'steps[3].inputs.email')?.message).toMatch(/not run yet/);
  });

  it('refuses a missing required input and a type mismatch', () => {
    const found = problems(
      refundFlow({
        inputs: [
          { name: 'email', type: 'string' },
          { name: 'amount', type: 'decimal' },
        ],
        steps: [
          { action: 'find_customer', inputs: { email: '{{email}}' } },
          { action: 'refund_order', inputs: { customer_id: '{{amount}}' } },
        ],
        outputs: [],
        responseTemplate: 'x',
      }),
    );
    expect(found).toEqual([
      {
        path: 'steps[1].inputs.customer_id',
        message: 'The flow input "amount" is decimal, the action input is integer.',
      },
      { path: 'steps[1].inputs', message: 'The required input "order_id" of "refund_order" is not given.' },
    ]);
  });
});
