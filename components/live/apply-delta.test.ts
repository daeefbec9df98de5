import { afterEach, describe, expect, it, vi } from 'vitest';
import { kpisOf, pointOf } from '@/lib/kpis/compute-kpis';
import { storeStateOf } from '@/lib/kpis/store-status';
import type { KpiAnswer, SeriesAnswer } from '@/lib/kpis/kpi-answers';
import type { StoresAnswer } from '@/lib/kpis/store-answers';
import { emptyCounts, type MinuteCounts } from '@/lib/live/minute-counts';
import { applyMinutes, applySources, applyToday } from './apply-delta';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const M = 60_000;
const counts = (c: Partial<MinuteCounts>): MinuteCounts => ({ ...emptyCounts(), ...c });
const scope = { level: 'store' as const, storeId: 'S001', region: null, channel: 'all' as const, stores: ['S001'] };

function series(from: number, width: number): SeriesAnswer {
  const points = Array.from({ length: width }, (_, i) => pointOf(from + i * M, counts({ gross: 100 * (i + 1), receipts: 1, items: 2 }), 'all'));
  return { scope, from: new Date(from).toISOString(), to: new Date(from + width * M).toISOString(), source: 'live', currency: 'EUR', points, generatedAt: new Date(T0).toISOString() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('applying live deltas to snapshots', () => {
  it('today: the KPIs the API would compute from the same counts, compared with the snapshot’s last week', () => {
    const before = kpisOf(counts({ gross: 10_000, receipts: 10, items: 20 }), 'stores');
    const answer = { generatedAt: new Date(T0).toISOString(), kpis: before, comparison: { label: '', from: '', to: '', source: 'live', kpis: kpisOf(counts({ gross: 8_000, receipts: 8, items: 9 }), 'stores'), netSalesChange: 2000, netSalesChangePct: 25 } } as KpiAnswer;
    const today = counts({ gross: 12_345, refunds: 345, receipts: 12, items: 30, webPaid: 999 });
    const next = applyToday(answer, { today, publishedAt: T0 + 1 }, 'stores');
    expect(next.kpis).toEqual(kpisOf(today, 'stores'));
    expect(next.kpis.netSales).toBe(12_000);
    expect(next.comparison.netSalesChange).toBe(4_000);
    expect(next.comparison.netSalesChangePct).toBe(50);
    expect(applyToday(answer, { today, publishedAt: T0 }, 'all').kpis.netSales).toBe(12_999);
    // A delta read before the snapshot was would take it back in time: skipped.
    expect(applyToday(answer, { today, publishedAt: T0 - 1 }, 'stores')).toBe(answer);
    // Once one is applied, an older one is stale too.
    expect(applyToday(next, { today: counts({}), publishedAt: T0 }, 'stores')).toBe(next);
  });

  it('minutes: replaces changed minutes with absolute values; applying twice changes nothing', () => {
    const s = series(T0, 60);
    const minutes = [{ minute: T0 + 5 * M, counts: counts({ gross: 777, receipts: 3, items: 4 }) }];
    const once = applyMinutes(s, { minutes, publishedAt: T0 + 59 * M }, 'all');
    expect(once.points[5]).toEqual(pointOf(T0 + 5 * M, minutes[0]!.counts, 'all'));
    expect(once.points[4]).toEqual(s.points[4]);
    expect(applyMinutes(once, { minutes, publishedAt: T0 + 59 * M }, 'all')).toEqual(once);
    expect(applyMinutes(s, { minutes, publishedAt: T0 - 1 }, 'all')).toBe(s);
  });

  it('minutes: the window slides with the clock, new minutes start empty, old ones drop', () => {
    const s = series(T0, 60);
    const next = applyMinutes(s, { minutes: [{ minute: T0 + 61 * M, counts: counts({ gross: 500, receipts: 1 }) }], publishedAt: T0 + 61 * M + 5_000 }, 'stores');
    expect(next.points).toHaveLength(60);
    expect(next.from).toBe(new Date(T0 + 2 * M).toISOString());
    expect(next.points[0]!.minute).toBe(s.points[2]!.minute);
    expect(next.points[58]!.netSales).toBe(0);
    expect(next.points[59]!.netSales).toBe(500);
    // A minute that fell out of the window is not brought back.
    expect(applyMinutes(next, { minutes: [{ minute: T0, counts: counts({ gross: 1 }) }], publishedAt: T0 + 61 * M + 6_000 }, 'stores').points).toEqual(next.points);
  });

  it('minutes: the window follows the servers’ clock (the delta’s publishedAt), whatever the browser’s says', () => {
    const s = series(T0, 60); // the API's last 60 minutes: T0 … T0+59
    const delta = { minutes: [{ minute: T0 + 60 * M, counts: counts({ gross: 900, receipts: 1 }) }], publishedAt: T0 + 60 * M + 200 };
    // A browser clock minutes behind or ahead of the servers' changes nothing.
    for (const skew of [-3 * M, 0, 3 * M]) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0 + 60 * M + 400 + skew);
      const next = applyMinutes(s, delta, 'stores');
      expect(next.from, `browser clock ${skew / M} min off`).toBe(new Date(T0 + M).toISOString());
      expect(next.points.at(-1), `browser clock ${skew / M} min off`).toEqual(pointOf(T0 + 60 * M, delta.minutes[0]!.counts, 'stores'));
    }
  });

  it('sources: a store that hears from a till again is online with that till’s lag', () => {
    const store = { storeId: 'S001', name: 'One', region: 'North', timezone: 'Europe/Rome', currency: 'EUR', tills: ['S001-T01'] };
    const answer: StoresAnswer = {
      generatedAt: new Date(T0).toISOString(),
      stores: [{ ...store, status: 'offline', lastEventAt: null, lastArrivalAt: null, lagMs: null, silentForMs: null, missing: 0, sources: [] }],
    };
    const now = T0 + 10_000;
    const next = applySources(answer, { publishedAt: now, sources: [{ source: 'S001-T01', storeId: 'S001', maxSeq: 9, lastOccurredAt: T0 + 2_000, arrivedAt: T0 + 5_000, missing: 1 }] }, now);
    expect(next.stores[0]).toMatchObject({ status: 'online', lagMs: 3_000, silentForMs: 5_000, missing: 1, lastEventAt: new Date(T0 + 2_000).toISOString() });
    const late = applySources(answer, { publishedAt: now, sources: [{ source: 'S001-T01', storeId: 'S001', maxSeq: 9, lastOccurredAt: T0 - 60_000, arrivedAt: T0 + 5_000, missing: 0 }] }, now);
    expect(late.stores[0]!.status).toBe('lagging');
    expect(applySources(answer, { publishedAt: now, sources: [{ source: 'X', storeId: 'S999', maxSeq: 1, lastOccurredAt: T0, arrivedAt: T0, missing: 0 }] }, now).stores).toEqual(answer.stores);
  });

  it('sources: events that do not move the highest seq (a gap filled late, a repeat) keep the lag, as the aggregator does', () => {
    const store = { storeId: 'S001', name: 'One', region: 'North', timezone: 'Europe/Rome', currency: 'EUR', tills: ['S001-T01'] };
    const till = { source: 'S001-T01', maxSeq: 9, lastEventAt: new Date(T0 + 2_000).toISOString(), lastArrivalAt: new Date(T0 + 5_000).toISOString(), lagMs: 3_000, missing: 1, gaps: [{ first: 4, last: 4 }] };
    const answer: StoresAnswer = { generatedAt: new Date(T0 + 5_000).toISOString(), stores: [storeStateOf(store, [till], T0 + 5_000)] };
    // Two minutes later seq 4 arrives: the highest seq is still 9, so Redis keeps lagMs 3000 (workers/aggregator/plan-batch.ts).
    const now = T0 + 125_000;
    const next = applySources(answer, { publishedAt: now, sources: [{ source: 'S001-T01', storeId: 'S001', maxSeq: 9, lastOccurredAt: T0 + 2_000, arrivedAt: now, missing: 0 }] }, now);
    expect(next.stores[0]).toMatchObject({ status: 'online', lagMs: 3_000, silentForMs: 0, missing: 0 });
    expect(next.stores[0]!.sources[0]).toMatchObject({ lagMs: 3_000, lastArrivalAt: new Date(now).toISOString(), gaps: [] });
  });
});
