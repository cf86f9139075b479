import { describe, expect, it } from 'vitest';
import { buildRouter, type RouteCandidate } from './index.ts';
import { DEFAULT_PARAMS } from './model-params.ts';
import { buildRouterWith } from './router.ts';
import { NO_WORD_VECTORS } from './word-vectors.ts';

const ACTIONS: RouteCandidate[] = [
  {
    id: 'order_status',
    name: 'Order status',
    description: 'Tells the customer where their order is and when it will arrive.',
    triggers: [
      'where is my order',
      'track my package',
      'has my order shipped yet',
      'when will my parcel arrive',
    ],
  },
  {
    id: 'reset_password',
    name: 'Reset password',
    description: 'Sends a password reset link.',
    triggers: [
      'I forgot my password',
      'reset my password',
      "I can't log in to my account",
      'change my password',
    ],
  },
  {
    id: 'refund',
    name: 'Refund',
    description: 'Starts a refund for an order.',
    triggers: [
      'I want my money back',
      'refund my order',
      'can I get a refund',
      'return an item for a refund',
    ],
  },
  {
    id: 'cancel_subscription',
    name: 'Cancel subscription',
    description: 'Cancels the customer’s subscription.',
    triggers: ['cancel my subscription', 'stop my membership', 'I want to unsubscribe', 'end my plan'],
  },
];

describe('buildRouter', () => {
  const router = buildRouter(ACTIONS);

  it.each([
    ['where is my package?', 'order_status'],
    ['I need to track my order', 'order_status'],
    ['I forgot my pasword', 'reset_password'],
    ['how do I reset the password', 'reset_password'],
    ['I would like a refund please', 'refund'],
    ['please cancel my subscription', 'cancel_subscription'],
  ])('routes %j to %s', (text, id) => {
    const result = router.route(text);
    expect(result.decision).toBe('match');
    expect(result.best?.id).toBe(id);
    expect(result.ranked[0]?.id).toBe(id);
  });

  it('says none for unrelated text', () => {
    for (const text of [
      'what is the capital of france',
      'tell me a joke about penguins',
      'asdf qwerty',
      '',
    ]) {
      const result = router.route(text);
      expect(result.decision, text).toBe('none');
      expect(result.best).toBeUndefined();
    }
  });

  it('returns scores in [0, 1], best first, at most five', () => {
    const { ranked } = router.route('refund my order');
    expect(ranked.length).toBeLessThanOrEqual(5);
    for (const { score } of ranked) expect(score).toBeGreaterThanOrEqual(0);
    for (const { score } of ranked) expect(score).toBeLessThanOrEqual(1);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
  });

  it('asks which one is meant when two actions are near-tied', () => {
    // Two actions an agent author set up with the same wording: nothing can tell them apart.
    const twins = buildRouter(
      [
        { id: 'a', name: 'Replace card', description: '', triggers: ['replace my card', 'new card please'] },
        { id: 'b', name: 'Replace card', description: '', triggers: ['replace my card', 'new card please'] },
      ],
      { clarifyMargin: 0.1 },
    );
    const result = twins.route('please replace my card');
    expect(result.decision).toBe('clarify');
    expect(result.alternatives.map((alternative) => alternative.id).sort()).toEqual(['a', 'b']);
    expect(result.best).toBeUndefined();
  });

  it('asks which one is meant when the top two together are likely but neither alone', () => {
    const cancels = buildRouter([
      {
        id: 'cancel_order',
        name: 'Cancel an order',
        description: 'Cancel an order that has not shipped yet',
        triggers: ['cancel my order', 'I want to cancel an order', 'stop my order before it ships'],
      },
      {
        id: 'cancel_subscription',
        name: 'Cancel a subscription',
        description: 'Cancel a monthly subscription plan',
        triggers: ['cancel my subscription', 'I want to cancel my plan', 'stop my monthly subscription'],
      },
    ]);
    const result = cancels.route('I need to cancel something');
    expect(result.decision).toBe('clarify');
    expect(result.alternatives.map((alternative) => alternative.id).sort()).toEqual([
      'cancel_order',
      'cancel_subscription',
    ]);
    expect(cancels.route('please cancel my monthly subscription').best?.id).toBe('cancel_subscription');
  });

  it('is deterministic: same candidates and text give the same result', () => {
    const again = buildRouter(structuredClone(ACTIONS));
    for (const text of ['where is my parcel', 'refund', 'I cannot log in', 'hello there']) {
      expect(again.route(text)).toEqual(router.route(text));
      expect(router.route(text)).toEqual(router.route(text));
    }
  });

  it('builds over an empty list and routes nothing', () => {
    const empty = buildRouter([]);
    expect(empty.route('where is my order')).toEqual({ decision: 'none', alternatives: [], ranked: [] });
  });

  it('works with a single action', () => {
    const single = buildRouter([ACTIONS[0]!]);
    expect(single.route('track my parcel please').decision).toBe('match');
    expect(single.route('what is the weather like in paris tomorrow').decision).toBe('none');
  });

  it('honours the thresholds it is given', () => {
    expect(buildRouter(ACTIONS, { matchThreshold: 1.01 }).route('refund my order').decision).toBe('none');
    expect(buildRouter(ACTIONS, { matchThreshold: 0 }).route('refund my order').best?.id).toBe('refund');
  });

  it('still routes on words alone when the packaged word vectors are missing', () => {
    const lexical = buildRouterWith(ACTIONS, {}, DEFAULT_PARAMS, NO_WORD_VECTORS);
    expect(lexical.route('please refund my order').ranked[0]?.id).toBe('refund');
    expect(lexical.route('where is my order').ranked[0]?.id).toBe('order_status');
  });
});
