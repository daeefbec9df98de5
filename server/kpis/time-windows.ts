import { LIVE_QUERY_DAYS } from '../../lib/live/live-counts';
import { DAY_MS, MINUTE_MS, addDays, localParts, localTimeToUtc, startOfLocalDay } from '../../lib/time/local-time';

/** A half-open range of whole minutes, epoch ms. */
export interface Window {
  from: number;
  to: number;
}

export const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** Today in `timezone`: local midnight up to the end of the current minute. */
export function todayIn(timezone: string, now: number): Window {
  const { day } = localParts(now, timezone);
  return { from: startOfLocalDay(day, timezone), to: floorMinute(now) + MINUTE_MS };
}

/**
 * The same weekday last week up to the same local time of day (docs/kpis.md "Time"): the
 * local day seven days earlier, from its midnight to the same wall-clock minute (+1, as
 * today includes the current minute), whatever DST did in between.
 */
export function sameTimeLastWeekIn(timezone: string, now: number): Window {
  const { day, minuteOfDay } = localParts(now, timezone);
  const lastWeek = addDays(day, -7);
  return { from: startOfLocalDay(lastWeek, timezone), to: localTimeToUtc(lastWeek, minuteOfDay + 1, timezone) };
}

/** Whether the live counts in Redis cover a window that starts at `from`. */
export const liveCovers = (from: number, now: number) => from >= now - LIVE_QUERY_DAYS * DAY_MS;
