import { describe, expect, it } from 'vitest';
import { alertsQuery, readAlertFilters, writeAlertFilters } from './alert-filters';

const read = (q: string) => readAlertFilters(new URLSearchParams(q));

describe('alert filters in the URL', () => {
  it('defaults to open and acknowledged, every kind, severity and store', () => {
    expect(read('')).toEqual({ filters: { states: ['open', 'acknowledged'] }, problems: [] });
    expect(writeAlertFilters(read('').filters)).toBe('');
    expect(alertsQuery(read('').filters)).toBe('?state=open,acknowledged&limit=500');
  });

  it('reads and writes state, kind, severity and store', () => {
    const { filters, problems } = read('?state=resolved,open&kind=till_gap&severity=critical&store=S003');
    expect(problems).toEqual([]);
    expect(filters).toEqual({ states: ['open', 'resolved'], kind: 'till_gap', severity: 'critical', storeId: 'S003' });
    expect(writeAlertFilters(filters)).toBe('?state=open,resolved&kind=till_gap&severity=critical&store=S003');
    expect(alertsQuery(filters)).toBe('?state=open,resolved&kind=till_gap&severity=critical&storeId=S003&limit=500');
    expect(read('?kind=store_offline&storeId=S004').filters).toEqual({ states: ['open', 'acknowledged'], kind: 'store_offline', storeId: 'S004' });
    // The default states in any order are the default: not written.
    expect(writeAlertFilters(read('?state=acknowledged,open').filters)).toBe('');
  });

  it('falls back to the default, and says why, for what it cannot use', () => {
    for (const [q, key] of [
      ['?state=closed', 'states'],
      ['?state=,', 'states'],
      ['?kind=fire', 'kind'],
      ['?severity=high', 'severity'],
      ['?store=%20S0%2001', 'storeId'],
    ] as const) {
      const r = read(q);
      expect(r.problems, q).toHaveLength(1);
      if (key === 'states') expect(r.filters.states).toEqual(['open', 'acknowledged']);
      else expect(r.filters[key], q).toBeUndefined();
    }
  });
});
