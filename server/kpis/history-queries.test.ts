import { describe, expect, it } from 'vitest';
import { ROLLUPS, dateTimeParam, mergeMinutes, minuteParams, minuteQuery } from './history-queries';
import { COUNT_FIELDS, emptyCounts, type ScopeGroup } from './kpi-types';

const group: ScopeGroup = { level: 'chain', timezone: 'Europe/Madrid', locations: ['S001', "S002' OR '1'='1"], otherLocations: true, knownStores: ['S001', 'S002'] };

describe('history source queries', () => {
  it('reads every count from exactly one rollup', () => {
    const fields = ROLLUPS.flatMap((r) => Object.keys(r.columns));
    expect([...fields].sort()).toEqual([...COUNT_FIELDS].sort());
  });

  it('puts no value into the SQL: only the server-side parameters minuteParams gives', () => {
    const names = Object.keys(minuteParams(group, 0, 60_000)).sort();
    for (const r of ROLLUPS) {
      const sql = minuteQuery(r);
      expect(sql.replaceAll("'UTC'", '')).not.toContain("'");
      const placeholders = [...sql.matchAll(/\{(\w+):([^}]+)\}/g)].map((m) => m[1]!);
      expect([...new Set(placeholders)].sort()).toEqual(names);
      expect(sql.replace(/\{\w+:[^}]+\}/g, '')).not.toMatch(/[{}]/);
      expect(sql).toMatch(/GROUP BY r\.minute/);
      for (const column of Object.values(r.columns)) expect(sql).toContain(`sum(r.${column})`);
    }
  });

  it('passes the group as it is, and the range as UTC DateTime text rounded up to the second', () => {
    const from = Date.parse('2026-11-20T10:15:00Z');
    expect(minuteParams(group, from, from + 3_600_000)).toEqual({
      locs: ['S001', "S002' OR '1'='1"],
      others: true,
      known: ['S001', 'S002'],
      from: '2026-11-20 10:15:00',
      to: '2026-11-20 11:15:00',
    });
    // A minute start m (whole seconds) satisfies m >= x exactly when m >= ceil(x).
    expect(dateTimeParam(from + 1)).toBe('2026-11-20 10:15:01');
    expect(dateTimeParam(-5)).toBe('1970-01-01 00:00:00');
    expect(dateTimeParam(Date.UTC(2200, 0, 1))).toBe('2106-02-07 06:28:15');
    expect(() => dateTimeParam(Number.NaN)).toThrow(RangeError);
  });

  it('adds the rollups up per minute in time order, and leaves all-zero minutes out', () => {
    const t = Date.parse('2026-11-20T10:15:00Z') / 1000;
    const merged = mergeMinutes([
      { t: t + 60, webPaid: 500, webRefunded: '200' },
      { t, gross: 1000, refunds: 0, postVoids: 0, receipts: 1, items: 3 },
      { t, refundCount: 0, postVoidCount: 0, lineVoids: 2, receiptVoids: 0 },
      { t, webPaid: 0, webRefunded: 0 },
      { t: t + 120, webPaid: 0, webRefunded: 0 },
      { t: t + 60, gross: 0, refunds: 0, postVoids: 0, receipts: 0, items: 0 },
    ]);
    expect([...merged.keys()]).toEqual([t * 1000, (t + 60) * 1000]);
    expect(merged.get(t * 1000)).toEqual({ ...emptyCounts(), gross: 1000, receipts: 1, items: 3, lineVoids: 2 });
    expect(merged.get((t + 60) * 1000)).toEqual({ ...emptyCounts(), webPaid: 500, webRefunded: 200 });
  });
});
