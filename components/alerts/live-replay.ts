/**
 * The live changes received lately, for a snapshot that answers after some of them: the
 * snapshot was read when the request left, so what arrived while it was on its way is applied
 * onto it again (merges are by id and version: applying one twice changes nothing). Kept 30 s,
 * at most 5,000.
 */
const KEEP_MS = 30_000;
const KEEP_MAX = 5_000;

export interface LiveReplay<T> {
  push: (item: T) => void;
  /** A mark before a snapshot is requested. */
  mark: () => number;
  /** What arrived after `mark`, oldest first. */
  since: (mark: number) => T[];
}

export function createLiveReplay<T>(now: () => number = Date.now): LiveReplay<T> {
  let seq = 0;
  let items: { seq: number; at: number; item: T }[] = [];
  return {
    push(item) {
      const at = now();
      items.push({ seq: ++seq, at, item });
      if (items.length > KEEP_MAX || items[0]!.at < at - KEEP_MS) items = items.filter((x) => x.at >= at - KEEP_MS).slice(-KEEP_MAX);
    },
    mark: () => seq,
    since: (mark) => items.filter((x) => x.seq > mark).map((x) => x.item),
  };
}
