import { describe, expect, it } from 'vitest';
import { parseJsonPath } from '../definition/json-path.ts';
import { extractOutputs, follow, queryAll } from './outputs.ts';

const response = {
  status: 'shipped',
  delivery: { eta: '2025-06-04', carrier: null },
  items: [
    { sku: 'A-1', qty: 1 },
    { sku: 'B-2', qty: 0 },
  ],
  'odd key': { 'a.b': true },
  secret_internal_field: 'do not leak',
};

describe('extractOutputs', () => {
  it('returns only mapped outputs and omits missing ones', () => {
    const outputs = extractOutputs(
      [
        { name: 'status', path: '$.status', description: '' },
        { name: 'eta', path: '$.delivery.eta', description: '' },
        { name: 'carrier', path: '$.delivery.carrier', description: '' },
        { name: 'first_sku', path: '$.items[0].sku', description: '' },
        { name: 'last_sku', path: '$.items[-1].sku', description: '' },
        { name: 'all_skus', path: '$.items[*].sku', description: '' },
        { name: 'quantities', path: '$..qty', description: '' },
        { name: 'odd', path: "$['odd key']['a.b']", description: '' },
        { name: 'tracking', path: '$.delivery.tracking', description: '' },
        { name: 'third', path: '$.items[2].sku', description: '' },
        { name: 'none_at_all', path: '$.nothing[*]', description: '' },
      ],
      response,
    );
    expect(outputs).toEqual({
      status: 'shipped',
      eta: '2025-06-04',
      carrier: null,
      first_sku: 'A-1',
      last_sku: 'B-2',
      all_skus: ['A-1', 'B-2'],
      quantities: [1, 0],
      odd: true,
    });
    expect(JSON.stringify(outputs)).not.toContain('do not leak');
  });

  it('does not follow inherited properties', () => {
    const outputs = extractOutputs(
      [
        { name: 'ctor', path: '$.constructor', description: '' },
        { name: 'proto', path: '$.__proto__', description: '' },
        { name: 'len', path: '$.status.length', description: '' },
      ],
      response,
    );
    expect(outputs).toEqual({});
  });

  it('copes with non-object responses', () => {
    expect(extractOutputs([{ name: 'x', path: '$.a', description: '' }], null)).toEqual({});
    expect(extractOutputs([{ name: 'all', path: '$', description: '' }], [1, 2])).toEqual({ all: [1, 2] });
  });
});

describe('singular paths', () => {
  it('are followed exactly as the jsonpath-plus query selects them', () => {
    const paths = [
      '$',
      '$.status',
      '$.delivery.eta',
      '$.delivery.carrier',
      '$.delivery.nope',
      '$.items[0].sku',
      '$.items[1]',
      '$.items[-1].qty',
      '$.items[-2].sku',
      '$.items[-3]',
      '$.items[5]',
      "$['odd key']['a.b']",
      '$.status[0]',
      '$.items.sku',
    ];
    for (const text of paths) {
      const parsed = parseJsonPath(text);
      if (!parsed.ok || !parsed.path.segments) throw new Error(`${text} should be singular`);
      const viaLibrary = queryAll(parsed.path.normalized, response);
      expect(follow(response, parsed.path.segments), text).toEqual(viaLibrary[0]);
    }
  });
});
