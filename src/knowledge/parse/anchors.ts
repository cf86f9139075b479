/**
 * GitHub-style heading slugs ("Return window (EU)" → `return-window-eu`), so a Markdown anchor
 * matches the fragment the rendered document really has.
 */
export function slugify(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Hands out unique anchors in document order: `faq`, `faq-1`, `faq-2` (as GitHub does). */
export function anchorAllocator(): (wanted: string) => string {
  const used = new Map<string, number>();
  return (wanted) => {
    if (wanted === '') return '';
    let anchor = wanted;
    let n = used.get(wanted) ?? 0;
    while (used.has(anchor)) {
      n += 1;
      anchor = `${wanted}-${n}`;
    }
    used.set(wanted, n);
    used.set(anchor, 0);
    return anchor;
  };
}

/** "returns-policy.md" → "Returns policy": a readable title when the document has none. */
export function titleFromFilename(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.[^.]+$/, '')
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stem === '' ? '' : stem.charAt(0).toUpperCase() + stem.slice(1);
}
