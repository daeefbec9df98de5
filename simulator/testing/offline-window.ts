import { addDays, localDay } from '../../lib/time/local-time';
import type { Store } from '../chain/build-chain';
import { shiftsOf } from '../chain/store-formats';
import type { OfflineWindow } from '../faults/fault-injector';

/** How long after a shift change the store's staffed tills may all still be closed (Z report, logout, next login: 1–5 minutes). */
export const HANDOVER_MS = 10 * 60_000;

/**
 * A window in which `store`'s tills lose their link (`--offline`), from `beforeMs` before `now` to
 * `afterMs` after it, for a test of the offline alert. That alert does not judge a store whose
 * staffed tills have all closed their shifts, so the window must not start while they are, just
 * after a shift change: it then starts a minute before that change instead, when they were on
 * shift (and holds the change back with the rest).
 */
export function offlineWindowAt(store: Store, now: number, beforeMs: number, afterMs: number): OfflineWindow {
  const from = now - beforeMs;
  const today = localDay(from, store.timezone);
  const ends = [addDays(today, -1), today].flatMap((day) => shiftsOf(store.format, day, store.timezone).map((s) => s.end));
  const change = ends.find((end) => end <= from && from < end + HANDOVER_MS);
  return { storeId: store.id, from: change === undefined ? from : change - 60_000, to: now + afterMs };
}
