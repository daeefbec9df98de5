import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../lib/clickhouse/migrate';
import { createClickHouse, type ClickHouseClient } from '../lib/clients/clickhouse';
import type { LeagueAnswer, PerHourAnswer, TopAnswer } from '../lib/kpis/dashboard-answers';
import type { KpiAnswer } from '../lib/kpis/kpi-answers';
import { createLogger } from '../lib/log';
import { createAuthService, type AuthService } from '../server/auth/auth-service';
import { createDashboardService } from '../server/kpis/dashboard-service';
import { createHistorySource } from '../server/kpis/history-source';
import { createKpiRoutes, type KpiRoutes } from '../server/kpis/kpi-routes';
import { createKpiService } from '../server/kpis/kpi-service';
import { createLiveSource } from '../server/kpis/live-source';
import { createStoreDirectory } from '../server/kpis/store-directory';
import { openApiDocument } from '../server/openapi/api';
import { runInMemory, smallRun } from '../simulator/testing/run-in-memory';
import { createAggregator } from '../workers/aggregator/aggregator';
import { feedWorker } from '../workers/harness/testing/feed-worker';
import { createSinkWorker } from '../workers/sink/sink-worker';
import { partitionByKey, seededRandom } from '../workers/sink/testing/partitioned-input';
import { feedAll } from '../workers/sink/testing/sink-fixture';
import { createValidator } from '../workers/validator/validator';
import { openApiChecker } from './openapi-checker';

/**
 * GET /api/v1/kpis/top, /api/v1/kpis/stores and /api/v1/sales/per-hour over real Redis
 * and ClickHouse: a simulated chain (Lisbon and Madrid) over the 8 days up to the latest
 * 14:30:20Z that has passed (Redis expires the live keys by the real clock, so the days are
 * recent ones; DST days are covered by the unit tests), run through the real validator,
 * live aggregator and history sink, then asked through the real route handlers with the
 * real sessions (Redis database 4). Every answer is checked against the OpenAPI document,
 * and the numbers against the simulator's ground truth or sums of the simulated events
 * computed here, with Intl, independently of the pipeline.
 */
const DB = 4;
const HQ_TZ = 'Europe/Madrid';
const MINUTE = 60_000;
const DAY = 86_400_000;
const AT = 14 * 3_600_000 + 30 * MINUTE + 20_000;
/** The latest 14:30:20Z that has passed: afternoon in both timezones, so "today" has sales. */
const NOW = Math.floor((Date.now() - AT) / DAY) * DAY + AT;
/** Early enough for last week's local day in both timezones. */
const START = NOW - 8 * DAY - 4 * 3_600_000;
const END_OF_MINUTE = Math.floor(NOW / MINUTE) * MINUTE + MINUTE;

type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };
type Truth = {
  stores: Record<string, { timezone: string; minutes: Record<string, Bucket> }>;
  webShop: Record<string, { timezone: string; minutes: Record<string, number> }>;
};
type Ev = { type: string; source: string; seq: number; occurredAt: string; storeId?: string; receiptId?: string; payload: Record<string, unknown> };

const formats = new Map<string, Intl.DateTimeFormat>();
/** Local day and wall-clock time by Intl directly (the reference; not lib/time). */
function local(ms: number, timeZone: string): { day: string; hour: number; minuteOfDay: number } {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minuteOfDay: Number(p.hour) * 60 + Number(p.minute) };
}
/** A local day's first minute, its end and its length in hours (23, 24 or 25 on DST days), found minute by minute with Intl. */
function dayBounds(timeZone: string, around: number): { day: string; from: number; to: number; hours: number } {
  const day = local(around, timeZone).day;
  let from = Math.floor(around / MINUTE) * MINUTE;
  while (local(from - MINUTE, timeZone).day === day) from -= MINUTE;
  let to = from;
  while (local(to, timeZone).day === day) to += MINUTE;
  return { day, from, to, hours: (to - from) / 3_600_000 };
}
const weekBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
const minuteOf = (key: string) => Date.parse(`${key.slice(0, 16)}:00Z`);

