import { describe, expect, it } from 'vitest';
import { matchQuality, passageTerms, relevance, termWeights } from './relevance.ts';

const terms = (...t: string[]) => new Set(t);

describe('matchQuality', () => {
  it('grades exact, same-family, typo and concept matches', () => {
    expect(matchQuality('return', terms('return'))).toBe(1);
    expect(matchQuality('deliveri', terms('deliv'))).toBe(0.85);
    expect(matchQuality('retrun', terms('return'))).toBe(0.75);
    expect(matchQuality('car', terms('card'))).toBe(0);
    expect(matchQuality('#time', terms('30', 'dai'))).toBe(1);
    expect(matchQuality('#price', terms('dai'))).toBe(0);
  });
});

describe('relevance', () => {
  const passage = passageTerms({
    sourceId: 's',
    sourceTitle: 'Returns policy',
    heading: 'Return window',
    anchor: 'returns',
    text: 'You have 30 days to return an item. Please keep your order number.',
  });

  it('is 1 for an exact FAQ question and stays within [0, 1]', () => {
    const faq = passageTerms({
      sourceId: 'f',
      sourceTitle: 'FAQ',
      heading: '',
      anchor: 'e',
      question: 'Return policy',
      text: 'x',
    });
    expect(relevance(['return', 'polici'], [1, 2], faq)).toBe(1);
    expect(relevance(['return', 'polici'], [1, 2], passage)).toBeLessThanOrEqual(1);
    expect(relevance([], [], passage)).toBe(0);
  });

  it('scores a single term mentioned in passing below a term the passage is about', () => {
    const inPassing = relevance(['order'], [1], passage);
    const about = relevance(['return'], [1], passage);
    expect(inPassing).toBeCloseTo(0.35);
    expect(about).toBeCloseTo(0.85);
    // Co-occurring body terms are stronger evidence than one alone.
    expect(relevance(['order', 'item'], [1, 1], passage)).toBeCloseTo(0.5);
  });

  it('weights by IDF, unseen terms as the strongest seen weight, concepts at half the mean', () => {
    const df: Record<string, number> = { return: 9, polici: 1 };
    const [ret, pol, unseen, concept] = termWeights(
      ['return', 'polici', 'shoe', '#time'],
      10,
      (t) => df[t] ?? 0,
    );
    expect(ret!).toBeLessThan(pol!);
    expect(unseen).toBeCloseTo(pol!);
    expect(concept).toBeCloseTo(((ret! + pol! + unseen!) / 3) * 0.5);
  });
});
