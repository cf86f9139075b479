import { describe, expect, it } from 'vitest';
import { lexicalBag } from './features.ts';
import { buildRouter, type RouteCandidate } from './index.ts';
import { DEFAULT_PARAMS } from './model-params.ts';
import { words } from './text.ts';
import { CEILING, chooseThresholds, FLOOR, foldsOf } from './thresholds.ts';
import type { RouteResult } from './types.ts';

const AGENT: RouteCandidate[] = [
  {
    id: 'change_name',
    name: 'Change name',
    description: "Changes the name on the customer's account.",
    triggers: ['change my name', 'update my name', 'my name is wrong', 'I got married and my name changed'],
  },
  {
    id: 'bot_identity',
    name: 'About the assistant',
    description: 'Says who the assistant is.',
    triggers: ['what is your name', 'who are you', 'are you a bot', 'what should I call you'],
  },
  {
    id: 'order_status',
    name: 'Order status',
    description: 'Where an order is.',
    triggers: ['where is my order', 'track my package', 'has my order shipped', 'when will it arrive'],
  },
];

describe('thresholds calibrated per agent', () => {
  it('calibrates from held-out triggers, within its bounds', () => {
    const t = buildRouter(AGENT).thresholds!;
    expect(t.source).toBe('calibrated');
    expect(t.matchThreshold).toBeGreaterThanOrEqual(FLOOR);
    expect(t.matchThreshold).toBeLessThanOrEqual(CEILING);
  });

  it('keeps the defaults when there are too few triggers to hold any out, or when told', () => {
    const few = AGENT.map((a) => ({ ...a, triggers: a.triggers.slice(0, 1) }));
    expect(buildRouter(few).thresholds!.source).toBe('default');
    expect(buildRouter(AGENT, { calibrate: false }).thresholds).toEqual({
      matchThreshold: 0.425,
      clarifyMargin: 0.15,
      source: 'default',
    });
    expect(buildRouter(AGENT, { matchThreshold: 0.7 }).thresholds!.matchThreshold).toBe(0.7);
  });

  it('holds out every other trigger, each in exactly one fold', () => {
    const [[trainA, testA], [trainB, testB]] = foldsOf(AGENT) as [
      [RouteCandidate[], RouteCandidate[]],
      [RouteCandidate[], RouteCandidate[]],
    ];
    for (const [i, a] of AGENT.entries()) {
      expect([...trainA[i]!.triggers, ...testA[i]!.triggers].sort()).toEqual([...a.triggers].sort());
      expect(testA[i]!.triggers).toEqual(trainB[i]!.triggers);
      expect(testB[i]!.triggers).toEqual(trainA[i]!.triggers);
    }
  });

  it('picks the threshold that serves held-out phrases best: a lower one when they score low', () => {
    const decide = (scores: Float64Array, t: number, m: number): RouteResult => {
      const [a, b] = [scores[0]!, scores[1]!];
      const best = a >= b ? { id: 'a', score: a } : { id: 'b', score: b };
      const other = a >= b ? { id: 'b', score: b } : { id: 'a', score: a };
      if (best.score - other.score < m && a + b >= t)
        return { decision: 'clarify', alternatives: [best, other], ranked: [best, other] };
      if (best.score >= t) return { decision: 'match', best, alternatives: [other], ranked: [best, other] };
      return { decision: 'none', alternatives: [best, other], ranked: [best, other] };
    };
    const low = Array.from({ length: 10 }, () => ({ gold: 'a', scores: Float64Array.of(0.3, 0.01) }));
    expect(chooseThresholds(low, { matchThreshold: 0.425, clarifyMargin: 0.15 }, decide).matchThreshold).toBe(
      0.3,
    );
    const high = Array.from({ length: 10 }, () => ({ gold: 'a', scores: Float64Array.of(0.9, 0.01) }));
    expect(
      chooseThresholds(high, { matchThreshold: 0.425, clarifyMargin: 0.15 }, decide).matchThreshold,
    ).toBe(CEILING);
  });
});

describe('small words that change the meaning', () => {
  it('marks whose thing it is: "my name" and "your name" are different features', () => {
    const bag = (text: string) => lexicalBag(words(text), DEFAULT_PARAMS.lexical);
    expect(bag('my name').has('p:1_name')).toBe(true);
    expect(bag('what is your name').has('p:2_name')).toBe(true);
    expect([...bag('my name').keys()]).not.toEqual([...bag('your name').keys()]);
  });

  const router = buildRouter(AGENT);
  it.each([
    ["what's your name?", 'bot_identity'],
    ['tell me your name', 'bot_identity'],
    ['I need to change my name', 'change_name'],
    ['my name is misspelled', 'change_name'],
  ])('%s → %s', (text, id) => {
    expect(router.route(text).ranked[0]!.id).toBe(id);
  });
});
