import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { addDays, startOfLocalDay, utcMinute } from '../../lib/time/local-time';
import { createHistorySource } from '../../server/kpis/history-source';
import { addCounts, emptyCounts, type MinuteCounts, type MinuteSource, type ScopeGroup } from '../../server/kpis/kpi-types';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { skuSalesPerHour } from './read-rollups';
import { createSinkWorker } from './sink-worker';
import { referenceActivityMinutes, validatedOnly, type Activity } from './testing/history-reference';
import { partitionByKey, seededRandom } from './testing/partitioned-input';
import { eventCounts, feedAll, storeMinutes, truthStoreMinutes, truthWebMinutes, webMinutes, type Bucket } from './testing/sink-fixture';

type Ev = { type: string; source: string; seq: number; occurredAt: string; storeId?: string; receiptId?: string; payload: unknown };
/** The payload fields the reference reads (each type has some of them). */
type Payload = { lineId: number; sku: string; qty: number; unitPrice: number; newPrice: number; lines: { sku: string; qty: number }[] };

/**
 * Units and value per store × SKU × UTC hour, written from docs/kpis.md ("History
 * rollups") directly over the events, independently of the sink's code.
 */
function referenceSkuHours(events: Ev[]) {
  const out = new Map<string, { sold_units: number; sold_value: number; postvoided_units: number; postvoided_value: number; refunded_units: number }>();
  const at = (e: Ev, sku: string) => {
    const k = `${e.storeId} ${sku} ${e.occurredAt.slice(0, 10)} ${e.occurredAt.slice(11, 13)}:00:00`;
    if (!out.has(k)) out.set(k, { sold_units: 0, sold_value: 0, postvoided_units: 0, postvoided_value: 0, refunded_units: 0 });
    return out.get(k)!;
  };
  const open = new Map<string, Map<number, { sku: string; qty: number; price: number }>>();
  const closed = new Map<string, { sku: string; qty: number; price: number }[]>();
  for (const e of events) {
    const p = e.payload as Payload;
    const r = `${e.storeId}/${e.receiptId}`;
    if (e.type === 'pos.item.added') {
      if (!open.has(r)) open.set(r, new Map());
      open.get(r)!.set(p.lineId, { sku: p.sku, qty: p.qty, price: p.unitPrice });
    } else if (e.type === 'pos.item.voided') open.get(r)?.delete(p.lineId);
    else if (e.type === 'pos.price.overridden') {
      const l = open.get(r)?.get(p.lineId);
      if (l) l.price = p.newPrice;
    } else if (e.type === 'pos.receipt.closed') {
      const lines = [...(open.get(r)?.values() ?? [])];
      closed.set(r, lines);
      for (const l of lines) {
        at(e, l.sku).sold_units += l.qty;
        at(e, l.sku).sold_value += l.qty * l.price;
      }
    } else if (e.type === 'pos.receipt.postvoided') {
      for (const l of closed.get(r) ?? []) {
        at(e, l.sku).postvoided_units += l.qty;
        at(e, l.sku).postvoided_value += l.qty * l.price;
      }
    } else if (e.type === 'pos.refund.issued') for (const l of p.lines) at(e, l.sku).refunded_units += l.qty;
  }
  for (const [k, v] of out) if (Object.values(v).every((x) => x === 0)) out.delete(k);
  return out;
}

