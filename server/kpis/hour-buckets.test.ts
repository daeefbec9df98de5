import { describe, expect, it } from 'vitest';
import { emptyCounts, type MinuteCounts } from '../../lib/live/minute-counts';
import { bucketByLocalHour, hoursStarted, localDayHours, localHourOf, sumHours } from './hour-buckets';

const MINUTE = 60_000;

/** The wall-clock hour by Intl directly: the reference, independent of lib/time/local-time.ts. */
function intlHour(ms: number, timeZone: string): number {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  return Number(h);
}

/** One receipt of 100 cents in every minute of [from, to). */
function everyMinute(from: number, to: number): Map<number, MinuteCounts> {
  const out = new Map<number, MinuteCounts>();
  for (let m = from; m < to; m += MINUTE) out.set(m, { ...emptyCounts(), gross: 100, receipts: 1, items: 2 });
  return out;
}
const receiptsPerHour = (hours: MinuteCounts[]) => hours.map((c) => c.receipts);

describe('sales by local hour', () => {
  it('puts a normal day’s minutes 60 to an hour', () => {
    // Madrid, 2026-11-20: CET (+1), local midnight is 23:00Z the day before.
    const hours = bucketByLocalHour(everyMinute(Date.parse('2026-11-19T23:00:00Z'), Date.parse('2026-11-20T23:00:00Z')), 'Europe/Madrid');
    expect(receiptsPerHour(hours)).toEqual(Array(24).fill(60));
    expect(hours[13]).toEqual({ ...emptyCounts(), gross: 6000, receipts: 60, items: 120 });
    expect(localDayHours('2026-11-20', 'Europe/Madrid')).toBe(24);
  });

  it('gives the repeated hour of a 25-hour day both of its occurrences (Madrid, clocks back at 03:00 CEST)', () => {
    // 2026-10-25 in Madrid: 22:00Z on the 24th to 23:00Z on the 25th.
    const hours = bucketByLocalHour(everyMinute(Date.parse('2026-10-24T22:00:00Z'), Date.parse('2026-10-25T23:00:00Z')), 'Europe/Madrid');
    const want = Array(24).fill(60);
    want[2] = 120;
    expect(receiptsPerHour(hours)).toEqual(want);
    expect(localDayHours('2026-10-25', 'Europe/Madrid')).toBe(25);
    // 00:30Z is 02:30 CEST, 01:30Z is 02:30 CET: both in hour 2.
    expect([localHourOf(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Madrid'), localHourOf(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Madrid')]).toEqual([2, 2]);
  });

  it('leaves the skipped hour of a 23-hour day empty (Lisbon, clocks forward at 01:00 WET)', () => {
    // 2026-03-29 in Lisbon: 00:00Z (WET) to 23:00Z (WEST); 01:00-02:00 local does not exist.
    const hours = bucketByLocalHour(everyMinute(Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T23:00:00Z')), 'Europe/Lisbon');
    const want = Array(24).fill(60);
    want[1] = 0;
    expect(receiptsPerHour(hours)).toEqual(want);
    expect(localDayHours('2026-03-29', 'Europe/Lisbon')).toBe(23);
    expect(localDayHours('2026-03-22', 'Europe/Lisbon')).toBe(24);
  });

  it('cuts hours at the local wall clock in a zone with a 45-minute offset (Kathmandu, +05:45)', () => {
    const hours = bucketByLocalHour(everyMinute(Date.parse('2026-11-19T18:15:00Z'), Date.parse('2026-11-20T18:15:00Z')), 'Asia/Kathmandu');
    expect(receiptsPerHour(hours)).toEqual(Array(24).fill(60));
    expect(localHourOf(Date.parse('2026-11-20T04:14:00Z'), 'Asia/Kathmandu')).toBe(9);
    expect(localHourOf(Date.parse('2026-11-20T04:15:00Z'), 'Asia/Kathmandu')).toBe(10);
  });

  it('agrees with Intl on the hour of every minute around both 2026 transitions, in four zones', () => {
    const ranges = [
      [Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T12:00:00Z')],
      [Date.parse('2026-10-24T12:00:00Z'), Date.parse('2026-10-26T12:00:00Z')],
      [Date.parse('2026-03-07T12:00:00Z'), Date.parse('2026-03-09T12:00:00Z')],
    ];
    for (const tz of ['Europe/Madrid', 'Europe/Lisbon', 'America/New_York', 'Asia/Kathmandu']) {
      for (const [from, to] of ranges) {
        for (let m = from!; m < to!; m += 7 * MINUTE) expect([tz, new Date(m).toISOString(), localHourOf(m, tz)]).toEqual([tz, new Date(m).toISOString(), intlHour(m, tz)]);
      }
    }
  });

  it('counts today’s hours started by the wall clock: a skipped hour is started once the clock is past it', () => {
    expect(hoursStarted(Date.parse('2026-11-20T09:59:59Z'), 'Europe/Madrid')).toBe(11); // 10:59 CET: hours 0..10
    expect(hoursStarted(Date.parse('2026-11-19T23:00:00Z'), 'Europe/Madrid')).toBe(1); // local midnight
    expect(hoursStarted(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Madrid')).toBe(3); // 02:30 CEST
    expect(hoursStarted(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Madrid')).toBe(3); // 02:30 CET, the hour again
    expect(hoursStarted(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Lisbon')).toBe(3); // 02:00 WEST: hour 1 never was
  });

  it('sums timezone groups hour by hour, null only where no group has started the hour', () => {
    const madrid = { hours: Array.from({ length: 24 }, (_, h) => ({ ...emptyCounts(), receipts: h })), started: 11 };
    const lisbon = { hours: Array.from({ length: 24 }, () => ({ ...emptyCounts(), receipts: 100 })), started: 10 };
    const sum = sumHours([madrid, lisbon]);
    expect(sum).toHaveLength(24);
    expect(sum[9]!.receipts).toBe(109);
    expect(sum[10]!.receipts).toBe(110);
    expect(sum.slice(11)).toEqual(Array(13).fill(null));
    expect(sumHours([])).toEqual(Array(24).fill(null));
    expect(sumHours([{ hours: madrid.hours, started: 24 }]).map((c) => c!.receipts)).toEqual(madrid.hours.map((c) => c.receipts));
  });
});
