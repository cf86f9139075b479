import type { Citation } from './types.ts';

/**
 * The line the agent appends to a knowledge answer, e.g. `Source: Returns policy (#returns)`.
 * FAQ anchors are entry ids, meaningful to the API but not to a customer, so they are left out.
 */
export function formatCitation(citation: Citation): string {
  const title = citation.title.trim() || 'Untitled';
  const anchor = citation.kind === 'document' ? citation.anchor?.trim() : undefined;
  return anchor ? `Source: ${title} (#${anchor})` : `Source: ${title}`;
}