describe('history sink on a simulated day (real chDB and Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let ch: ClickHouseClient;
  let redis: Redis;
  let sim: Awaited<ReturnType<typeof runInMemory>>;
  let counts: { ok: number; duplicate: number; dlq: number };
  let rejected: number;
  let unique: Ev[];

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'sink-day'), database: 'default' });
    await migrate(ch, log);
    redis = new Redis(inject('redisUrl'));
    const start = Date.parse('2026-11-20T00:00:00Z');
    // 1 % resends, 0.5 % malformed copies, and one store offline for two hours that then flushes its events late.
    sim = await runInMemory(
      smallRun({ faults: { duplicates: 0.01, malformed: 0.005, offline: [{ storeId: 'S002', from: start + 10 * 3_600_000, to: start + 12 * 3_600_000 }] } }),
    );
    // The sink reads events.validated: the validator has sent the malformed copies to events.dlq.
    const validated = validatedOnly(sim.deliveries, start + 86_400_000);
    rejected = validated.rejected;
    const seen = new Set<string>();
    unique = validated.passed.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));
    const worker = createSinkWorker({ clickhouse: ch, redis, log, scope: `sink-test-day-${process.pid}-${Date.now()}` });
    const rnd = seededRandom(2026);
    counts = await feedAll(worker, partitionByKey(validated.passed, 12), () => 1 + Math.floor(rnd() * 3000));
  });
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('says ok once per event and duplicate for every resend', () => {
    const truth = sim.truth as { duplicates: number; malformed: unknown[] };
    expect(truth.duplicates).toBeGreaterThan(100);
    expect(truth.malformed.length).toBeGreaterThan(100);
    expect(rejected).toBe(truth.malformed.length);
    expect(counts).toEqual({ ok: unique.length, duplicate: truth.duplicates, dlq: 0 });
  });

  it('stores every event once in the journal', async () => {
    expect(await eventCounts(ch)).toEqual({ rows: unique.length, unique: unique.length });
  });

  it('rolls up store sales per minute exactly as the ground truth', async () => {
    const truth = truthStoreMinutes(sim.truth as never);
    expect(Object.values(truth).reduce((n, m) => n + Object.keys(m).length, 0)).toBeGreaterThan(1000);
    expect(await storeMinutes(ch)).toEqual(truth);
  });

  it('rolls up web-shop net sales per fulfilling location and minute exactly as the ground truth', async () => {
    const truth = truthWebMinutes(sim.truth as never);
    expect(Object.keys(truth).length).toBeGreaterThan(1);
    expect(await webMinutes(ch)).toEqual(truth);
  });

  it('rolls up SKU units and value per hour as docs/kpis.md defines them, and the units agree with the truth', async () => {
    const rows = await skuSalesPerHour(ch, { from: '2026-11-19 00:00:00', to: '2026-11-22 00:00:00' });
    const got = new Map(rows.filter((r) => [r.sold_units, r.sold_value, r.postvoided_units, r.postvoided_value, r.refunded_units].some((v) => v !== 0)).map((r) => [`${r.store_id} ${r.sku} ${r.hour}`, { sold_units: r.sold_units, sold_value: r.sold_value, postvoided_units: r.postvoided_units, postvoided_value: r.postvoided_value, refunded_units: r.refunded_units }]));
    expect(got.size).toBeGreaterThan(1000);
    expect(got).toEqual(referenceSkuHours(unique));
    // Sold minus post-voided units per store and hour are the truth's items of that hour.
    const itemsPerHour = new Map<string, number>();
    for (const [store, minutes] of Object.entries(truthStoreMinutes(sim.truth as never))) {
      for (const [m, b] of Object.entries(minutes as Record<string, Bucket>)) {
        const k = `${store} ${m.slice(0, 10)} ${m.slice(11, 13)}:00:00`;
        itemsPerHour.set(k, (itemsPerHour.get(k) ?? 0) + b.items);
      }
    }
    const fromSkus = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.store_id} ${r.hour}`;
      fromSkus.set(k, (fromSkus.get(k) ?? 0) + r.sold_units - r.postvoided_units);
    }
    for (const [k, v] of fromSkus) if (v === 0 && !itemsPerHour.has(k)) fromSkus.delete(k);
    for (const [k, v] of itemsPerHour) if (v === 0 && !fromSkus.has(k)) itemsPerHour.delete(k);
    expect(fromSkus).toEqual(itemsPerHour);
  });

  it('answers drill-downs from the journal: a receipt, in order, and a cashier’s receipts', async () => {
    const closed = unique.find((e) => e.type === 'pos.receipt.closed' && unique.some((x) => x.type === 'pos.item.voided' && x.receiptId === e.receiptId))!;
    const rs = await ch.query({
      query: `SELECT type, seq FROM events WHERE store_id = {store:String} AND receipt_id = {receipt:String} ORDER BY seq`,
      query_params: { store: closed.storeId, receipt: closed.receiptId },
      format: 'JSONEachRow',
    });
    const want = unique.filter((e) => e.storeId === closed.storeId && e.receiptId === closed.receiptId).sort((a, b) => a.seq - b.seq);
    expect((await rs.json<{ type: string; seq: number }>()).map((r) => `${r.seq} ${r.type}`)).toEqual(want.map((e) => `${e.seq} ${e.type}`));
    const cashier = (unique.find((e) => e === closed) as Ev & { cashierId: string }).cashierId;
    const rs2 = await ch.query({
      query: `SELECT count() AS n FROM events WHERE store_id = {store:String} AND cashier_id = {cashier:String} AND type = 'pos.receipt.closed'`,
      query_params: { store: closed.storeId, cashier },
      format: 'JSONEachRow',
    });
    const n = unique.filter((e) => e.type === 'pos.receipt.closed' && e.storeId === closed.storeId && (e as Ev & { cashierId?: string }).cashierId === cashier).length;
    expect((await rs2.json<{ n: number }>())[0]!.n).toBe(n);
  });

  describe('read back through the KPI history source (server/kpis/history-source.ts)', () => {
    type Truth = {
      stores: Record<string, { timezone: string; total: Bucket; days: Record<string, Bucket>; minutes: Record<string, Bucket> }>;
      webShop: Record<string, { timezone: string; net: number; days: Record<string, number>; minutes: Record<string, number> }>;
      exceptions: Record<string, { storeId: string; lineVoids: number; receiptVoids: number; postVoids: number; refundsWithReceipt: number; refundsWithoutReceipt: number }>;
      eventsByType: Record<string, number>;
    };
    // Wider than the simulated day: nothing may lie outside it.
    const FROM = Date.parse('2026-11-19T00:00:00Z');
    const TO = Date.parse('2026-11-22T00:00:00Z');
    let history: MinuteSource;
    let truth: Truth;
    let stores: string[];
    beforeAll(() => {
      history = createHistorySource(ch);
      truth = sim.truth as Truth;
      stores = Object.keys(truth.stores);
    });

    const at = (location: string, timezone = 'UTC'): ScopeGroup => ({ level: 'location', timezone, locations: [location], otherLocations: false, knownStores: stores });
    const sales = (c: MinuteCounts): Bucket => ({ gross: c.gross, net: c.gross - c.refunds - c.postVoids, receipts: c.receipts, items: c.items, refunds: c.refunds, postVoids: c.postVoids });
    const activity = (c: MinuteCounts): Activity => ({ refundCount: c.refundCount, postVoidCount: c.postVoidCount, lineVoids: c.lineVoids, receiptVoids: c.receiptVoids });
    const webNet = (c: MinuteCounts) => c.webPaid - c.webRefunded;
    const nonZero = (v: number | object) => (typeof v === 'number' ? v !== 0 : Object.values(v).some((x) => x !== 0));
    const total = (minutes: Iterable<[number, MinuteCounts]>) => [...minutes].reduce((t, [, c]) => addCounts(t, c), emptyCounts());
    /** A part of each minute's counts in the truth file's shape (`YYYY-MM-DDTHH:MMZ` → value), zero minutes left out. */
    function byMinute<T extends number | object>(minutes: Map<number, MinuteCounts>, part: (c: MinuteCounts) => T): Record<string, T> {
      const out: Record<string, T> = {};
      for (const [m, c] of minutes) if (nonZero(part(c))) out[utcMinute(m)] = part(c);
      return out;
    }
    /** One local day of the group's timezone: its minutes from local midnight to the next. */
    async function localDayOf(g: ScopeGroup, day: string): Promise<MinuteCounts> {
      return total(await history.perMinute(g, startOfLocalDay(day, g.timezone), startOfLocalDay(addDays(day, 1), g.timezone)));
    }
    /** Σ of perMinute over locations, each asked on its own, per minute in time order. */
    async function sumOf(locations: string[]): Promise<[number, MinuteCounts][]> {
      const out = new Map<number, MinuteCounts>();
      for (const l of locations) for (const [m, c] of await history.perMinute(at(l), FROM, TO)) out.set(m, addCounts(out.get(m) ?? emptyCounts(), c));
      return [...out].filter(([, c]) => nonZero(c)).sort(([a], [b]) => a - b);
    }

    it('gives each store the truth’s minutes and local days exactly', async () => {
      let days = 0;
      for (const [id, st] of Object.entries(truth.stores)) {
        expect(byMinute(await history.perMinute(at(id), FROM, TO), sales)).toEqual(truthStoreMinutes(truth)[id] ?? {});
        for (const [day, want] of Object.entries(st.days)) {
          expect(sales(await localDayOf(at(id, st.timezone), day)), `${id} ${day}`).toEqual(want);
          days += 1;
        }
      }
      expect(days).toBeGreaterThanOrEqual(stores.length);
    });

    it('gives each web-shop location its net sales per minute and per HQ-local day at level location', async () => {
      const locations = Object.keys(truth.webShop);
      expect(locations.filter((l) => !stores.includes(l)).length).toBeGreaterThan(0);
      for (const [loc, w] of Object.entries(truth.webShop)) {
        expect(byMinute(await history.perMinute(at(loc), FROM, TO), webNet)).toEqual(truthWebMinutes(truth)[loc] ?? {});
        for (const [day, want] of Object.entries(w.days)) expect(webNet(await localDayOf(at(loc, w.timezone), day)), `${loc} ${day}`).toBe(want);
      }
    });

    it('answers a chain group with otherLocations as every store plus every other location, and without them as the stores only', async () => {
      const chain: ScopeGroup = { level: 'chain', timezone: 'Europe/Madrid', locations: stores, otherLocations: true, knownStores: stores };
      const others = Object.keys(truth.webShop).filter((l) => !stores.includes(l));
      const all = await history.perMinute(chain, FROM, TO);
      expect([...all]).toEqual(await sumOf([...stores, ...others]));
      expect([...(await history.perMinute({ ...chain, otherLocations: false }, FROM, TO))]).toEqual(await sumOf(stores));
      // And in all, what the truth says of the whole chain.
      const storeTotals = sales(emptyCounts());
      for (const s of Object.values(truth.stores)) for (const k of Object.keys(storeTotals) as (keyof Bucket)[]) storeTotals[k] += s.total[k];
      expect(sales(total(all))).toEqual(storeTotals);
      expect(webNet(total(all))).toBe(Object.values(truth.webShop).reduce((n, w) => n + w.net, 0));
    });

    it('counts refunds, post-voids, line voids and receipt voids per store and minute as the emitted events say', async () => {
      const want = referenceActivityMinutes(unique);
      const chain = total(await history.perMinute({ level: 'chain', timezone: 'UTC', locations: stores, otherLocations: true, knownStores: stores }, FROM, TO));
      const n = (type: string) => truth.eventsByType[type] ?? 0;
      expect(activity(chain)).toEqual({ refundCount: n('pos.refund.issued'), postVoidCount: n('pos.receipt.postvoided'), lineVoids: n('pos.item.voided'), receiptVoids: n('pos.receipt.voided') });
      expect(Object.values(activity(chain)).every((v) => v > 0)).toBe(true);
      for (const id of stores) {
        const minutes = await history.perMinute(at(id), FROM, TO);
        expect(byMinute(minutes, activity)).toEqual(want[id] ?? {});
        // The truth's exceptions per cashier add up to the same per store.
        const ex = Object.values(truth.exceptions).filter((e) => e.storeId === id);
        const sum = (k: keyof Truth['exceptions'][string]) => ex.reduce((s, e) => s + Number(e[k]), 0);
        expect(activity(total(minutes))).toEqual({ refundCount: sum('refundsWithReceipt') + sum('refundsWithoutReceipt'), postVoidCount: sum('postVoids'), lineVoids: sum('lineVoids'), receiptVoids: sum('receiptVoids') });
      }
    });
  });
});
