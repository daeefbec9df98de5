import { addCounts, emptyCounts, type MinuteCounts } from '../../lib/live/minute-counts';
import { addDays, localParts, startOfLocalDay } from '../../lib/time/local-time';

/**
 * The pure part of "today vs the same weekday last week, by hour" (GET
 * /api/v1/sales/per-hour): minute counts into the local wall-clock hours 0..23 of a
 * timezone, and which of today's hours have started.
 *
 * DST: an hour is a wall-clock hour. On a 25-hour day (clocks go back) the repeated hour
 * holds both of its occurrences (120 minutes); on a 23-hour day (clocks go forward) the
 * skipped hour holds nothing (zeros once the clock has passed it). So every day has 24
 * slots and the slots always add up to the whole local day.
 */
export const HOURS_PER_DAY = 24;
const HOUR_MS = 3_600_000;

/** The local wall-clock hour (0..23) of an instant in `timezone`. */
export const localHourOf = (ms: number, timezone: string): number => Math.floor(localParts(ms, timezone).minuteOfDay / 60);

/** Minute counts (minute start, epoch ms → counts) summed into the 24 local hours of `timezone`. */
export function bucketByLocalHour(minutes: Iterable<readonly [number, MinuteCounts]>, timezone: string): MinuteCounts[] {
  const hours = Array.from({ length: HOURS_PER_DAY }, () => emptyCounts());
  for (const [minute, counts] of minutes) addCounts(hours[localHourOf(minute, timezone)]!, counts);
  return hours;
}

/**
 * How many of today's local hours have started at `now` in `timezone`: hours 0..n−1 (by
 * the wall clock, so a skipped hour counts as started once the clock is past it).
 */
export const hoursStarted = (now: number, timezone: string): number => localHourOf(now, timezone) + 1;

/** The length of a local day in hours: 24, or 23 / 25 on DST days (23.5 and the like in a few zones). */
export const localDayHours = (day: string, timezone: string): number => (startOfLocalDay(addDays(day, 1), timezone) - startOfLocalDay(day, timezone)) / HOUR_MS;

/**
 * Several timezone groups' hours summed slot by slot (each group's hour h is its own
 * local hour h). `started[g]` is how many of group g's hours have started; an hour is
 * null only when it has started in no group.
 */
export function sumHours(groups: readonly { hours: readonly MinuteCounts[]; started: number }[]): (MinuteCounts | null)[] {
  return Array.from({ length: HOURS_PER_DAY }, (_, h) => {
    if (!groups.some((g) => h < g.started)) return null;
    const total = emptyCounts();
    for (const g of groups) addCounts(total, g.hours[h]!);
    return total;
  });
}
