import { describe, expect, it } from 'vitest';
import { dateTime64Param, FIGURES_SQL, figureParams, figureRowsOf, LAST_EVENTS_SQL, lastEventRowsOf, SESSIONS_SQL, sessionParams, sessionRowsOf } from './activity-queries';

describe('activity queries', () => {
  it('read `events` with FINAL, by store first, with every value a server-side parameter', () => {
    for (const sql of [SESSIONS_SQL, LAST_EVENTS_SQL, FIGURES_SQL]) {
      expect(sql).toContain('FROM events FINAL');
      expect(sql).toMatch(/WHERE store_id = \{storeId:String\} AND occurred_at >= \{from:DateTime64\(3,'UTC'\)\}/);
    }
    expect(FIGURES_SQL).toContain("occurred_at < {to:DateTime64(3,'UTC')}");
    const hostile = "S001' OR '1'='1";
    expect(sessionParams(hostile, 0)).toMatchObject({ storeId: hostile, from: '1970-01-01 00:00:00.000' });
    expect(figureParams('S001', Date.parse('2026-11-20T23:00:00Z'), Date.parse('2026-11-21T11:01:00.5Z'))).toEqual({
      storeId: 'S001',
      from: '2026-11-20 23:00:00.000',
      to: '2026-11-21 11:01:00.500',
    });
  });

  it('refuses an instant history cannot hold', () => {
    expect(() => dateTime64Param(Number.NaN)).toThrow(RangeError);
    expect(() => dateTime64Param(-1)).toThrow(RangeError);
    expect(() => dateTime64Param(Date.UTC(2100, 0, 1))).toThrow(RangeError);
  });

  it('turns rows into numbers, drops unknown session types, and finds the newest ingestion', () => {
    const s = sessionRowsOf([
      { tillId: 'T1', cashierId: 'C1', type: 'pos.cashier.login', ms: '1000', source: 'T1', seq: '7', shiftId: '', ingested: '1500' },
      { tillId: 'T1', cashierId: 'C1', type: 'pos.item.added', ms: '2000', source: 'T1', seq: '8', shiftId: '', ingested: '2500' },
    ]);
    expect(s).toEqual({ rows: [{ tillId: 'T1', cashierId: 'C1', type: 'pos.cashier.login', ms: 1000, source: 'T1', seq: 7, shiftId: '' }], ingested: 2500 });
    expect(lastEventRowsOf([])).toEqual({ rows: [], ingested: null });
    expect(lastEventRowsOf([{ tillId: 'T1', type: 'x', ms: 5, sources: ['b', 'a'], ingested: 9 }]).rows[0]!.sources).toEqual(['a', 'b']);
    const f = figureRowsOf([
      { cashierId: 'C1', closed: '2', postVoided: 1, refundCount: 0, closedItems: 5, postVoidedItems: 2, gross: 900, refunds: 0, postVoids: 300, tills: ['', 'T1'], ingested: 3 },
    ]);
    expect(f.rows[0]).toMatchObject({ closed: 2, tills: ['T1'] });
  });
});
