import type { ActionDefinitionInput } from '../../src/actions/definition/schema.ts';

/** Test support: a valid action to vary in tests. */
export function sampleAction(overrides: Partial<ActionDefinitionInput> = {}): ActionDefinitionInput {
  return {
    key: 'order_status',
    name: 'Order status',
    description: 'Looks up the delivery status of an order.',
    triggers: ['Where is my order?'],
    kind: 'read',
    inputs: [
      {
        name: 'order_id',
        type: 'string',
        instructions: 'The order number, e.g. 1234',
        pattern: '[0-9]{4,10}',
      },
      {
        name: 'email',
        type: 'string',
        format: 'email',
        instructions: 'Valid email format (e.g. jane@example.com)',
      },
    ],
    request: {
      method: 'GET',
      url: 'https://store.example.com/orders/{{order_id}}',
      query: { email: '{{email}}' },
    },
    outputs: [
      { name: 'status', path: '$.status', description: 'Delivery status' },
      { name: 'eta', path: '$.delivery.eta', description: 'Expected delivery date' },
    ],
    responseTemplate: 'Your order is {{status}}.{{#if eta}} Expected on {{eta}}.{{/if}}',
    ...overrides,
  };
}
