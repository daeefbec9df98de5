import { localTimeToUtc } from '../../lib/time/local-time';

/**
 * Store formats: opening hours per weekday and the daily traffic curve. Times are
 * store-local minutes of the day; the curve is customers per hour relative to the
 * midday average (1.0).
 */
export interface StoreFormat {
  key: 'hypermarket' | 'supermarket' | 'express';
  label: string;
  dailyReceipts: number;
  /** Mean lines per receipt. */
  basketLines: number;
  shiftsPerDay: number;
  /** [open, close] in local minutes for weekday 0 = Sunday … 6 = Saturday; null = closed. */
  hours: (weekday: number) => [number, number] | null;
  /** Customers per hour at a local minute of the day, relative to the midday average (1.0). */
  traffic: (minuteOfDay: number) => number;
  /** The highest value of `traffic`: the envelope for thinning. */
  peakTraffic: number;
}

const h = (hh: number, mm = 0) => hh * 60 + mm;

/** The daily curve of every format: quiet nights, peaks at lunch and after work. */
function dailyCurve(): Pick<StoreFormat, 'traffic' | 'peakTraffic'> {
  return { traffic: trafficAt, peakTraffic: Math.max(...HOURLY) };
}

/** Customers per hour through the local day, relative to the midday average. */
const HOURLY = [0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.15, 0.4, 0.7, 0.85, 1.0, 1.2, 1.45, 1.35, 1.0, 0.85, 0.95, 1.25, 1.5, 1.4, 1.05, 0.7, 0.4, 0.15];
/** Relative traffic by weekday, Sunday first: Fridays and Saturdays are busy. */
export const WEEKDAY_FACTOR = [0.75, 0.9, 0.9, 0.95, 1.0, 1.2, 1.3];

/** Sum of the curve over a standard 08:00–22:00 day: turns daily receipts into an hourly rate. */
const STANDARD_DAY = HOURLY.slice(8, 22).reduce((a, b) => a + b, 0);

/** The traffic curve at a local minute of the day, interpolated between hours. */
export function trafficAt(minuteOfDay: number): number {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  const hour = Math.floor(m / 60);
  const frac = (m - hour * 60) / 60;
  // Centre each hour's value on its half hour so the curve has no steps.
  const a = HOURLY[(hour + 23) % 24]!;
  const b = HOURLY[hour]!;
  const c = HOURLY[(hour + 1) % 24]!;
  return frac < 0.5 ? a + (b - a) * (frac + 0.5) : b + (c - b) * (frac - 0.5);
}

export const FORMATS: Record<StoreFormat['key'], StoreFormat> = {
  hypermarket: {
    key: 'hypermarket',
    label: 'Hiper',
    dailyReceipts: 2000,
    basketLines: 11,
    shiftsPerDay: 2,
    hours: (wd) => (wd === 0 ? [h(9), h(21)] : [h(8), h(22)]),
    ...dailyCurve(),
  },
  supermarket: {
    key: 'supermarket',
    label: 'Super',
    dailyReceipts: 1300,
    basketLines: 8,
    shiftsPerDay: 2,
    hours: (wd) => (wd === 0 ? [h(9), h(15)] : [h(8, 30), h(21, 30)]),
    ...dailyCurve(),
  },
  express: {
    key: 'express',
    label: 'Express 24h',
    dailyReceipts: 800,
    basketLines: 5,
    shiftsPerDay: 3,
    hours: () => [0, h(24)],
    ...dailyCurve(),
  },
};

/**
 * The traffic of `--around-the-clock` (simulator/README.md): a busy lunchtime's, all day.
 * For demos and tests that must not depend on the hour they run at.
 */
export const AROUND_THE_CLOCK_TRAFFIC = 1.2;

/** `format` trading 24 hours a day, every day, at AROUND_THE_CLOCK_TRAFFIC, its staffed tills in three shifts a day. */
export function aroundTheClock(format: StoreFormat): StoreFormat {
  return { ...format, shiftsPerDay: 3, hours: () => [0, h(24)], traffic: () => AROUND_THE_CLOCK_TRAFFIC, peakTraffic: AROUND_THE_CLOCK_TRAFFIC };
}

/** Customers per minute at a till, given its share, the store's daily receipts and the traffic (its format's `traffic` at the local time). */
export function arrivalsPerMinute(dailyReceipts: number, weekday: number, traffic: number, share: number): number {
  return (dailyReceipts * WEEKDAY_FACTOR[weekday]! * traffic * share) / (STANDARD_DAY * 60);
}

/**
 * The staffed tills' shifts of a store on a local day, in UTC ms: the opening hours split in
 * `shiftsPerDay` equal parts ([] when closed). Every staffed till changes shift at the same
 * instants (simulator/sources/till/till-source.ts); between a shift's close and the next one's
 * opening (its Z report, logout and the next login, a few minutes) all of them are closed.
 */
export function shiftsOf(format: StoreFormat, day: string, timezone: string): { start: number; end: number }[] {
  const hours = format.hours(new Date(`${day}T00:00:00Z`).getUTCDay());
  if (!hours) return [];
  const open = localTimeToUtc(day, hours[0], timezone);
  const close = localTimeToUtc(day, hours[1], timezone);
  const n = format.shiftsPerDay;
  return Array.from({ length: n }, (_, j) => ({ start: open + Math.round(((close - open) * j) / n), end: open + Math.round(((close - open) * (j + 1)) / n) }));
}
