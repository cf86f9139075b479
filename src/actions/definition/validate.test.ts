import { describe, expect, it } from 'vitest';
import { sampleAction } from '../../../test/support/action-fixtures.ts';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';
import { parseBodyTemplate } from './body-template.ts';
import { type ActionDefinitionInput, actionDefinitionJsonSchema } from './schema.ts';
import { actionInputsJsonSchema } from './tool-schema.ts';
import { validateActionDefinition } from './validate.ts';

function problems(value: unknown, options = {}): ErrorDetail[] {
  try {
    validateActionDefinition(value, options);
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.kind).toBe('invalid');
      expect(error.code).toBe('invalid');
      return error.details;
    }
    throw error;
  }
  throw new Error('expected the action to be refused');
}

const paths = (value: unknown) => problems(value).map((d) => d.path);

const post = (
  body: ActionDefinitionInput['request']['body'],
  extra: Partial<ActionDefinitionInput['request']> = {},
): ActionDefinitionInput =>
  sampleAction({
    kind: 'write',
    inputs: [
      { name: 'sku', type: 'string' },
      { name: 'qty', type: 'integer' },
    ],
    request: { method: 'POST', url: 'https://store.example.com/cart', body, ...extra },
  });

describe('validateActionDefinition', () => {
  it('accepts a valid action and fills defaults', () => {
    const action = validateActionDefinition(sampleAction());
    expect(action.inputs[0]).toMatchObject({ required: true, source: 'customer', sensitive: false });
    expect(action.request.headers).toEqual({});
    expect(action.requiresVerifiedIdentity).toBe(false);
  });

  it('refuses a placeholder that names no input, wherever it is', () => {
    expect(
      paths(sampleAction({ request: { method: 'GET', url: 'https://x.example/o/{{orderId}}' } })),
    ).toEqual(['request.url']);
    expect(paths(post({ items: [{ sku: '{{sku}}', qty: '{{quantity}}' }] }))).toEqual([
      'request.body.items[0].qty',
    ]);
    expect(paths(post({ sku: '{{sku}}', qty: '{{qty}}' }, { query: { ref: 'x-{{ref}}' } }))).toEqual([
      'request.query.ref',
    ]);
    expect(paths(post({ sku: '{{sku}}' }, { headers: { 'X-Ref': '{{nope}}' } }))).toEqual([
      'request.headers.X-Ref',
    ]);
  });

  it('keeps the host fixed and the path clean', () => {
    const url = (u: string) => paths(sampleAction({ request: { method: 'GET', url: u } }));
    expect(url('https://{{order_id}}.example.com/')).toEqual(['request.url']);
    expect(url('https://api.example.com:{{order_id}}/')).toEqual(['request.url']);
    expect(url('store.example.com/orders')).toEqual(['request.url']);
    expect(url('https://store.example.com/a/../b')).toEqual(['request.url']);
    expect(url('https://store.example.com/a#frag')).toEqual(['request.url']);
    expect(url('ftp://store.example.com/')).toEqual(['request.url']);
  });

  it('enforces 100 inputs and 100 outputs', () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({
      name: `in${i}`,
      type: 'string' as const,
      required: false,
    }));
    const outputs = Array.from({ length: 101 }, (_, i) => ({ name: `out${i}`, path: `$.o${i}` }));
    const found = problems(sampleAction({ inputs, outputs }));
    expect(found.map((d) => d.path)).toEqual(['inputs', 'outputs']);
    expect(found[0]?.message).toMatch(/100/);
    expect(() =>
      validateActionDefinition(
        sampleAction({
          inputs: inputs.slice(0, 100),
          outputs: outputs.slice(0, 100),
          request: { method: 'GET', url: 'https://x.example/' },
          responseTemplate: 'ok',
        }),
      ),
    ).not.toThrow();
  });

  it('refuses duplicate names, wrong defaults, bad patterns and bad output paths', () => {
    const found = paths(
      sampleAction({
        inputs: [
          { name: 'order_id', type: 'string' },
          { name: 'order_id', type: 'string' },
          { name: 'email', type: 'string', required: false, default: 'not-an-email', format: 'email' },
          { name: 'qty', type: 'integer', required: false, default: 2.5 },
          { name: 'flag', type: 'boolean', required: false, default: 'true' },
          { name: 'code', type: 'string', pattern: '([a-z' },
          { name: 'size', type: 'integer', enum: [1, 'two'] },
          { name: 'ids', type: 'array' },
          { name: 'count', type: 'integer', format: 'email' },
          { name: 'mail', type: 'string', source: 'context' },
          { name: 'req', type: 'string', default: 'x' },
        ],
        outputs: [
          { name: 'status', path: '$.status' },
          { name: 'status', path: 'status' },
          { name: 'x', path: '$.items[?(@.a)]' },
        ],
        responseTemplate: 'ok',
      }),
    );
    expect(found.sort()).toEqual(
      [
        'inputs[1].name',
        'inputs[2].default',
        'inputs[3].default',
        'inputs[4].default',
        'inputs[5].pattern',
        'inputs[6].enum[1]',
        'inputs[7].items',
        'inputs[8].format',
        'inputs[9].contextField',
        'inputs[10].default',
        'outputs[1].name',
        'outputs[1].path',
        'outputs[2].path',
      ].sort(),
    );
  });

  it('checks headers, GET bodies, keys, templates and connections', () => {
    expect(paths(post({}, { headers: { 'Content-Type': 'text/plain' } }))).toEqual([
      'request.headers.Content-Type',
    ]);
    expect(paths(post({}, { headers: { Host: 'evil' } }))).toEqual(['request.headers.Host']);
    expect(paths(post({}, { headers: { 'Bad Name': 'x' } }))).toEqual(['request.headers.Bad Name']);
    expect(paths(post({ '{{sku}}': 1 }))).toEqual(['request.body.{{sku}}']);
    expect(
      paths(sampleAction({ request: { method: 'GET', url: 'https://x.example/', body: { a: 1 } } })),
    ).toEqual(['request.body']);
    expect(paths(sampleAction({ responseTemplate: 'Status {{state}}' }))).toEqual(['responseTemplate']);
    expect(paths(sampleAction({ responseTemplate: '{{#if status}}x' }))).toEqual(['responseTemplate']);
    const conn = sampleAction({ request: { method: 'GET', url: 'https://x.example/', connection: 'store' } });
    expect(problems(conn, { connectionExists: () => false }).map((d) => d.path)).toEqual([
      'request.connection',
    ]);
    expect(() =>
      validateActionDefinition(conn, { connectionExists: (k: string) => k === 'store' }),
    ).not.toThrow();
  });

  it('reports structure errors and unknown fields at their paths', () => {
    const found = paths({ ...sampleAction({ key: 'Order Status', kind: 'delete' as never }), extra: 1 });
    expect(found.sort()).toEqual(['extra', 'key', 'kind']);
    expect(
      paths(sampleAction({ request: { method: 'GET', url: 'https://x.example/', verb: 'x' } as never })),
    ).toEqual(['request.verb']);
  });

  it('is the single source for a JSON Schema of the definition', () => {
    const schema = actionDefinitionJsonSchema();
    expect(schema['type']).toBe('object');
    expect((schema['required'] as string[]).sort()).toEqual([
      'description',
      'key',
      'kind',
      'name',
      'request',
    ]);
  });
});

