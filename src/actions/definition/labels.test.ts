import { describe, expect, it } from 'vitest';
import { humanizeName, inputLabel } from './labels.ts';
import { actionDefinitionSchema } from './schema.ts';

describe('input labels', () => {
  it.each([
    ['qty', 'quantity'],
    ['orderNumber', 'order number'],
    ['order_no', 'order number'],
    ['customerID', 'customer ID'],
    ['dob', 'date of birth'],
    ['refundAmt', 'refund amount'],
    ['email', 'email'],
  ])('%s → %s', (name, label) => {
    expect(humanizeName(name)).toBe(label);
  });

  it('prefers the label the author wrote', () => {
    expect(inputLabel({ name: 'qty', label: 'number of boxes' })).toBe('number of boxes');
    expect(inputLabel({ name: 'qty' })).toBe('quantity');
  });

  it('is accepted by the action schema, trimmed, and left out when absent', () => {
    const base = {
      key: 'order',
      name: 'Order',
      description: 'Places an order.',
      kind: 'write',
      request: { method: 'POST', url: 'https://shop.example.com/orders' },
    };
    const parsed = actionDefinitionSchema.parse({
      ...base,
      inputs: [
        { name: 'qty', type: 'integer', label: ' number of boxes ' },
        { name: 'sku', type: 'string' },
      ],
    });
    expect(parsed.inputs[0]!.label).toBe('number of boxes');
    expect('label' in parsed.inputs[1]!).toBe(false);
    expect(
      actionDefinitionSchema.safeParse({ ...base, inputs: [{ name: 'x', type: 'string', label: '' }] })
        .success,
    ).toBe(false);
  });
});
