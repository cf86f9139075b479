import { describe, expect, it } from 'vitest';
import { processTerm, queryTerms, textTerms, tokenize } from './terms.ts';

describe('terms', () => {
  it('keeps contractions and possessives as one word', () => {
    expect(tokenize("Don't lose the customer’s parcel!")).toEqual([
      'Dont',
      'lose',
      'the',
      'customers',
      'parcel',
    ]);
  });

  it('folds, drops stop words and stems', () => {
    expect(processTerm('Returns')).toBe('return');
    expect(processTerm('the')).toBeNull();
    expect(processTerm('x')).toBeNull();
    expect(processTerm('7')).toBe('7');
    expect(processTerm('Café')).toBe('cafe');
    expect(textTerms('Our returns policies')).toEqual(['return', 'polici']);
  });

  it('reduces a question to its distinct content terms', () => {
    expect(queryTerms('Where is my order?')).toEqual(['order']);
    expect(queryTerms('Hi! What is your return policy? Return policy please')).toEqual(['return', 'polici']);
  });

  it('turns question types into concepts instead of content words', () => {
    expect(queryTerms('How long do I have to return an item?')).toEqual(['return', 'item', '#time']);
    expect(queryTerms('When will I get my refund')).toEqual(['refund', '#time']);
    expect(queryTerms('How much is express delivery')).toEqual(['express', 'deliveri', '#price']);
    expect(queryTerms('Do you sell long sleeve shirts')).toEqual(['sell', 'long', 'sleev', 'shirt']);
    expect(queryTerms('What happens when it breaks')).toEqual(['break']);
    expect(queryTerms('Can I use one code')).toEqual(['code']);
  });
});
