import { describe, expect, it } from 'vitest';
import { periodLabel, presetOf, readLossFilters, writeLossFilters } from './loss-filters';

describe('loss filters in the URL', () => {
  it('reads and writes region, store, period, rule and exceptionsOnly', () => {
    const q = '?region=North&store=S001&from=2026-11-14&to=2026-11-20&rule=post-void-then-no-sale&exceptionsOnly=true';
    const { filters, problems } = readLossFilters(new URLSearchParams(q));
    expect(problems).toEqual([]);
    expect(filters).toEqual({ region: 'North', storeId: 'S001', from: '2026-11-14', to: '2026-11-20', rule: 'post-void-then-no-sale', exceptionsOnly: true });
    expect(writeLossFilters(filters)).toBe(q);
    expect(writeLossFilters({ exceptionsOnly: false })).toBe('');
    expect(periodLabel(filters)).toBe('2026-11-14 – 2026-11-20');
    expect(periodLabel({})).toBe('today');
  });

  it('falls back to today, and says why, for a period it cannot use', () => {
    for (const q of ['?from=2026-11-20', '?from=2026-11-20&to=2026-11-19', '?from=2026-01-01&to=2026-12-31', '?from=x&to=y']) {
      const r = readLossFilters(new URLSearchParams(q));
      expect(r.filters.from, q).toBeUndefined();
      expect(r.problems, q).toHaveLength(1);
    }
  });

  it('leaves out a rule that is not a rule id, and says so', () => {
    const r = readLossFilters(new URLSearchParams('?rule=Bad%20Rule&store=S001'));
    expect(r.filters).toEqual({ storeId: 'S001', exceptionsOnly: false });
    expect(r.problems).toEqual(['"Bad Rule" is not a rule id: showing every cashier']);
  });

  it('presets are browser calendar days', () => {
    const now = new Date(2026, 10, 21, 10, 0);
    expect(presetOf('yesterday', now)).toEqual({ from: '2026-11-20', to: '2026-11-20' });
    expect(presetOf('7d', now)).toEqual({ from: '2026-11-15', to: '2026-11-21' });
    expect(presetOf('today', now)).toEqual({ from: undefined, to: undefined });
  });
});
