import { describe, expect, test } from 'vitest';
import { inputSchema } from '../../../actions/definition/schema.ts';
import { plainText } from '../replies.ts';
import { askFor, confirmReply, knowledgeReply, whatItDoes } from './compose.ts';
import { en } from './en.ts';

const input = (raw: Record<string, unknown>) => inputSchema.parse({ type: 'string', ...raw });

describe('customer-facing wording', () => {
  test('questions use the input label, else a humanised name', () => {
    expect(askFor(en, input({ name: 'qty', label: 'number of boxes' }))).toBe(
      'What is your number of boxes?',
    );
    expect(askFor(en, input({ name: 'qty' }))).toBe('What is your quantity?');
    expect(askFor(en, input({ name: 'order_no', instructions: '4 to 6 digits.' }))).toBe(
      'What is your order number? (4 to 6 digits)',
    );
  });

  test('a confirmation says what the action does in words, with labelled values', () => {
    const echo = {
      key: 'typed_echo',
      name: 'Typed echo',
      description: 'Echo the typed values back.',
      inputs: [input({ name: 'qty', type: 'integer' })],
    };
    expect(whatItDoes(echo)).toBe('echo the typed values back');
    expect(plainText(confirmReply(en, echo as never, { qty: 3 }))).toBe(
      "To confirm: I'm about to echo the typed values back (quantity: 3). Shall I go ahead? (yes / no)",
    );
    expect(
      whatItDoes({ name: 'Refund an order', description: 'Refund an order to the original payment method' }),
    ).toBe('refund an order');
    expect(whatItDoes({ name: 'Reset password', description: 'Send a password reset link' })).toBe(
      'reset password',
    );
  });

  test('a knowledge answer cites a document by section and a web page by its address', () => {
    const answer = { answer: 'Five days.', score: 0.9, confidence: 'high' as const };
    const doc = knowledgeReply(en, {
      ...answer,
      citation: { sourceId: 's1', title: 'Returns policy', anchor: 'returns', kind: 'document' },
    });
    expect(plainText(doc)).toBe('Five days.\n\nSource: Returns policy (#returns)');
    const url = 'https://help.example.com/shipping#delivery';
    const page = knowledgeReply(en, {
      ...answer,
      citation: { sourceId: 's2', title: 'Shipping', kind: 'website', url, section: 'Delivery' },
    });
    expect(plainText(page)).toBe(`Five days.\n\nSource: Shipping (${url})`);
    expect(page.parts[1]).toMatchObject({ type: 'citation', url, section: 'Delivery' });
  });
});
