import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { createMovementSource, type Movement } from '../../server/inventory/movement-source';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { createSinkWorker } from './sink-worker';
import { validatedOnly } from './testing/history-reference';
import { partitionByKey, seededRandom } from './testing/partitioned-input';
import { feedConcurrently } from './testing/feed-concurrently';

type Ev = { type: string; source: string; seq: number; occurredAt: string; storeId?: string; receiptId?: string; payload: Record<string, unknown> };
type Truth = { stock: Record<string, Record<string, { onHand: number; reserved: number }>> };
type Line = { sku: string; qty: number };
/** The payload fields the reference reads (each type has some of them). */
type Payload = {
  lineId: number; sku: string; qty: number; newQty: number; lines: Line[]; orderId: string;
  locationId: string; fromLocationId: string; toLocationId: string; delta: number; counted: number;
};

const START = Date.parse('2026-11-20T00:00:00Z');
const DAY = 86_400_000;

/**
 * Units per location × SKU × kind of movement, written from docs/kpis.md ("Stock per
 * SKU × location") directly over the simulator's events, independently of the sink and
 * of migration 0006.
 */
function referenceMovements(events: Ev[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (loc: string, sku: string, kind: string, delta: number) => {
    const k = `${loc} ${sku} ${kind}`;
    out.set(k, (out.get(k) ?? 0) + delta);
  };
  const open = new Map<string, Map<number, Line>>();
  const closed = new Map<string, Line[]>();
  const orders = new Map<string, { loc: string; lines: Line[] }>();
  for (const e of [...events].sort((a, b) => a.source.localeCompare(b.source) || a.seq - b.seq)) {
    const p = e.payload as unknown as Payload;
    const r = `${e.storeId}/${e.receiptId}`;
    switch (e.type) {
      case 'pos.item.added':
        if (!open.has(r)) open.set(r, new Map());
        open.get(r)!.set(p.lineId, { sku: p.sku, qty: p.qty });
        break;
      case 'pos.item.voided':
        open.get(r)?.delete(p.lineId);
        break;
      case 'pos.item.quantity.changed': {
        const l = open.get(r)?.get(p.lineId);
        if (l) l.qty = p.newQty;
        break;
      }
      case 'pos.receipt.closed':
        closed.set(r, [...(open.get(r)?.values() ?? [])]);
        for (const l of closed.get(r)!) add(e.storeId!, l.sku, 'sale', -l.qty);
        break;
      case 'pos.receipt.postvoided':
        for (const l of closed.get(r) ?? []) add(e.storeId!, l.sku, 'post_void', l.qty);
        break;
      case 'pos.refund.issued':
        for (const l of p.lines) add(e.storeId!, l.sku, 'refund', l.qty);
        break;
      case 'ecom.order.placed':
        orders.set(p.orderId, { loc: p.locationId, lines: p.lines });
        break;
      case 'ecom.order.shipped': {
        const o = orders.get(p.orderId);
        for (const l of o?.lines ?? []) add(o!.loc, l.sku, 'shipment', -l.qty);
        break;
      }
      case 'stock.received':
        add(p.locationId, p.sku, 'received', p.qty);
        break;
      case 'stock.transferred':
        add(p.fromLocationId, p.sku, 'transfer_out', -p.qty);
        add(p.toLocationId, p.sku, 'transfer_in', p.qty);
        break;
      case 'stock.adjusted':
        add(p.locationId, p.sku, 'adjusted', p.delta);
        break;
      case 'stock.counted':
        add(p.locationId, p.sku, 'counted', p.counted);
        break;
    }
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

describe('stock movements of simulated days through the history sink (real chDB and Redis)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let ch: ClickHouseClient;
  let redis: Redis;
  let truth: Truth;
  let unique: Ev[];

  /** Every movement of the day, as stock_movements holds it. */
  async function everyMovement(): Promise<{ location_id: string; sku: string; ms: number; kind: string; delta: number }[]> {
    const rs = await ch.query({
      query: 'SELECT location_id, sku, toUnixTimestamp64Milli(occurred_at) AS ms, kind, delta FROM stock_movements FINAL ORDER BY location_id, sku, occurred_at, source, seq, kind',
      format: 'JSONEachRow',
    });
    return (await rs.json<{ location_id: string; sku: string; ms: number | string; kind: string; delta: number | string }>()).map((r) => ({ ...r, ms: Number(r.ms), delta: Number(r.delta) }));
  }

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'stock-movements-day'), database: 'default' });
    await migrate(ch, log);
    redis = new Redis(inject('redisUrl'));
    // Two days, with the night's counts between them. Resends, and a store offline over the
    // evening that flushes its sales after the night's count: movements count by when they occurred.
    const sim = await runInMemory(
      smallRun({ end: START + 2 * DAY, faults: { duplicates: 0.01, malformed: 0.002, offline: [{ storeId: 'S002', from: START + 18 * 3_600_000, to: START + 28 * 3_600_000 }] } }),
    );
    truth = sim.truth as Truth;
    const validated = validatedOnly(sim.deliveries, START + 3 * DAY);
    const seen = new Set<string>();
    unique = validated.passed.map((d) => JSON.parse(d.json) as Ev).filter((e) => !seen.has(`${e.source}#${e.seq}`) && !!seen.add(`${e.source}#${e.seq}`));
    const worker = createSinkWorker({ clickhouse: ch, redis, log, scope: `sink-test-moves-${process.pid}-${Date.now()}` });
    const rnd = Array.from({ length: 12 }, (_, p) => seededRandom(606 + p));
    // Small batches: many web orders ship in a later block than they were placed (their lines come from history).
    // The partitions are fed at once, as the harness does: the sink groups the batches in hand into one insert.
    await feedConcurrently(worker, partitionByKey(validated.passed, 12), (p) => 1 + Math.floor(rnd[p]!() * 400));
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('holds every movement of every kind, per location and SKU, as the simulator’s events say', async () => {
    const rs = await ch.query({ query: 'SELECT location_id, sku, kind, sum(delta) AS delta FROM stock_movements FINAL GROUP BY location_id, sku, kind', format: 'JSONEachRow' });
    const got = new Map((await rs.json<{ location_id: string; sku: string; kind: string; delta: number }>()).filter((r) => Number(r.delta) !== 0).map((r) => [`${r.location_id} ${r.sku} ${r.kind}`, Number(r.delta)]));
    const want = referenceMovements(unique);
    const kinds = new Set([...want.keys()].map((k) => k.split(' ')[2]));
    // Shelves start a week deep, so the simulator's transfers and deliveries begin after a few
    // days; those kinds are checked on hand-written events (server/inventory/movement-source.int.test.ts).
    for (const k of ['sale', 'post_void', 'refund', 'shipment', 'adjusted', 'counted']) expect(kinds, k).toContain(k);
    expect(got.size).toBeGreaterThan(1000);
    expect(got).toEqual(want);
  });

  it('the latest count plus the movements after it is the truth’s on hand at the end, for every SKU at every location', async () => {
    const byPair = new Map<string, { ms: number; kind: string; delta: number }[]>();
    for (const m of await everyMovement()) {
      const k = `${m.location_id} ${m.sku}`;
      let list = byPair.get(k);
      if (!list) byPair.set(k, (list = []));
      list.push(m);
    }
    const got: Record<string, Record<string, number>> = {};
    for (const [k, moves] of byPair) {
      const [loc, sku] = k.split(' ') as [string, string];
      const counts = moves.filter((m) => m.kind === 'counted');
      const last = counts[counts.length - 1];
      // A count sets on hand; what occurred at or before it is in it (docs/kpis.md).
      const after = moves.filter((m) => m.kind !== 'counted' && (!last || m.ms > last.ms)).reduce((a, m) => a + m.delta, 0);
      (got[loc] ??= {})[sku] = (last?.delta ?? 0) + after;
    }
    const want = Object.fromEntries(Object.entries(truth.stock).map(([loc, skus]) => [loc, Object.fromEntries(Object.entries(skus).map(([sku, s]) => [sku, s.onHand]))]));
    expect(Object.keys(want).length).toBeGreaterThan(3);
    expect(got).toEqual(want);
  });

  it('the movement source pages one SKU at one store through the days: the same movements, and totals that add up', async () => {
    const source = createMovementSource(ch);
    // The store's busiest SKU, for many pages.
    const rs = await ch.query({
      query: "SELECT location_id, sku, count() AS n FROM stock_movements FINAL WHERE location_id = 'S001' GROUP BY location_id, sku ORDER BY n DESC, sku LIMIT 1",
      format: 'JSONEachRow',
    });
    const { sku, n } = (await rs.json<{ sku: string; n: number }>())[0]!;
    expect(Number(n)).toBeGreaterThan(20);
    const range = { locationId: 'S001', sku, from: START - DAY, to: START + 3 * DAY };
    const paged: Movement[] = [];
    let after: Movement | undefined;
    for (;;) {
      const page = await source.page({ ...range, after, limit: 7 });
      paged.push(...page.movements);
      if (!page.more) break;
      after = page.movements[page.movements.length - 1];
    }
    const whole = (await everyMovement()).filter((m) => m.location_id === 'S001' && m.sku === sku);
    expect(paged.map((m) => [m.ms, m.kind, m.delta])).toEqual(whole.map((m) => [m.ms, m.kind, m.delta]));
    const totals = await source.totals(range);
    expect(totals.reduce((a, t) => a + t.events, 0)).toBe(paged.length);
    for (const t of totals) expect(t.delta, t.kind).toBe(paged.filter((m) => m.kind === t.kind).reduce((a, m) => a + m.delta, 0));
  });
});
