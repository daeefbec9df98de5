/**
 * A per-process cache of user lookups by id, each kept at most `ttlMs` (2 s): sessions
 * are checked on every request and socket tick without a Redis round trip each, and a
 * change made on another web instance is seen within that time. Concurrent lookups of
 * one id share one call; a failed lookup is not kept.
 */
const MAX_ENTRIES = 10_000;

export function createTtlCache<T>(load: (id: string) => Promise<T>, o: { ttlMs: number; now?: () => number }) {
  const now = o.now ?? Date.now;
  const entries = new Map<string, { at: number; value: Promise<T> }>();

  function prune(t: number): void {
    for (const [id, e] of entries) if (t - e.at >= o.ttlMs) entries.delete(id);
    if (entries.size >= MAX_ENTRIES) entries.clear();
  }

  return {
    get: (id: string): Promise<T> => {
      const t = now();
      const hit = entries.get(id);
      if (hit && t - hit.at < o.ttlMs) return hit.value;
      if (entries.size >= MAX_ENTRIES) prune(t);
      const value = load(id);
      entries.set(id, { at: t, value });
      value.catch(() => {
        if (entries.get(id)?.value === value) entries.delete(id);
      });
      return value;
    },
    /** Drops an id after a change made by this process, so the change is seen at once. */
    forget: (id: string): void => {
      entries.delete(id);
    },
  };
}
