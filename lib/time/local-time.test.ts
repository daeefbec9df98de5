import { describe, expect, it } from 'vitest';
import { addDays, localDay, localParts, localTimeToUtc, sameWallClockWeeksBefore, startOfLocalDay, utcMinute, utcOffsetMs } from './local-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('local time', () => {
  it('cuts days at local midnight, not UTC midnight', () => {
    // 23:30 UTC on 20 Nov is already 21 Nov in Madrid (UTC+1), still 20 Nov in Lisbon (UTC+0).
    const t = Date.parse('2026-11-20T23:30:00Z');
    expect(localDay(t, 'Europe/Madrid')).toBe('2026-11-21');
    expect(localDay(t, 'Europe/Lisbon')).toBe('2026-11-20');
    expect(localDay(t, 'America/New_York')).toBe('2026-11-20');
  });

  it('matches Intl for a year of hourly instants in several zones', () => {
    const zones = ['Europe/Madrid', 'Europe/Lisbon', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    for (const tz of zones) {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let t = Date.parse('2026-01-01T00:17:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_600_000 + 61_000) {
        expect(localDay(t, tz), `${tz} ${iso(t)}`).toBe(f.format(new Date(t)));
      }
    }
  });

  it('finds the UTC instant of a local wall-clock time, across DST changes', () => {
    expect(iso(startOfLocalDay('2026-11-21', 'Europe/Madrid'))).toBe('2026-11-20T23:00:00.000Z');
    expect(iso(startOfLocalDay('2026-07-01', 'Europe/Madrid'))).toBe('2026-06-30T22:00:00.000Z');
    // Spring forward in Madrid: 29 Mar 2026 02:00 → 03:00. 08:00 local is 06:00 UTC.
    expect(iso(localTimeToUtc('2026-03-29', 8 * 60, 'Europe/Madrid'))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(localTimeToUtc('2026-03-28', 8 * 60, 'Europe/Madrid'))).toBe('2026-03-28T07:00:00.000Z');
    // Fall back in Lisbon: 25 Oct 2026 02:00 → 01:00; 01:30 happens twice, the first is taken.
    expect(iso(localTimeToUtc('2026-10-25', 90, 'Europe/Lisbon'))).toBe('2026-10-25T00:30:00.000Z');
    // Minutes past 24 h reach into the next day.
    expect(iso(localTimeToUtc('2026-11-21', 24 * 60 + 30, 'Europe/Lisbon'))).toBe('2026-11-22T00:30:00.000Z');
  });

  it('gives weekday and minute of day in local time', () => {
    const t = Date.parse('2026-11-21T10:15:30Z'); // a Saturday
    expect(localParts(t, 'Europe/Madrid')).toEqual({ day: '2026-11-21', weekday: 6, minuteOfDay: 11 * 60 + 15 });
    expect(utcOffsetMs('Europe/Madrid', t)).toBe(3_600_000);
  });

  it('buckets instants by UTC minute and adds calendar days', () => {
    expect(utcMinute(Date.parse('2026-11-21T10:15:59.999Z'))).toBe('2026-11-21T10:15Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-11-21', -7)).toBe('2026-11-14');
  });

  it('finds the same wall-clock time weeks before, across a DST change too', () => {
    const noon = Date.parse('2026-11-18T11:00:00Z'); // 12:00 in Madrid
    expect(iso(sameWallClockWeeksBefore(noon, 'Europe/Madrid'))).toBe('2026-11-11T11:00:00.000Z');
    // Madrid left summer time on 2026-10-25: 12:00 on the 29th is 11:00Z, and was 10:00Z on the 22nd and the 15th.
    expect(iso(sameWallClockWeeksBefore(Date.parse('2026-10-29T11:00:00Z'), 'Europe/Madrid'))).toBe('2026-10-22T10:00:00.000Z');
    expect(iso(sameWallClockWeeksBefore(Date.parse('2026-10-29T11:00:00Z'), 'Europe/Madrid', 2))).toBe('2026-10-15T10:00:00.000Z');
    // Four weeks back from early November reaches the summer; from 2026-04-02 (CEST) back over the March change, winter.
    expect(iso(sameWallClockWeeksBefore(Date.parse('2026-11-05T11:00:00Z'), 'Europe/Madrid', 4))).toBe('2026-10-08T10:00:00.000Z');
    expect(iso(sameWallClockWeeksBefore(Date.parse('2026-04-02T10:00:00Z'), 'Europe/Madrid', 2))).toBe('2026-03-19T11:00:00.000Z');
    // A zone without DST: exactly whole weeks.
    expect(sameWallClockWeeksBefore(noon, 'UTC', 3)).toBe(noon - 21 * 86_400_000);
  });
});
