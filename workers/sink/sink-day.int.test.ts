import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { skuSalesPerHour } from './read-rollups';
import { createSinkWorker } from './sink-worker';
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
  let unique: Ev[];

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'sink-day'), database: 'default' });
    await migrate(ch, log);
    redis = new Redis(inject('redisUrl'));
    const start = Date.parse('2026-11-20T00:00:00Z');
    // 1 % resends, and one store offline for two hours that then flushes its events late.
    sim = await runInMemory(
      smallRun({ faults: { duplicates: 0.01, malformed: 0, offline: [{ storeId: 'S002', from: start + 10 * 3_600_000, to: start + 12 * 3_600_000 }] } }),
    );
    const seen = new Set<string>();
    unique = sim.deliveries.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));
    const worker = createSinkWorker({ clickhouse: ch, redis, log, scope: `sink-test-day-${process.pid}-${Date.now()}` });
    const rnd = seededRandom(2026);
    counts = await feedAll(worker, partitionByKey(sim.deliveries, 12), () => 1 + Math.floor(rnd() * 3000));
  });
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('says ok once per event and duplicate for every resend', () => {
    const truth = sim.truth as { duplicates: number };
    expect(truth.duplicates).toBeGreaterThan(100);
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
});
