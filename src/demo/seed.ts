import type { Kysely } from 'kysely';
import { createSkill, publishSkill } from '../actions/skills.ts';
import { createAgent } from '../agents/service.ts';
import { addDocument, addFaq } from '../knowledge/store.ts';
import type { DB } from '../store/schema.ts';

export const DEMO_AGENT_NAME = 'Demo Store Assistant';
export const DEMO_STORE_PATH = '/demo-store/api';

export const RETURNS_POLICY = `# Returns policy

## Returns {#returns}
You can return any item within 30 days of delivery for a full refund. Items must be unused and in their original packaging.

## How to return an item {#how-to-return}
Start a return from your order page, print the prepaid label, and drop the parcel at any UPS point. Refunds reach your card 5 to 10 business days after we receive the item.
`;

/** The demo agent's actions, calling the demo store at `storeUrl` (also read by bench/content-vs-actions). */
export function demoActions(storeUrl: string) {
  return [
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
      request: { method: 'GET', url: `${storeUrl}/orders/{{order_number}}` },
      outputs: [
        { name: 'status', path: '$.order.status', description: 'processing, shipped or delivered' },
        { name: 'eta', path: '$.order.delivery.eta', description: 'Expected delivery date' },
        { name: 'carrier', path: '$.order.delivery.carrier', description: 'Shipping carrier' },
      ],
      responseInstructions: 'Say the status; give the delivery date and carrier when there is one.',
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
      request: { method: 'POST', url: `${storeUrl}/password-resets`, body: { email: '{{email}}' } },
      outputs: [
        { name: 'expires_in_minutes', path: '$.expiresInMinutes', description: 'How long the link works' },
      ],
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
      request: {
        method: 'POST',
        url: `${storeUrl}/refunds`,
        body: { orderNumber: '{{order_number}}', reason: '{{reason}}' },
      },
      outputs: [
        { name: 'refund_id', path: '$.refund.id' },
        { name: 'amount', path: '$.refund.amount' },
        { name: 'currency', path: '$.refund.currency' },
      ],
      responseTemplate:
        'Done: refund {{refund_id}} of {{amount}} {{currency}} for order {{order_number}} is approved.',
    },
  ];
}

export const DEMO_FAQ = {
  question: 'Do you ship internationally?',
  answer: 'Yes. We ship to 40 countries; international delivery takes 5 to 12 business days.',
};

/**
 * The demo workspace (A1): an agent whose actions call the built-in demo store, and content
 * to answer from. `storeUrl` is this server's own address plus /demo-store/api.
 */
export async function seedDemo(db: Kysely<DB>, accountId: string, storeUrl: string): Promise<string> {
  const agent = await createAgent(db, accountId, {
    name: DEMO_AGENT_NAME,
    tone: 'friendly and concise',
    greeting:
      "Hi! I'm the Demo Store assistant. I can check an order, reset your password or refund an order.",
    guidelines: ['Never promise a refund before it is confirmed.'],
    languages: ['en'],
  });
  const actions = demoActions(storeUrl);
  for (const a of actions) {
    const view = await createSkill(db, accountId, agent.id, 'action', a);
    const row = await db.selectFrom('skills').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    await publishSkill(db, row);
  }
  await addFaq(db, accountId, agent.id, DEMO_FAQ);
  await addDocument(db, accountId, agent.id, {
    title: 'Returns policy',
    filename: 'returns-policy.md',
    contentType: 'text/markdown',
    data: RETURNS_POLICY,
  });
  return agent.id;
}
