import { describe, expect, it } from 'vitest';
import { rangeOf, readFilters, writeFilters, yesterdayRange } from './overview-filters';

describe('overview filters in the URL', () => {
  it('round-trips every filter', () => {
    const f = { region: 'North West', storeId: 'S003', channel: 'web' as const, period: 'custom' as const, from: '2026-11-20T08:00', to: '2026-11-20T12:30' };
    const { filters, problems } = readFilters(new URLSearchParams(writeFilters(f)));
    expect(problems).toEqual([]);
    expect(filters).toEqual(f);
  });

  it('defaults to the chain, both channels, today; and names what it could not read', () => {
    expect(readFilters(new URLSearchParams(''))).toEqual({ filters: { region: undefined, storeId: undefined, channel: 'all', period: 'today' }, problems: [] });
    const bad = readFilters(new URLSearchParams('channel=fax&period=custom&from=yesterday'));
    expect(bad.filters.channel).toBe('all');
    expect(bad.filters.period).toBe('today');
    expect(bad.problems).toEqual(['channel "fax" is not all, stores or web', 'a custom period needs from and to (date and time)']);
    expect(readFilters(new URLSearchParams('period=custom&from=2026-11-20T12:00&to=2026-11-20T11:00')).problems).toEqual(['the custom period ends before it starts']);
  });

  it('the last hour is the 60 minutes up to the end of the current minute, live', () => {
    const now = Date.parse('2026-11-21T10:17:42Z');
    expect(rangeOf({ channel: 'all', period: 'hour' }, now)).toEqual({ from: '2026-11-21T09:18:00.000Z', to: '2026-11-21T10:18:00.000Z', live: true });
    expect(rangeOf({ channel: 'all', period: 'today' }, now)).toBeNull();
  });

  it('a new custom range is yesterday’s whole local day, also the day after a DST change', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Europe/Rome';
      expect(yesterdayRange(new Date('2026-11-21T10:00:00+01:00'))).toEqual({ from: '2026-11-20T00:00', to: '2026-11-21T00:00' });
      // Clocks went forward on 2026-03-29 (a 23-hour day) and back on 2026-10-25 (25 hours).
      expect(yesterdayRange(new Date('2026-03-30T00:30:00+02:00'))).toEqual({ from: '2026-03-29T00:00', to: '2026-03-30T00:00' });
      expect(yesterdayRange(new Date('2026-10-26T23:30:00+01:00'))).toEqual({ from: '2026-10-25T00:00', to: '2026-10-26T00:00' });
      expect(yesterdayRange(new Date('2026-01-01T08:00:00+01:00'))).toEqual({ from: '2025-12-31T00:00', to: '2026-01-01T00:00' });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
