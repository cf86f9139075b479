import type { FaqEntry, Passage } from './types.ts';

/**
 * One passage per FAQ entry. The question goes in its own field (weighted highest in the index)
 * and the entry id is the anchor, so a citation points at the exact entry.
 */
export function faqPassages(source: { id: string; title: string }, entries: readonly FaqEntry[]): Passage[] {
  return entries
    .map((entry) => ({
      sourceId: source.id,
      sourceTitle: source.title,
      heading: '',
      anchor: entry.id,
      question: entry.question.replace(/\s+/g, ' ').trim(),
      text: entry.answer.trim(),
    }))
    .filter((p) => p.question !== '' && p.text !== '');
}
