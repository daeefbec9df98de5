/**
 * Store-local calendar arithmetic without a per-event Intl call.
 *
 * A store's "today" and "same weekday last week" are days in its own IANA timezone
 * (design: KPI definitions). Offsets only change at DST transitions, so the UTC offset
 * is computed once per timezone and UTC hour and cached; every lookup after that is a
 * Map hit. Used by the simulator's ground truth and by the pipeline's aggregates, so
 * both cut days at the same instants.
 */
const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function computeOffset(tz: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `tz`. */
export function utcOffsetMs(tz: string, ms: number): number {
  let byHour = offsets.get(tz);
  if (!byHour) offsets.set(tz, (byHour = new Map()));
  // Every real-world transition happens on a quarter hour boundary; an hour bucket
  // that contains one is split so the cached value is exact on both sides.
  const hour = Math.floor(ms / HOUR_MS);
  let off = byHour.get(hour);
  if (off === undefined) {
    const start = computeOffset(tz, hour * HOUR_MS);
    const end = computeOffset(tz, hour * HOUR_MS + HOUR_MS - 1000);
    off = start === end ? start : Number.NaN;
    byHour.set(hour, off);
  }
  return Number.isNaN(off) ? computeOffset(tz, ms) : off;
}

/** The store-local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(ms: number, tz: string): string {
  return new Date(ms + utcOffsetMs(tz, ms)).toISOString().slice(0, 10);
}

/** Local wall-clock fields of an instant. weekday: 0 = Sunday … 6 = Saturday. */
export function localParts(ms: number, tz: string): { day: string; weekday: number; minuteOfDay: number } {
  const local = new Date(ms + utcOffsetMs(tz, ms));
  return {
    day: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/**
 * The UTC instant of a local wall-clock time on a local day (`minuteOfDay` may exceed
 * 1440 to reach into the next day). In a DST gap the later side is taken; in an
 * overlap, the first occurrence.
 */
export function localTimeToUtc(day: string, minuteOfDay: number, tz: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + minuteOfDay * MINUTE_MS;
  // Two passes converge for every offset rule: guess, then correct with the offset there.
  let guess = wall - utcOffsetMs(tz, wall);
  guess = wall - utcOffsetMs(tz, guess);
  const again = wall - utcOffsetMs(tz, guess - HOUR_MS);
  return again < guess && localMinuteOf(again, tz) === localMinuteOf(guess, tz) ? again : guess;
}

function localMinuteOf(ms: number, tz: string): number {
  return Math.floor((ms + utcOffsetMs(tz, ms)) / MINUTE_MS);
}

/** The UTC instant a local day starts (its midnight, or the first instant after a DST gap). */
export function startOfLocalDay(day: string, tz: string): number {
  return localTimeToUtc(day, 0, tz);
}

/**
 * The same local wall-clock time `weeks` weeks before `ms` in `tz`: seven days per week back,
 * moved by the offset's change if a DST change lies between (last week's 12:00 for this week's
 * 12:00). The alerts' "same hour last week" and the promotions' baseline weeks use it.
 */
export function sameWallClockWeeksBefore(ms: number, tz: string, weeks = 1): number {
  const before = ms - weeks * 7 * DAY_MS;
  return before + (utcOffsetMs(tz, ms) - utcOffsetMs(tz, before));
}

/** A YYYY-MM-DD day plus n days (calendar arithmetic, no timezone). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC minute an instant falls in, as 2026-11-21T10:15Z (the KPIs' event-time bucket). */
export function utcMinute(ms: number): string {
  return `${new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16)}Z`;
}