describe('dashboard read API: top items, store league, sales per hour (real Redis and ClickHouse)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let redis: Redis;
  let ch: ClickHouseClient;
  let auth: AuthService;
  let routes: KpiRoutes;
  let truth: Truth;
  let events: Ev[];
  const cookies: Record<string, string> = {};
  const check = openApiChecker(openApiDocument('0.0.0-test'));

  type Call<T> = { status: number; body: T };
  /** A GET through the route handler, its answer checked against the OpenAPI document. */
  async function get<T = Record<string, unknown>>(route: keyof KpiRoutes, pathAndQuery: string, user?: string): Promise<Call<T>> {
    const res = await routes[route](new Request(`http://tillstream.test${pathAndQuery}`, { headers: user ? { cookie: cookies[user]! } : {} }));
    const body = (await res.json()) as T;
    const docPath = pathAndQuery.split('?')[0]!;
    expect(check.checkBody(docPath, 'get', res.status, body), `${pathAndQuery} ${res.status} ${JSON.stringify(body).slice(0, 500)}`).toBeNull();
    return { status: res.status, body };
  }
  const ok = async <T>(route: keyof KpiRoutes, p: string, user = 'admin'): Promise<T> => {
    const r = await get<T>(route, p, user);
    expect(r.status, `${p}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    redis = new Redis(`${inject('redisUrl')}/${DB}`);
    await redis.flushdb();
    const sim = await runInMemory(smallRun({ start: START, liveFrom: START, end: NOW, stores: 3, tills: 3, skus: 200, faults: { duplicates: 0.005, malformed: 0, offline: [] } }));
    truth = sim.truth as Truth;
    // The reference reads the simulated events themselves, each once (by source and seq).
    const seen = new Set<string>();
    events = sim.deliveries.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));

    const rnd = seededRandom(41);
    const size = () => 1 + Math.floor(rnd() * 2000);
    // The real validator in front, as workers/harness/testing/feed-worker.ts' validateAll (whose spread is too deep for 300k events).
    const validator = createValidator({ redis, log, now: () => NOW });
    const ofTopic = (topic: string) => sim.deliveries.filter((d) => d.topic === topic);
    const validated = (await feedWorker(validator.masterData, [ofTopic('hq.masterdata').map((d) => Buffer.from(d.json))], size, 'hq.masterdata')).out;
    for (const topic of ['hq.promotions', 'warehouse.events', 'ecom.events', 'pos.events']) {
      for (const b of (await feedWorker(validator.events, partitionByKey(ofTopic(topic), 6), size, topic)).out) validated.push(b);
    }
    const asInput = (bs: Buffer[]) => bs.map((b) => ({ source: (JSON.parse(b.toString()) as Ev).source, json: b.toString() }));
    const isMaster = (b: Buffer) => ['store.upserted', 'sku.upserted'].includes((JSON.parse(b.toString()) as Ev).type);
    // The live aggregator, master data first (as the compacted topic is read at start), then the rest.
    const aggregator = createAggregator({ redis, log, hqTimezone: HQ_TZ, now: () => NOW, publishEveryMs: 60_000 });
    await feedWorker(aggregator, [validated.filter(isMaster)], size);
    const applied = await feedWorker(aggregator, partitionByKey(asInput(validated.filter((b) => !isMaster(b))), 12), size);
    expect(applied.counts.dlq).toBe(0);
    await aggregator.publisher.stop();
    // The history sink into embedded ClickHouse.
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'dashboard-api'), database: 'default' });
    await migrate(ch, log);
    await feedAll(createSinkWorker({ clickhouse: ch, redis, log, scope: `dashboard-api-${process.pid}` }), partitionByKey(asInput(validated), 12), size);

    auth = createAuthService({ redis, sessionSecret: 'dashboard-api-int-test-secret-0123456789', log });
    await auth.seedDemoUsers();
    for (const u of ['admin', 'manager', 'merch']) cookies[u] = `ts_session=${await auth.sessions.issue((await auth.users.getUser(u))!)}`;
    const stores = createStoreDirectory(redis);
    const deps = { live: createLiveSource(redis), history: createHistorySource(ch), stores, hqTimezone: HQ_TZ, now: () => NOW };
    routes = createKpiRoutes({
      service: createKpiService(deps),
      dashboard: createDashboardService({ ...deps, redis }),
      redis,
      stores,
      requirePrincipal: auth.http.requirePrincipal,
      log,
      now: () => NOW,
    });
  }, 600_000);

  afterAll(async () => {
    auth?.close();
    redis?.disconnect();
    await ch?.close();
  });

  const tzOf = (store: string) => truth.stores[store]?.timezone ?? truth.webShop[store]?.timezone ?? HQ_TZ;
  const todayOf = (store: string) => local(NOW, tzOf(store)).day;

  it('simulates a chain in two timezones', () => {
    expect(Object.fromEntries(Object.entries(truth.stores).map(([s, x]) => [s, x.timezone]))).toEqual({ S001: 'Europe/Lisbon', S002: 'Europe/Madrid', S003: 'Europe/Madrid' });
    expect(events.length).toBeGreaterThan(100_000);
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
      for (const e of events) {
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
        for (const [k, b] of Object.entries(truth.stores[store]!.minutes)) {
          if (inDay(k, tzOf(store))) {
            net += b.net;
            receipts += b.receipts;
          }
        }
      }
      if (channel !== 'stores') for (const [k, n] of Object.entries(truth.webShop[store]?.minutes ?? {})) if (inDay(k, tzOf(store))) net += n;
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
          for (const [k, b] of Object.entries(truth.stores[s]!.minutes)) {
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
          for (const [k, n] of Object.entries(truth.webShop[loc]?.minutes ?? {})) {
            const h = into(minuteOf(k), truth.webShop[loc]!.timezone);
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
      const want = truthHours(ALL, Object.keys(truth.webShop), 'all');
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
