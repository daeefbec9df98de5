import { describe, expect, it } from 'vitest';
import { rangeOf, readFilters, writeFilters } from './overview-filters';

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
});
