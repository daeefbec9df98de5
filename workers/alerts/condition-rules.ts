import type { RaisedAlert } from '../../lib/alerts/alert-model';
import type { Thresholds } from '../../lib/alerts/alert-thresholds';
import type { StoreState } from '../../lib/kpis/store-answers';
import { MINUTE_MS, localParts } from '../../lib/time/local-time';

/**
 * The store condition rules (docs/kpis.md "Alerts"), pure: what holds for a store now. `raised`
 * while the condition holds, `holds: false` when it does not (its open alert resolves). While
 * it holds, the open alert stays the one raised first (workers/alerts/evaluate-conditions.ts),
 * unless the rule starts a new episode (revenue: a new hour).
 */
export type Verdict = { holds: true; raised: RaisedAlert } | { holds: false };

const NOT: Verdict = { holds: false };

/**
 * `store_offline`: nothing of the store arrived for more than N minutes, or its newest event
 * arrived more than N minutes after it occurred (the freshness of lib/kpis/store-status.ts).
 * A store never heard from is not judged (nothing to compare with), nor is the silence of a
 * store whose staffed tills have all closed their shifts (closed for the night, not offline; a
 * self-checkout has no shifts and does not count). A silence no longer than the store's usual
 * quiet at this time of day (`usualSilenceMs`, e.g. a 24-hour store at 3 am) is not judged either.
 */
export function offlineVerdict(s: StoreState, t: Thresholds, usualSilenceMs = 0): Verdict {
  const limit = t.offlineAfterMinutes * MINUTE_MS;
  if (s.silentForMs === null || s.lastArrivalAt === null) return NOT;
  const allowed = Math.max(limit, usualSilenceMs);
  const silent = silentPastLimit(s, t) && s.silentForMs > allowed;
  const lagging = s.lagMs !== null && s.lagMs > limit;
  if (!silent && !lagging) return NOT;
  const lastArrival = Date.parse(s.lastArrivalAt);
  const usual = usualSilenceMs > limit ? { usualSilenceMinutes: Math.round(usualSilenceMs / MINUTE_MS) } : {};
  return {
    holds: true,
    raised: {
      id: `store_offline:${s.storeId}:${lastArrival}`,
      kind: 'store_offline',
      severity: silent ? 'critical' : 'warning',
      subject: { storeId: s.storeId },
      evidence: { reason: silent ? 'silent' : 'lagging', lastEventAt: s.lastEventAt, lastArrivalAt: s.lastArrivalAt, silentForMs: s.silentForMs, lagMs: s.lagMs, thresholdMinutes: t.offlineAfterMinutes, ...usual },
      openedAt: silent ? lastArrival + allowed : lastArrival,
    },
  };
}

/** Whether the store has been silent past its threshold while open (the usual quiet of the hour aside): only then is that quiet worth reading. */
export function silentPastLimit(s: StoreState, t: Thresholds): boolean {
  if (s.silentForMs === null || s.lastArrivalAt === null) return false;
  const staffed = s.sources.filter((x) => x.shift !== undefined);
  const closed = staffed.length > 0 && staffed.every((x) => x.shift === 'closed');
  return !closed && s.silentForMs > t.offlineAfterMinutes * MINUTE_MS;
}

/** How far around the same time a week before the store's usual quiet is read (`usualSilenceMs`). */
export const USUAL_SILENCE_WINDOW_MS = 60 * MINUTE_MS;

/**
 * The store's usual quiet at this time of day: the longest run without till activity (a receipt,
 * refund, void or post-void) in the hour either side of the same wall-clock time a week before,
 * to the minute, given the minutes (epoch ms) that had some. Nothing at all then (no history yet,
 * or closed that day) is no excuse: 0.
 */
export function usualSilenceMs(activeMinutes: number[], from: number, to: number): number {
  const active = activeMinutes.filter((m) => m >= from && m < to).sort((a, b) => a - b);
  if (active.length === 0) return 0;
  let longest = active[0]! - from;
  for (let i = 1; i < active.length; i++) longest = Math.max(longest, active[i]! - active[i - 1]!);
  return Math.max(longest, to - active.at(-1)!);
}

/** The start (epoch ms) of the store-local hour `now` is in, and how many ms of it have passed. */
export function localHourOf(now: number, timezone: string): { hourStart: number; elapsedMs: number } {
  const { minuteOfDay } = localParts(now, timezone);
  const elapsedMs = (minuteOfDay % 60) * MINUTE_MS + (now % MINUTE_MS);
  return { hourStart: now - elapsedMs, elapsedMs };
}

/**
 * `revenue_below`: the store's net sales (tills and web shop, in its currency's major unit) in
 * the current local hour so far under either bar, judged only from minute `revenueJudgedFromMinute` of the hour on:
 *   - the hourly threshold prorated to the time passed (threshold × elapsed / 60 min);
 *   - `revenueBelowPctOfLastWeek` % of the same span of the same local hour a week before
 *     (`lastWeekSoFar`; a week with no sales then is no bar).
 * Before that minute, or with both bars off, it does not hold: an alert of the previous hour
 * resolves when the hour ends.
 */
export function revenueVerdict(store: { storeId: string; timezone: string }, t: Thresholds, revenueSoFar: number, now: number, lastWeekSoFar: number | null = null): Verdict {
  if (t.revenueBelowPerHour <= 0 && t.revenueBelowPctOfLastWeek <= 0) return NOT;
  const { hourStart, elapsedMs } = localHourOf(now, store.timezone);
  if (elapsedMs < t.revenueJudgedFromMinute * MINUTE_MS) return NOT;
  const cents = (x: number) => Math.round(x * 100) / 100;
  const bars: number[] = [];
  const expected = t.revenueBelowPerHour > 0 ? cents((t.revenueBelowPerHour * elapsedMs) / (60 * MINUTE_MS)) : null;
  if (expected !== null) bars.push(expected);
  const weekBar = t.revenueBelowPctOfLastWeek > 0 && lastWeekSoFar !== null && lastWeekSoFar > 0 ? cents((lastWeekSoFar * t.revenueBelowPctOfLastWeek) / 100) : null;
  if (weekBar !== null) bars.push(weekBar);
  const bar = bars.length ? Math.max(...bars) : null;
  if (bar === null || revenueSoFar >= bar) return NOT;
  return {
    holds: true,
    raised: {
      id: `revenue_below:${store.storeId}:${hourStart}`,
      kind: 'revenue_below',
      severity: revenueSoFar < bar / 2 ? 'critical' : 'warning',
      subject: { storeId: store.storeId },
      evidence: {
        hourStart: new Date(hourStart).toISOString(),
        revenueSoFar,
        ...(expected !== null && { expectedSoFar: expected, thresholdPerHour: t.revenueBelowPerHour }),
        ...(weekBar !== null && { lastWeekSoFar, pctOfLastWeek: t.revenueBelowPctOfLastWeek, lastWeekBar: weekBar }),
        below: [...(expected !== null && revenueSoFar < expected ? ['threshold'] : []), ...(weekBar !== null && revenueSoFar < weekBar ? ['last_week'] : [])],
        judgedAt: new Date(now).toISOString(),
      },
      openedAt: now,
    },
  };
}
