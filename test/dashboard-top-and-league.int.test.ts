import { beforeAll, describe, expect, it } from 'vitest';
import type { LeagueAnswer, TopAnswer } from '../lib/kpis/dashboard-answers';
import type { KpiAnswer } from '../lib/kpis/kpi-answers';
import { local, minuteOf, NOW, useDashboardApi, weekBefore, type Ev } from './dashboard-api-fixture';

/**
 * GET /api/v1/kpis/top and /api/v1/kpis/stores (the store league) over real Redis and
 * ClickHouse, the simulated chain of dashboard-api-fixture.ts (its comment says how): the
 * numbers against sums of the simulated events or the simulator's ground truth, every answer
 * against the OpenAPI document.
 */
describe('dashboard read API: top items and store league (real Redis and ClickHouse)', () => {
  const api = useDashboardApi();
  const { get, ok, tzOf, todayOf } = api;

  it('simulates a chain in two timezones', () => {
    expect(Object.fromEntries(Object.entries(api.truth.stores).map(([s, x]) => [s, x.timezone]))).toEqual({ S001: 'Europe/Lisbon', S002: 'Europe/Madrid', S003: 'Europe/Madrid' });
    expect(api.events.length).toBeGreaterThan(100_000);
  });

  describe('GET /api/v1/kpis/top', () => {
    /** Net units and value per SKU of each store's today, from the events, as docs/kpis.md defines them. */
    function referenceTop(): { perStore: Map<string, Map<string, { units: number; value: number }>>; master: Map<string, { name: string; category: string }> } {
      const perStore = new Map<string, Map<string, { units: number; value: number }>>();
      const master = new Map<string, { name: string; category: string }>();
      const add = (e: Ev, sku: string, units: number, value: number) => {
        const store = e.storeId!;
        if (local(Date.parse(e.occurredAt), tzOf(store)).day !== todayOf(store)) return;
        const m = perStore.get(store) ?? new Map<string, { units: number; value: number }>();
        perStore.set(store, m);
        const x = m.get(sku) ?? { units: 0, value: 0 };
        m.set(sku, { units: x.units + units, value: x.value + value });
      };
      const open = new Map<string, Map<number, { sku: string; qty: number; price: number }>>();
      const closed = new Map<string, { sku: string; qty: number; price: number }[]>();
      // The simulator emits in event-time order, each source in seq order.
      for (const e of api.events) {
        const p = e.payload;
        const r = `${e.storeId}/${e.receiptId}`;
        if (e.type === 'sku.upserted') master.set(p.sku as string, { name: p.name as string, category: p.category as string });
        else if (e.type === 'pos.item.added') {
          if (!open.has(r)) open.set(r, new Map());
          open.get(r)!.set(p.lineId as number, { sku: p.sku as string, qty: p.qty as number, price: p.unitPrice as number });
        } else if (e.type === 'pos.item.voided') open.get(r)?.delete(p.lineId as number);
        else if (e.type === 'pos.item.quantity.changed') {
          const l = open.get(r)?.get(p.lineId as number);
          if (l) l.qty = p.newQty as number;
        } else if (e.type === 'pos.price.overridden') {
          const l = open.get(r)?.get(p.lineId as number);
          if (l) l.price = p.newPrice as number;
        } else if (e.type === 'pos.receipt.voided') open.delete(r);
        else if (e.type === 'pos.receipt.closed') {
          const lines = [...(open.get(r)?.values() ?? [])];
          open.delete(r);
          closed.set(r, lines);
          for (const l of lines) add(e, l.sku, l.qty, l.qty * l.price);
        } else if (e.type === 'pos.receipt.postvoided') for (const l of closed.get(r) ?? []) add(e, l.sku, -l.qty, -l.qty * l.price);
        else if (e.type === 'pos.refund.issued') for (const l of p.lines as { sku: string; qty: number }[]) add(e, l.sku, -l.qty, 0);
      }
      return { perStore, master };
    }
    let ref: ReturnType<typeof referenceTop>;
    beforeAll(() => {
      ref = referenceTop();
    });

    /** The expected items of some stores: summed, by category or not, ranked here. */
    function want(stores: string[], dimension: 'sku' | 'category', by: 'units' | 'value', limit: number) {
      const sum = new Map<string, { units: number; value: number }>();
      for (const s of stores) {
        for (const [sku, x] of ref.perStore.get(s) ?? []) {
          const key = dimension === 'sku' ? sku : ref.master.get(sku)!.category;
          const y = sum.get(key) ?? { units: 0, value: 0 };
          sum.set(key, { units: y.units + x.units, value: y.value + x.value });
        }
      }
      return [...sum]
        .filter(([, x]) => x[by] > 0)
        .sort(([a, x], [b, y]) => y[by] - x[by] || (a < b ? -1 : 1))
        .slice(0, limit)
        .map(([key, x]) => ({
          key,
          name: dimension === 'sku' ? ref.master.get(key)!.name : null,
          category: dimension === 'sku' ? ref.master.get(key)!.category : key,
          units: x.units,
          value: x.value,
        }));
    }

    it('ranks the chain’s SKUs over both timezones’ own days exactly as the events say, by units and by value', async () => {
      const units = await ok<TopAnswer>('top', '/api/v1/kpis/top?limit=50');
      expect(units.items.length).toBe(50);
      expect(units.items).toEqual(want(['S001', 'S002', 'S003'], 'sku', 'units', 50));
      expect(units).toMatchObject({ dimension: 'sku', by: 'units', channel: 'stores', currency: 'EUR', scope: { level: 'chain', stores: ['S001', 'S002', 'S003'] } });
      expect(units.days).toEqual([
        { timezone: 'Europe/Lisbon', day: local(NOW, 'Europe/Lisbon').day },
        { timezone: 'Europe/Madrid', day: local(NOW, 'Europe/Madrid').day },
      ]);
      // The chain is not any one timezone's list.
      expect(units.items).not.toEqual(want(['S002', 'S003'], 'sku', 'units', 50));
      const value = await ok<TopAnswer>('top', '/api/v1/kpis/top?by=value&limit=20');
      expect(value.items).toEqual(want(['S001', 'S002', 'S003'], 'sku', 'value', 20));
      expect((await ok<TopAnswer>('top', '/api/v1/kpis/top')).items).toEqual(units.items.slice(0, 10));
    });

    it('ranks categories, a store, a region and a store manager’s own stores', async () => {
      const cats = await ok<TopAnswer>('top', '/api/v1/kpis/top?dimension=category&by=value&limit=50');
      expect(cats.items.length).toBeGreaterThan(3);
      expect(cats.items).toEqual(want(['S001', 'S002', 'S003'], 'category', 'value', 50));
      expect((await ok<TopAnswer>('top', '/api/v1/kpis/top?storeId=S001&limit=15', 'manager')).items).toEqual(want(['S001'], 'sku', 'units', 15));
      expect((await ok<TopAnswer>('top', '/api/v1/kpis/top?region=Spain%20North&dimension=category', 'merch')).items).toEqual(want(['S002'], 'category', 'units', 10));
      const mine = await ok<TopAnswer>('top', '/api/v1/kpis/top?limit=25', 'manager');
      expect(mine.scope).toMatchObject({ level: 'stores', stores: ['S001', 'S002'] });
      expect(mine.items).toEqual(want(['S001', 'S002'], 'sku', 'units', 25));
    });

    it('refuses a store manager another store or a region, and bad or unknown parameters', async () => {
      expect((await get('top', '/api/v1/kpis/top?storeId=S003', 'manager')).status).toBe(403);
      expect((await get('top', '/api/v1/kpis/top?region=Portugal', 'manager')).status).toBe(403);
      expect((await get('top', '/api/v1/kpis/top?storeId=S999', 'admin')).status).toBe(404);
      expect(await get('top', '/api/v1/kpis/top?limit=51', 'admin')).toMatchObject({ status: 400, body: { field: 'limit' } });
      expect(await get('top', '/api/v1/kpis/top?dimension=brand', 'admin')).toMatchObject({ status: 400, body: { field: 'dimension' } });
      expect(await get('top', '/api/v1/kpis/top?channel=web&from=x', 'admin')).toMatchObject({ status: 400, body: { field: 'channel, from' } });
      expect((await get('top', '/api/v1/kpis/top?storeId=S001')).status).toBe(401);
    });
  });

  describe('GET /api/v1/kpis/stores', () => {
    /** A store's net sales of a channel in the local minutes [day start, up to local minute `untilMinuteOfDay`] of `day`, from the truth. */
    function truthNet(store: string, day: string, untilMinuteOfDay: number, channel: 'stores' | 'web' | 'all') {
      let net = 0;
      let receipts = 0;
      const inDay = (key: string, tz: string) => {
        const l = local(minuteOf(key), tz);
        return l.day === day && l.minuteOfDay <= untilMinuteOfDay;
      };
      if (channel !== 'web') {
        for (const [k, b] of Object.entries(api.truth.stores[store]!.minutes)) {
          if (inDay(k, tzOf(store))) {
            net += b.net;
            receipts += b.receipts;
          }
        }
      }
      if (channel !== 'stores') for (const [k, n] of Object.entries(api.truth.webShop[store]?.minutes ?? {})) if (inDay(k, tzOf(store))) net += n;
      return { net, receipts };
    }

    it('answers every store exactly as /api/v1/kpis?storeId= does, for each channel, by net sales', async () => {
      for (const channel of ['all', 'stores', 'web'] as const) {
        const league = await ok<LeagueAnswer>('league', `/api/v1/kpis/stores?channel=${channel}`);
        expect(league.stores.map((s) => s.storeId).sort()).toEqual(['S001', 'S002', 'S003']);
        const nets = league.stores.map((s) => s.today.netSales);
        expect(nets).toEqual([...nets].sort((a, b) => b - a));
        expect(league.stores.map((s) => s.rank)).toEqual([1, 2, 3]);
        expect(league).toMatchObject({ channel, period: 'today', region: null, currency: 'EUR', generatedAt: new Date(NOW).toISOString() });
        for (const row of league.stores) {
          const k = await ok<KpiAnswer>('kpis', `/api/v1/kpis?storeId=${row.storeId}&channel=${channel}`);
          expect({ store: row.storeId, today: row.today, lastWeek: row.lastWeek, change: row.netSalesChange, pct: row.netSalesChangePct, source: row.source }).toEqual({
            store: row.storeId,
            today: { netSales: k.kpis.netSales, receipts: k.kpis.receipts, averageBasket: k.kpis.averageBasket, itemsPerReceipt: k.kpis.itemsPerReceipt },
            lastWeek: { netSales: k.comparison.kpis.netSales },
            change: k.comparison.netSalesChange,
            pct: k.comparison.netSalesChangePct,
            source: 'live',
          });
          // And both as the ground truth says: today up to now, last week up to the same local time.
          const l = local(NOW, tzOf(row.storeId));
          const today = truthNet(row.storeId, l.day, l.minuteOfDay, channel);
          const before = truthNet(row.storeId, weekBefore(l.day), l.minuteOfDay, channel);
          expect([row.storeId, row.today.netSales, row.lastWeek.netSales]).toEqual([row.storeId, today.net, before.net]);
          if (channel !== 'web') expect(row.today.receipts).toBe(today.receipts);
          else expect(row.today.receipts).toBeNull();
        }
      }
    });

    it('gives each store its freshness, name, region and currency as /api/v1/stores does', async () => {
      const league = await ok<LeagueAnswer>('league', '/api/v1/kpis/stores');
      const { stores } = await ok<{ stores: { storeId: string; name: string; region: string; currency: string; status: string; lastEventAt: string | null; lagMs: number | null; silentForMs: number | null; missing: number }[] }>(
        'stores',
        '/api/v1/stores',
      );
      for (const row of league.stores) {
        const s = stores.find((x) => x.storeId === row.storeId)!;
        expect(row).toMatchObject({ name: s.name, region: s.region, currency: s.currency, timezone: tzOf(row.storeId) });
        expect(row.freshness).toEqual({ status: s.status, lastEventAt: s.lastEventAt, lagMs: s.lagMs, silentForMs: s.silentForMs, missing: s.missing });
      }
      // Everything arrived "now" (the aggregator's pinned clock), nothing is missing.
      expect(league.stores.map((s) => [s.freshness.silentForMs, s.freshness.missing])).toEqual([
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
    });

    it('lists a store manager’s own stores only, filters by region, and refuses bad parameters', async () => {
      const mine = await ok<LeagueAnswer>('league', '/api/v1/kpis/stores', 'manager');
      expect(mine.stores.map((s) => s.storeId).sort()).toEqual(['S001', 'S002']);
      expect((await ok<LeagueAnswer>('league', '/api/v1/kpis/stores?region=Portugal', 'manager')).stores.map((s) => s.storeId)).toEqual(['S001']);
      expect((await ok<LeagueAnswer>('league', '/api/v1/kpis/stores?region=Spain%20South', 'manager')).stores).toEqual([]);
      expect((await ok<LeagueAnswer>('league', '/api/v1/kpis/stores?region=Spain%20South')).stores.map((s) => s.storeId)).toEqual(['S003']);
      expect((await get('league', '/api/v1/kpis/stores?region=Atlantis', 'admin')).status).toBe(404);
      expect(await get('league', '/api/v1/kpis/stores?storeId=S001', 'admin')).toMatchObject({ status: 400, body: { field: 'storeId' } });
      expect(await get('league', '/api/v1/kpis/stores?channel=tills', 'admin')).toMatchObject({ status: 400, body: { field: 'channel' } });
      expect((await get('league', '/api/v1/kpis/stores')).status).toBe(401);
    });
  });
});
