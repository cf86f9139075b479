import { beforeAll, describe, expect, it } from 'vitest';
import { corpusSources } from '../../test/support/knowledge-corpus.ts';
import { formatCitation } from './citation.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './index.ts';
import { answer } from './retrieve.ts';
import type { KnowledgeSource } from './types.ts';

let sources: KnowledgeSource[];
let index: KnowledgeIndex;

beforeAll(async () => {
  sources = await corpusSources();
  index = buildKnowledgeIndex(sources);
});

describe('answer: FAQ entries', () => {
  it('returns the FAQ answer for a paraphrased question, citing the entry', () => {
    expect(answer(index, 'Do you sell gift cards?')).toEqual({
      answer: 'Yes. Digital gift cards from €10 to €200 are available in our shop.',
      citation: { sourceId: 'faq', title: 'Help centre FAQ', anchor: 'faq-gift-cards', kind: 'faq' },
      score: 1,
      confidence: 'high',
    });
    expect(answer(index, 'when are you open?')?.citation.anchor).toBe('faq-hours');
    expect(answer(index, 'what payment methods can I use')?.citation.anchor).toBe('faq-payment');
  });
});

describe('answer: documents', () => {
  it('answers the return policy question from the returns document with its anchor', () => {
    const result = answer(index, 'What is your return policy?');
    expect(result).toMatchObject({
      answer: 'You have 30 days from delivery to return an item for a full refund.',
      citation: { sourceId: 'returns', title: 'Returns policy', anchor: 'returns', kind: 'document' },
      confidence: 'high',
    });
    expect(formatCitation(result!.citation)).toBe('Source: Returns policy (#returns)');
  });

  it('prefers the passage with the duration for "how long" questions', () => {
    const result = answer(index, 'how long do I have to return an item');
    expect(result?.citation.anchor).toBe('returns');
    expect(result?.answer).toBe('You have 30 days from delivery to return an item for a full refund.');
    expect(answer(index, 'How long does delivery take?')).toMatchObject({
      answer: 'Standard delivery takes 3–5 business days.',
      citation: { sourceId: 'shipping', anchor: 'delivery-times' },
    });
    expect(answer(index, 'When will I get my refund?')?.citation.anchor).toBe('refunds');
  });

  it('picks the sentence that answers, tolerating typos', () => {
    expect(answer(index, 'how much does express shipping cost')?.answer).toBe(
      'Express delivery takes 1–2 business days and costs €9.',
    );
    expect(answer(index, 'retrun polcy')?.citation).toMatchObject({ sourceId: 'returns', anchor: 'returns' });
    expect(answer(index, 'do you ship to canada')).toMatchObject({
      answer: 'We ship to the United States, Canada and the European Union.',
      citation: { sourceId: 'shipping', anchor: 'shipping-information' },
    });
  });

  it('takes what a sentence ending in ":" announces', () => {
    const result = answer(index, 'How do I start a return?');
    expect(result?.citation.anchor).toBe('how-to-return-an-item');
    expect(result?.answer).toBe(
      'To start a return:\nSign in and open your order history.\nChoose the item and print the prepaid return label.\n' +
        'Drop the parcel at any post office.',
    );
  });
});

describe('answer: nothing relevant', () => {
  it.each([
    'where is my order?',
    'Where is my order',
    'track my order',
    'my order number is 12345',
    'I want to cancel my subscription',
    'reset my password',
    'what is the weather like?',
    'hello',
    'how long?',
    '',
  ])('has no answer for %j', (question) => {
    expect(answer(index, question)).toBeNull();
  });

  it('holds with the returns policy as the only source', () => {
    const returnsOnly = buildKnowledgeIndex(sources.filter((s) => s.id === 'returns'));
    expect(answer(returnsOnly, 'where is my order?')).toBeNull();
    expect(answer(returnsOnly, 'Has my order shipped yet?')).toBeNull();
    expect(answer(returnsOnly, 'What is your return policy?')?.citation.anchor).toBe('returns');
    expect(answer(returnsOnly, 'how long do I have to return an item')?.citation.anchor).toBe('returns');
  });

  it('has no answer from an empty index', () => {
    expect(answer(buildKnowledgeIndex([]), 'What is your return policy?')).toBeNull();
  });

  it('applies minScore and reports weaker matches as low confidence', () => {
    const weak = answer(index, 'can I return shoes');
    expect(weak?.confidence).toBe('low');
    expect(weak!.score).toBeGreaterThan(0.4);
    expect(weak!.score).toBeLessThan(0.65);
    expect(answer(index, 'can I return shoes', { minScore: weak!.score + 0.01 })).toBeNull();
    expect(answer(index, 'where is my order?', { minScore: 0 })?.confidence).toBe('low');
  });
});

describe('answer: determinism', () => {
  it('gives identical results for identical input, independent of earlier queries', async () => {
    const questions = ['What is your return policy?', 'how long does delivery take', 'gift cards', 'order'];
    const first = questions.map((q) => answer(index, q));
    const rebuilt = buildKnowledgeIndex(await corpusSources());
    const second = [...questions]
      .reverse()
      .map((q) => answer(rebuilt, q))
      .reverse();
    expect(second).toEqual(first);
  });
});
