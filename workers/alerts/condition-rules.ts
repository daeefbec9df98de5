import type { RaisedAlert } from '../../lib/alerts/alert-model';
import type { Thresholds } from '../../lib/alerts/alert-thresholds';
import type { StoreState } from '../../lib/kpis/store-answers';
import { MINUTE_MS, localParts } from '../../lib/time/local-time';

/**
 * The condition rules (docs/kpis.md "Alerts"), pure: what holds for a store now. `raised`
 * while the condition holds (the same id on every evaluation of one episode, so that a
 * repeated evaluation changes nothing), null when it does not (its open alert resolves).
 */
export type Verdict = { holds: true; raised: RaisedAlert } | { holds: false };

const NOT: Verdict = { holds: false };

/**
 * `store_offline`: nothing of the store arrived for more than N minutes, or its newest event
 * arrived more than N minutes after it occurred (the freshness of lib/kpis/store-status.ts).
 * A store never heard from is not judged (nothing to compare with).
 */
export function offlineVerdict(s: StoreState, t: Thresholds): Verdict {
  const limit = t.offlineAfterMinutes * MINUTE_MS;
  if (s.silentForMs === null || s.lastArrivalAt === null) return NOT;
  const silent = s.silentForMs > limit;
  const lagging = s.lagMs !== null && s.lagMs > limit;
  if (!silent && !lagging) return NOT;
  const lastArrival = Date.parse(s.lastArrivalAt);
  return {
    holds: true,
    raised: {
      id: `store_offline:${s.storeId}:${lastArrival}`,
      kind: 'store_offline',
      severity: silent ? 'critical' : 'warning',
      subject: { storeId: s.storeId },
      evidence: { reason: silent ? 'silent' : 'lagging', lastEventAt: s.lastEventAt, lastArrivalAt: s.lastArrivalAt, silentForMs: s.silentForMs, lagMs: s.lagMs, thresholdMinutes: t.offlineAfterMinutes },
      openedAt: silent ? lastArrival + limit : lastArrival,
    },
  };
}

/** The start (epoch ms) of the store-local hour `now` is in, and how many ms of it have passed. */
export function localHourOf(now: number, timezone: string): { hourStart: number; elapsedMs: number } {
  const { minuteOfDay } = localParts(now, timezone);
  const elapsedMs = (minuteOfDay % 60) * MINUTE_MS + (now % MINUTE_MS);
  return { hourStart: now - elapsedMs, elapsedMs };
}

/**
 * `revenue_below`: the store's net sales (tills and web shop) in the current local hour so far
 * under the hourly threshold prorated to the time passed (threshold × elapsed / 60 min), judged
 * only from minute `revenueJudgedFromMinute` of the hour on. Before that, or with a threshold
 * of 0, it does not hold: an alert of the previous hour resolves when the hour ends.
 */
export function revenueVerdict(store: { storeId: string; timezone: string }, t: Thresholds, revenueSoFar: number, now: number): Verdict {
  if (t.revenueBelowPerHour <= 0) return NOT;
  const { hourStart, elapsedMs } = localHourOf(now, store.timezone);
  if (elapsedMs < t.revenueJudgedFromMinute * MINUTE_MS) return NOT;
  const expected = Math.round(((t.revenueBelowPerHour * elapsedMs) / (60 * MINUTE_MS)) * 100) / 100;
  if (revenueSoFar >= expected) return NOT;
  return {
    holds: true,
    raised: {
      id: `revenue_below:${store.storeId}:${hourStart}`,
      kind: 'revenue_below',
      severity: revenueSoFar < expected / 2 ? 'critical' : 'warning',
      subject: { storeId: store.storeId },
      evidence: { hourStart: new Date(hourStart).toISOString(), revenueSoFar, expectedSoFar: expected, thresholdPerHour: t.revenueBelowPerHour, judgedAt: new Date(now).toISOString() },
      openedAt: now,
    },
  };
}
