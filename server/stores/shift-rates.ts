/**
 * A cashier's time on duty in a window and the rates over it (docs/kpis.md "Tills and
 * cashiers on shift"). Pure.
 */

/** Below this much time on duty a rate says nothing: null. */
export const MIN_RATE_MS = 60_000;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * How long the spans cover of [from, to), counting overlaps once (a cashier signed in
 * while their shift is open is on duty once). A span with `to` null runs until `to`.
 */
export function coveredMs(spans: readonly { from: number; to: number | null }[], from: number, to: number): number {
  const clipped = spans
    .map((s) => ({ a: Math.max(s.from, from), b: Math.min(s.to ?? to, to) }))
    .filter((s) => s.b > s.a)
    .sort((x, y) => x.a - y.a);
  let total = 0;
  let end = -Infinity;
  for (const s of clipped) {
    if (s.a >= end) {
      total += s.b - s.a;
      end = s.b;
    } else if (s.b > end) {
      total += s.b - end;
      end = s.b;
    }
  }
  return total;
}

export interface ShiftRates {
  /** Time on duty, minutes, 2 decimals. */
  minutesOnShift: number;
  /** receipts / hours on duty, 2 decimals; null under a minute on duty. */
  receiptsPerHour: number | null;
  /** items / minutes on duty, 2 decimals; null under a minute on duty. */
  itemsPerMinute: number | null;
}

export function shiftRates(dutyMs: number, receipts: number, items: number): ShiftRates {
  const enough = dutyMs >= MIN_RATE_MS;
  return {
    minutesOnShift: round2(dutyMs / 60_000),
    receiptsPerHour: enough ? round2((receipts * 3_600_000) / dutyMs) : null,
    itemsPerMinute: enough ? round2((items * 60_000) / dutyMs) : null,
  };
}