describe('body templates typed as text', () => {
  it('turns bare tokens into typed placeholders and leaves strings alone', () => {
    expect(parseBodyTemplate('{"qty": {{quantity}}, "note": "{{a}} and }} {{", "list": [{{ x }}]}')).toEqual({
      qty: '{{quantity}}',
      note: '{{a}} and }} {{',
      list: ['{{x}}'],
    });
    expect(() => parseBodyTemplate('{"qty": {{quantity}')).toThrowError(
      expect.objectContaining({
        kind: 'invalid',
        details: [expect.objectContaining({ path: 'request.body' })],
      }),
    );
  });
});

describe('actionInputsJsonSchema', () => {
  it('describes the customer inputs for an LLM tool', () => {
    const action = validateActionDefinition(
      sampleAction({
        inputs: [
          { name: 'order_id', type: 'string', pattern: '[0-9]{4}', instructions: 'The order number' },
          { name: 'email', type: 'string', format: 'email' },
          { name: 'phone', type: 'string', format: 'phone', required: false },
          { name: 'qty', type: 'integer', required: false, default: 1 },
          { name: 'price', type: 'decimal' },
          { name: 'size', type: 'string', enum: ['S', 'M'] },
          { name: 'ids', type: 'array', items: 'integer' },
          { name: 'when', type: 'datetime' },
          { name: 'day', type: 'date' },
          { name: 'gift', type: 'boolean' },
          { name: 'contact', type: 'string', source: 'context', contextField: 'contact.email' },
        ],
      }),
    );
    expect(actionInputsJsonSchema(action)).toEqual({
      type: 'object',
      properties: {
        order_id: { type: 'string', pattern: '^(?:[0-9]{4})$', description: 'The order number' },
        email: { type: 'string', format: 'email' },
        phone: { type: 'string', pattern: '^\\+[1-9][0-9]{1,14}$' },
        qty: { type: 'integer', default: 1 },
        price: { type: 'number' },
        size: { type: 'string', enum: ['S', 'M'] },
        ids: { type: 'array', items: { type: 'integer' } },
        when: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        gift: { type: 'boolean' },
      },
      required: ['order_id', 'email', 'price', 'size', 'ids', 'when', 'day', 'gift'],
      additionalProperties: false,
    });
  });
});
