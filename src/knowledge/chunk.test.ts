import { describe, expect, it } from 'vitest';
import { chunkSections } from './chunk.ts';
import { countWords, splitSentences } from './sentences.ts';
import type { ParsedSection } from './types.ts';

const source = { id: 'src-1', title: 'Handbook' };

/** Deterministic prose: sentences of 6 to 22 words. */
function prose(sentences: number, seed = 1): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < sentences; i++) {
    x = (x * 48271) % 2147483647;
    const length = 6 + (x % 17);
    const words = Array.from({ length }, (_, j) => `word${(i + j) % 50}`);
    out.push(`Sentence${i} ${words.slice(1).join(' ')}.`);
  }
  return out.join(' ');
}

describe('chunkSections', () => {
  it('bounds passages to 80–200 words and splits only between sentences', () => {
    const text = prose(120);
    const passages = chunkSections(source, [{ heading: 'Terms', anchor: 'terms', text }]);
    expect(passages.length).toBeGreaterThan(3);
    for (const p of passages) {
      expect(countWords(p.text)).toBeLessThanOrEqual(200);
      expect(countWords(p.text)).toBeGreaterThanOrEqual(80);
      expect(p.text).toMatch(/^Sentence\d+ .*\.$/);
    }
    // Nothing lost, nothing repeated (no overlap).
    expect(passages.map((p) => p.text).join(' ')).toBe(text);
  });

  it('balances a section just over the bound instead of leaving a tiny tail', () => {
    const text = prose(16, 7);
    const total = countWords(text);
    expect(total).toBeGreaterThan(200);
    expect(total).toBeLessThan(260);
    const passages = chunkSections(source, [{ heading: '', anchor: '', text }]);
    const sizes = passages.map((p) => countWords(p.text));
    expect(sizes).toHaveLength(2);
    expect(sizes[0]! + sizes[1]!).toBe(total);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(total / 2 - 15);
  });

  it('keeps the citation fields and never merges sections', () => {
    const sections: ParsedSection[] = [
      { heading: 'Returns', anchor: 'returns', text: 'You have 30 days to return an item.' },
      {
        heading: 'Refunds',
        anchor: 'refunds',
        text: 'Refunds take 5 days.\nWe refund to the original card.',
      },
    ];
    expect(chunkSections(source, sections)).toEqual([
      {
        sourceId: 'src-1',
        sourceTitle: 'Handbook',
        heading: 'Returns',
        anchor: 'returns',
        text: 'You have 30 days to return an item.',
      },
      {
        sourceId: 'src-1',
        sourceTitle: 'Handbook',
        heading: 'Refunds',
        anchor: 'refunds',
        text: 'Refunds take 5 days.\nWe refund to the original card.',
      },
    ]);
  });

  it('cuts a sentence longer than the bound at word boundaries', () => {
    const text = Array.from({ length: 450 }, (_, i) => `w${i}`).join(' ');
    const passages = chunkSections(source, [{ heading: '', anchor: '', text }], { maxWords: 200 });
    expect(passages.map((p) => countWords(p.text))).toEqual([200, 200, 50]);
  });

  it('honours custom bounds and skips empty sections', () => {
    const text = prose(30, 3);
    const passages = chunkSections(
      source,
      [
        { heading: 'Empty', anchor: 'empty', text: '' },
        { heading: 'Body', anchor: 'body', text },
      ],
      { minWords: 20, maxWords: 50 },
    );
    expect(passages.every((p) => p.anchor === 'body')).toBe(true);
    for (const p of passages) expect(countWords(p.text)).toBeLessThanOrEqual(50);
    expect(passages.flatMap((p) => splitSentences(p.text).map((s) => s.text))).toEqual(
      splitSentences(text).map((s) => s.text),
    );
  });
});
