import { describe, expect, test } from 'vitest';
import { catalogOf, conversation, fakePorts, KNOWLEDGE } from '../../../test/support/engine-fakes.ts';
import type { KnowledgeAnswer } from '../../knowledge/types.ts';
import type { RouteResult, Router } from '../../understanding/routing/index.ts';
import { compete, formOf } from './compete.ts';

const match = (id: string, score: number): RouteResult => ({
  decision: 'match',
  best: { id, score },
  alternatives: [],
  ranked: [{ id, score }],
});
const none = (id: string, score: number): RouteResult => ({
  decision: 'none',
  alternatives: [],
  ranked: [{ id, score }],
});
const found = (score: number, confidence: 'high' | 'low'): KnowledgeAnswer => ({
  ...KNOWLEDGE.ship!,
  score,
  confidence,
});

describe('formOf', () => {
  test.each([
    ['do you ship to Canada?', { question: true, request: false }],
    ['what is your refund policy?', { question: true, request: false }],
    ['can I return my order within 30 days?', { question: true, request: false }],
    ['where is my order 1234?', { question: false, request: true }],
    ['I want a refund', { question: false, request: true }],
    ['has my order shipped yet?', { question: false, request: true }],
    ['can you check my order 1234', { question: false, request: true }],
  ])('%s', (text, form) => {
    expect(formOf(text)).toEqual(form);
  });
});

describe('compete', () => {
  test('a question about the business goes to content even when an action matches', () => {
    expect(compete('do you ship to Canada?', match('order_status', 0.85), found(0.57, 'low'))).toEqual({
      type: 'knowledge',
    });
  });

  test("a request about the customer's own things goes to the action", () => {
    expect(compete('where is my order 1234?', match('order_status', 0.9), found(0.8, 'high'))).toEqual({
      type: 'action',
      key: 'order_status',
    });
  });

  test('both fit and the message says neither: a confident answer that outscores the action wins, else ask', () => {
    expect(compete('shipping', match('order_status', 0.5), found(0.8, 'high'))).toEqual({
      type: 'knowledge',
    });
    expect(compete('shipping', match('order_status', 0.9), found(0.8, 'high'))).toEqual({
      type: 'ask',
      key: 'order_status',
    });
    expect(compete('shipping', match('order_status', 0.9), found(0.5, 'low'))).toEqual({
      type: 'action',
      key: 'order_status',
    });
  });

  test('a request that content only half answers, with no action that fits: ask', () => {
    expect(compete("I'd like a refund for my order", none('refund_order', 0.05), found(0.5, 'low'))).toEqual({
      type: 'ask',
      key: 'refund_order',
    });
  });

  test('no knowledge: the router decides alone', () => {
    expect(compete('x', match('order_status', 0.9), null)).toEqual({ type: 'action', key: 'order_status' });
    expect(compete('x', none('order_status', 0.1), null)).toEqual({ type: 'none' });
  });
});

describe('asking between an action and content', () => {
  // A router that finds no clear action (refund_order ranked first) and content that half answers.
  const base = catalogOf();
  const router = { ...base.router, route: () => none('refund_order', 0.05) } as Router;
  const ports = fakePorts({ verified: true, catalog: { ...base, router } });
  ports.knowledge = () => ({ ...KNOWLEDGE.return!, score: 0.5, confidence: 'low' });
  const first = "I'd like my cash returned for order 1234 please";

  test('the question offers the action and the content', async () => {
    const asked = await conversation(ports).send(first);
    expect(asked.memory.clarify).toEqual(['refund_order', '#content']);
    expect(asked.texts).toEqual(['Did you mean 1) Refund an order or 2) an answer from our Returns policy?']);
  });

  test('picking the content answers from it', async () => {
    const c = conversation(ports);
    await c.send(first);
    const turn = await c.send('2');
    expect(turn.trace.knowledge).toBeDefined();
    expect(turn.memory.question).toBeUndefined();
  });

  test('picking the action starts it with what the first message said', async () => {
    const c = conversation(ports);
    await c.send(first);
    const turn = await c.send('the first one');
    expect(turn.trace.skill?.key).toBe('refund_order');
    expect(turn.memory.pending?.values).toEqual({ order_number: '1234' });
  });
});
