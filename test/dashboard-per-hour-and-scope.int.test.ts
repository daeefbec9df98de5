import { describe, expect, it } from 'vitest';
import type { LeagueAnswer, PerHourAnswer } from '../lib/kpis/dashboard-answers';
import type { KpiAnswer } from '../lib/kpis/kpi-answers';
import { DAY, dayBounds, END_OF_MINUTE, local, minuteOf, NOW, useDashboardApi, weekBefore } from './dashboard-api-fixture';

/**
 * GET /api/v1/sales/per-hour over real Redis and ClickHouse, the simulated chain of
 * dashboard-api-fixture.ts (its comment says how), against the simulator's ground truth; and
 * what a store manager learns of other stores and regions from every KPI route (nothing).
 */
describe('dashboard read API: sales per hour, and a store manager’s scope (real Redis and ClickHouse)', () => {
  const api = useDashboardApi();
  const { get, ok, tzOf } = api;

  describe('GET /api/v1/sales/per-hour', () => {
    /** Hours 0..23 of today (up to the end of the current minute) and of last week's whole day, from the truth, by Intl. */
    function truthHours(stores: string[], webLocations: string[], channel: 'stores' | 'web' | 'all') {
      const blank = () => Array.from({ length: 24 }, () => ({ netSales: 0, receipts: 0, items: 0 }));
      const today = blank();
      const lastWeek = blank();
      const into = (ms: number, tz: string) => {
        const l = local(ms, tz);
        const day = local(NOW, tz).day;
        if (l.day === day && ms < END_OF_MINUTE) return today[l.hour]!;
        return l.day === weekBefore(day) ? lastWeek[l.hour]! : null;
      };
      if (channel !== 'web') {
        for (const s of stores) {
          for (const [k, b] of Object.entries(api.truth.stores[s]!.minutes)) {
            const h = into(minuteOf(k), tzOf(s));
            if (!h) continue;
            h.netSales += b.net;
            h.receipts += b.receipts;
            h.items += b.items;
          }
        }
      }
      if (channel !== 'stores') {
        for (const loc of webLocations) {
          for (const [k, n] of Object.entries(api.truth.webShop[loc]?.minutes ?? {})) {
            const h = into(minuteOf(k), api.truth.webShop[loc]!.timezone);
            if (h) h.netSales += n;
          }
        }
      }
      const shape = (x: { netSales: number; receipts: number; items: number }) => (channel === 'web' ? { ...x, receipts: null, items: null } : x);
      return { today: today.map(shape), lastWeek: lastWeek.map(shape) };
    }
    const ALL = ['S001', 'S002', 'S003'];

    it('gives the chain’s hours of today and last week exactly as the truth, each timezone’s own local hours summed', async () => {
      const a = await ok<PerHourAnswer>('perHour', '/api/v1/sales/per-hour');
      const want = truthHours(ALL, Object.keys(api.truth.webShop), 'all');
      // Madrid is an hour ahead of Lisbon: after its current hour nothing has started anywhere.
      const started = local(NOW, 'Europe/Madrid').hour + 1;
      expect(started).toBe(local(NOW, 'Europe/Lisbon').hour + 2);
      expect(a.hours.map((h) => h.today)).toEqual([...want.today.slice(0, started), ...Array(24 - started).fill(null)]);
      expect(a.hours.map((h) => h.lastWeek)).toEqual(want.lastWeek);
      expect(a.hours.filter((h) => h.today !== null && h.today.netSales !== 0).length).toBeGreaterThan(6);
      expect(a.hours.filter((h) => h.lastWeek.netSales !== 0).length).toBeGreaterThan(12);
      const bounds = ['Europe/Lisbon', 'Europe/Madrid'].map((tz) => ({ tz, today: dayBounds(tz, NOW), lastWeek: dayBounds(tz, NOW - 7 * DAY) }));
      expect(a.days).toEqual(bounds.map((b) => ({ timezone: b.tz, day: b.today.day, hours: b.today.hours, lastWeekDay: b.lastWeek.day, lastWeekHours: b.lastWeek.hours })));
      expect(a).toMatchObject({
        currency: 'EUR',
        today: { from: new Date(Math.min(...bounds.map((b) => b.today.from))).toISOString(), to: new Date(END_OF_MINUTE).toISOString(), source: 'live' },
        lastWeek: { from: new Date(Math.min(...bounds.map((b) => b.lastWeek.from))).toISOString(), to: new Date(Math.max(...bounds.map((b) => b.lastWeek.to))).toISOString(), source: 'live' },
      });
      // Today's hours add up to /api/v1/kpis' today.
      const k = await ok<KpiAnswer>('kpis', '/api/v1/kpis');
      expect(a.hours.reduce((n, h) => n + (h.today?.netSales ?? 0), 0)).toBe(k.kpis.netSales);
    });

    it('answers a store by channel, and the same from ClickHouse as from Redis', async () => {
      const tills = await ok<PerHourAnswer>('perHour', '/api/v1/sales/per-hour?storeId=S001&channel=stores', 'manager');
      const want = truthHours(['S001'], [], 'stores');
      const started = local(NOW, 'Europe/Lisbon').hour + 1;
      expect(tills.hours.map((h) => h.today)).toEqual([...want.today.slice(0, started), ...Array(24 - started).fill(null)]);
      expect(tills.hours.map((h) => h.lastWeek)).toEqual(want.lastWeek);
      const web = await ok<PerHourAnswer>('perHour', '/api/v1/sales/per-hour?storeId=S002&channel=web', 'manager');
      expect(web.hours.map((h) => h.lastWeek)).toEqual(truthHours([], ['S002'], 'web').lastWeek);
      for (const q of ['storeId=S003&channel=all', 'region=Spain%20North&channel=stores', 'channel=web']) {
        const live = await ok<PerHourAnswer>('perHour', `/api/v1/sales/per-hour?${q}&source=live`);
        const history = await ok<PerHourAnswer>('perHour', `/api/v1/sales/per-hour?${q}&source=history`);
        expect([history.today.source, history.lastWeek.source]).toEqual(['history', 'history']);
        expect({ q, hours: history.hours }).toEqual({ q, hours: live.hours });
      }
    });

    it('refuses a store manager another store or a region, and bad or unknown parameters', async () => {
      expect((await get('perHour', '/api/v1/sales/per-hour?storeId=S003', 'manager')).status).toBe(403);
      expect((await get('perHour', '/api/v1/sales/per-hour?region=Spain%20South', 'manager')).status).toBe(403);
      expect((await get('perHour', '/api/v1/sales/per-hour?region=Atlantis', 'admin')).status).toBe(404);
      expect(await get('perHour', '/api/v1/sales/per-hour?from=2026-11-20T00:00:00Z', 'admin')).toMatchObject({ status: 400, body: { field: 'from' } });
      expect(await get('perHour', '/api/v1/sales/per-hour?channel=tills', 'admin')).toMatchObject({ status: 400, body: { field: 'channel' } });
      expect(await get('perHour', '/api/v1/sales/per-hour?storeId=S001&storeId=S002', 'admin')).toMatchObject({ status: 400, body: { field: 'storeId' } });
      expect((await get('perHour', '/api/v1/sales/per-hour')).status).toBe(401);
    });
  });

  describe('a store manager cannot tell which stores or regions exist', () => {
    type Refusal = { error: string; message: string };
    it('another store is the same 403 whether the master data knows it or not; an HQ role gets 404 for an unknown one', async () => {
      for (const [route, p] of [
        ['kpis', '/api/v1/kpis'],
        ['perMinute', '/api/v1/sales/per-minute'],
        ['top', '/api/v1/kpis/top'],
        ['perHour', '/api/v1/sales/per-hour'],
      ] as const) {
        const existing = await get<Refusal>(route, `${p}?storeId=S003`, 'manager');
        const unknown = await get<Refusal>(route, `${p}?storeId=S999`, 'manager');
        expect(existing, p).toEqual({ status: 403, body: { error: 'forbidden', message: 'storeId: you may not see store S003' } });
        expect(unknown, p).toEqual({ status: 403, body: { error: 'forbidden', message: 'storeId: you may not see store S999' } });
        expect(await get<Refusal>(route, `${p}?storeId=S999`, 'admin'), p).toMatchObject({ status: 404, body: { message: 'storeId: no store S999 in the master data' } });
        expect((await get(route, `${p}?storeId=S999`, 'merch')).status, p).toBe(404);
        // A region: HQ-only, known or not.
        const region = await get<Refusal>(route, `${p}?region=Spain%20South`, 'manager');
        expect(region.status, p).toBe(403);
        expect(await get<Refusal>(route, `${p}?region=Atlantis`, 'manager'), p).toEqual(region);
        expect((await get(route, `${p}?region=Atlantis`, 'admin')).status, p).toBe(404);
      }
    });

    it('the league table: a region without its stores is an empty table, whether it exists or not', async () => {
      const known = await ok<LeagueAnswer>('league', '/api/v1/kpis/stores?region=Spain%20South', 'manager');
      const unknown = await ok<LeagueAnswer>('league', '/api/v1/kpis/stores?region=Atlantis', 'manager');
      expect(known.stores).toEqual([]);
      expect(unknown.stores).toEqual([]);
      expect((await get('league', '/api/v1/kpis/stores?region=Atlantis', 'merch')).status).toBe(404);
    });

    it('an unknown parameter is answered with the route’s own parameters', async () => {
      expect(await get('kpis', '/api/v1/kpis?dimension=sku', 'admin')).toMatchObject({
        status: 400,
        body: { field: 'dimension', message: 'dimension: unknown parameter (known: storeId, region, channel, source, from, to)' },
      });
      expect(await get('top', '/api/v1/kpis/top?from=2026-11-20T00:00:00Z', 'admin')).toMatchObject({
        status: 400,
        body: { field: 'from', message: 'from: unknown parameter (known: storeId, region, dimension, by, limit)' },
      });
      expect(await get('league', '/api/v1/kpis/stores?source=live', 'admin')).toMatchObject({ status: 400, body: { message: 'source: unknown parameter (known: region, channel)' } });
    });
  });
});
