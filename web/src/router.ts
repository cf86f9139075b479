import { useEffect, useState } from 'react';

/**
 * Hash routes (`#/actions/new`): the server serves one index.html at `/`, and links work
 * without a server-side fallback.
 */
const current = () => window.location.hash.replace(/^#/, '') || '/actions';

export function useRoute(): string[] {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const on = () => setPath(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return path.split('?')[0]!.split('/').filter(Boolean);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
