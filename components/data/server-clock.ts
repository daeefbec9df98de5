/**
 * The server's clock as this browser can tell it, so that "offline 3 min" and "lagging 40 s" are
 * measured against the same clock that stamped the arrivals: a browser whose clock is off by
 * minutes would otherwise show every store offline, or none.
 *
 * Every API answer carries the HTTP `Date` header: the server's time, to the second, at some
 * instant between the request leaving and the answer arriving. Each answer bounds the offset
 * (server − browser) to (Date − received, Date + 1 s − sent); the bounds of all answers so far
 * are intersected, which narrows them to well under a second within a few answers. If they stop
 * overlapping (a clock was set), the newest answer starts over.
 */
export interface ClockBounds {
  lo: number;
  hi: number;
}

/** The offset bounds after one more answer (pure; `dateHeader` in epoch ms, whole seconds). */
export function narrowOffset(bounds: ClockBounds | null, dateHeader: number, sentAt: number, receivedAt: number): ClockBounds {
  const sample = { lo: dateHeader - receivedAt, hi: dateHeader + 1000 - sentAt };
  if (!bounds) return sample;
  const lo = Math.max(bounds.lo, sample.lo);
  const hi = Math.min(bounds.hi, sample.hi);
  return lo <= hi ? { lo, hi } : sample;
}

/** The offset to add to the browser's clock: the middle of the bounds (0 before any answer). */
export const offsetOf = (bounds: ClockBounds | null): number => (bounds ? Math.round((bounds.lo + bounds.hi) / 2) : 0);

let bounds: ClockBounds | null = null;
const listeners = new Set<() => void>();

/** Notes an API answer's `Date` header (ignored when absent or unreadable); tells the listeners when the offset moved by a second or more. */
export function noteServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (!Number.isFinite(server) || receivedAt < sentAt) return;
  const before = offsetOf(bounds);
  bounds = narrowOffset(bounds, server, sentAt, receivedAt);
  if (Math.abs(offsetOf(bounds) - before) >= 1000) for (const l of listeners) l();
}

/** Calls `listener` when the server clock's offset moves by a second or more (the first answer of a skewed browser); returns the unsubscribe. */
export function onServerClockChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Now on the server's clock, as well as this browser can tell. */
export function serverNow(): number {
  return Date.now() + offsetOf(bounds);
}
