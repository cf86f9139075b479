import type { Citation } from './types.ts';

/**
 * The line the agent appends to a knowledge answer, e.g. `Source: Returns policy (#returns)`,
 * or for a website page `Source: Returns – Help Center (https://help.example.com/returns#refunds)`.
 * FAQ anchors are entry ids, meaningful to the API but not to a customer, so they are left out.
 */
export function formatCitation(citation: Citation): string {
  const title = citation.title.trim() || 'Untitled';
  if (citation.kind === 'website' && citation.url) return `Source: ${title} (${citation.url})`;
  const anchor = citation.kind === 'document' ? citation.anchor?.trim() : undefined;
  return anchor ? `Source: ${title} (#${anchor})` : `Source: ${title}`;
}
