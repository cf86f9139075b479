/**
 * A short-lived memo kept per database handle: a process serves one database, tests run
 * several side by side, and what one database said must never answer for another. Entries
 * expire after `ttlMs` (bounding what a lost change notification can leave stale); past
 * 10 000 entries the memo starts afresh rather than grow without bound.
 */
export function perDatabaseCache<V>(ttlMs: number) {
  const caches = new WeakMap<object, Map<string, { value: V; until: number }>>();
  const entriesOf = (db: object) => {
    let entries = caches.get(db);
    if (!entries) {
      entries = new Map();
      caches.set(db, entries);
    }
    return entries;
  };
  return {
    get(db: object, key: string): V | undefined {
      const entries = entriesOf(db);
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until < Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(db: object, key: string, value: V): void {
      const entries = entriesOf(db);
      if (entries.size > 10_000) entries.clear();
      entries.set(key, { value, until: Date.now() + ttlMs });
    },
    delete(db: object, key: string): void {
      entriesOf(db).delete(key);
    },
    /** Forgets every entry whose value passes `test` (e.g. all of one account's). */
    deleteWhere(db: object, test: (value: V) => boolean): void {
      const entries = entriesOf(db);
      for (const [key, e] of entries) if (test(e.value)) entries.delete(key);
    },
    clear(db: object): void {
      entriesOf(db).clear();
    },
  };
}
