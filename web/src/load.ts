import { useCallback, useEffect, useState } from 'react';

/** Loads data for a screen; `reload` refetches after a change. */
export function useLoad<T>(
  fn: () => Promise<T>,
  deps: unknown[],
): {
  data: T | undefined;
  error: unknown;
  reload: () => void;
  setData: (t: T) => void;
} {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers name their own dependencies
  useEffect(() => {
    let live = true;
    fn().then(
      (d) => {
        if (live) {
          setData(d);
          setError(null);
        }
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload, setData };
}
