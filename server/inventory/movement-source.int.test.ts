import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { MIGRATIONS_DIR, migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { createMovementSource, type Movement, type MovementSource } from './movement-source';

/**
 * Migration 0006 and the movement source on hand-written `events` rows in real chDB:
 * history stored before the migration reaches `stock_movements` through its backfill
 * (shipments get their lines from the placed order), later inserts through the view (the
 * sink resolves a shipment's lines itself); a resent block adds nothing; the source pages
 * and totals one SKU at one location over a half-open period. The exactness against a
 * simulated day run through the sink is in workers/sink/stock-movements-day.int.test.ts.
 */
let seq = 0;
/** A row of `events` with what the view reads (the sink fills the rest). */
function ev(type: string, hms: string, f: Record<string, unknown> = {}) {
  seq += 1;
  return {
    id: `e${seq}`, type, schema_version: 1, source: 'SRC', seq,
    occurred_at: `2026-11-20 ${hms}`, store_id: '', till_id: '', cashier_id: '', receipt_id: '', payload: '{}',
    ...f,
  };
}
const at = (hms: string) => Date.parse(`2026-11-20T${hms}Z`);
const placed = (orderId: string, locationId: string, lines: { sku: string; qty: number; unitPrice: number }[], hms: string) =>
  ev('ecom.order.placed', hms, { source: 'WEB', order_id: orderId, location_id: locationId, payload: JSON.stringify({ orderId, locationId, lines, total: 0 }) });
const sale = (store: string, receipt: string, skus: string[], qtys: number[], hms: string, type = 'pos.receipt.closed') =>
  ev(type, hms, { source: `${store}-T01`, store_id: store, receipt_id: receipt, line_skus: skus, line_qtys: qtys, line_values: qtys.map(() => 0) });
const stock = (type: string, location: string, sku: string, units: number, hms: string, payload: object = {}) =>
  ev(type, hms, { source: 'WMS', location_id: location, sku, units, payload: JSON.stringify(payload) });

describe('stock movements in ClickHouse (migration 0006, real chDB)', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let ch: ClickHouseClient;
  let source: MovementSource;
  const day = { from: at('00:00:00.000'), to: at('23:59:59.999') + 1 };
  const all = async (locationId: string, sku: string, limit = 1000): Promise<Movement[]> => {
    const out: Movement[] = [];
    let after: Movement | undefined;
    for (;;) {
      const page = await source.page({ locationId, sku, ...day, after, limit });
      out.push(...page.movements);
      if (!page.more) return out;
      after = page.movements[page.movements.length - 1];
    }
  };
  const brief = (ms: Movement[]) => ms.map((m) => `${m.kind} ${m.delta} ${m.ref}`);

  beforeAll(async () => {
    const dir = path.join(inject('testDataDir'), 'movement-source');
    ch = await createClickHouse({ kind: 'embedded', path: path.join(dir, 'clickhouse'), database: 'default' });
    const before = path.join(dir, 'migrations-before-0006');
    fs.mkdirSync(before, { recursive: true });
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0006')) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    await migrate(ch, log, before);
    const insert = (values: object[], token?: string) =>
      ch.insert({
        table: 'events',
        values,
        format: 'JSONEachRow',
        clickhouse_settings: token ? { insert_deduplicate: 1, insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 } : {},
      });
    // Before 0006: a count, a sale with the SKU on two lines, a web order placed and
    // shipped (the shipped row has no lines: the sink did not resolve them then), a transfer.
    await insert([
      stock('stock.counted', 'S001', 'A', 10, '08:00:00.000', { locationId: 'S001', sku: 'A', counted: 10 }),
      sale('S001', 'R1', ['A', 'B', 'A'], [1, 4, 2], '09:00:00.000'),
      placed('W1', 'S001', [{ sku: 'A', qty: 3, unitPrice: 100 }], '09:30:00.000'),
      ev('ecom.order.shipped', '10:00:00.000', { source: 'WEB', order_id: 'W1', location_id: 'S001' }),
      stock('stock.transferred', 'DC01', 'A', 6, '11:00:00.000', { fromLocationId: 'DC01', toLocationId: 'S001', sku: 'A', qty: 6 }),
    ]);
    await migrate(ch, log);
    // After: every other kind, a shipment the sink resolved, and values at the edges of the day.
    const later = [
      sale('S001', 'R1', ['A', 'B', 'A'], [1, 4, 2], '12:00:00.000', 'pos.receipt.postvoided'),
      sale('S001', 'R9', ['A'], [1], '12:30:00.000', 'pos.refund.issued'),
      placed('W2', 'S001', [{ sku: 'A', qty: 2, unitPrice: 100 }], '13:00:00.000'),
      ev('ecom.order.shipped', '14:00:00.000', { source: 'WEB', order_id: 'W2', location_id: 'S001', line_skus: ['A'], line_qtys: [2], line_values: [200] }),
      stock('stock.received', 'S001', 'A', 12, '15:00:00.000'),
      stock('stock.adjusted', 'S001', 'A', -1, '16:00:00.000'),
      stock('stock.counted', 'S001', 'A', 23, '23:59:59.999', { locationId: 'S001', sku: 'A', counted: 23 }),
      stock('stock.received', 'S001', 'A', 100, '00:00:00.000'),
      // The next day's first instant: outside the half-open day.
      { ...stock('stock.received', 'S001', 'A', 1000, '00:00:00.000'), occurred_at: '2026-11-21 00:00:00.000' },
    ];
    await insert(later, 'block-1');
    // The sink resends a block it is unsure of with the same token: nothing is added.
    await insert(later, 'block-1');
    source = createMovementSource(ch);
  });
  afterAll(async () => {
    await ch?.close();
  });

  it('has every movement of the SKU at the location, once, in the order they occurred, from the backfill and the view', async () => {
    expect(brief(await all('S001', 'A'))).toEqual([
      'received 100 ',
      'counted 10 ',
      'sale -3 R1',
      'shipment -3 W1',
      'transfer_in 6 ',
      'post_void 3 R1',
      'refund 1 R9',
      'shipment -2 W2',
      'received 12 ',
      'adjusted -1 ',
      'counted 23 ',
    ]);
    expect(brief(await all('S001', 'B'))).toEqual(['sale -4 R1', 'post_void 4 R1']);
    expect(brief(await all('DC01', 'A'))).toEqual(['transfer_out -6 ']);
    // The resent block was dropped by its token, not merely hidden by FINAL.
    const rs = await ch.query({ query: 'SELECT count() AS rows, uniqExact(location_id, sku, source, seq, kind) AS unique FROM stock_movements', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ rows: 15, unique: 15 }]);
  });

  it('the movements after a count add up to the next count (the book, with nothing lost)', async () => {
    const moves = await all('S001', 'A');
    const [first, last] = moves.filter((m) => m.kind === 'counted');
    const between = moves.filter((m) => m.kind !== 'counted' && m.ms > first!.ms && m.ms < last!.ms).reduce((a, m) => a + m.delta, 0);
    expect(first!.delta + between).toBe(last!.delta);
  });

  it('pages in order however small the pages, and totals the whole period per kind', async () => {
    const whole = await all('S001', 'A');
    for (const limit of [1, 2, 3, 5]) expect(await all('S001', 'A', limit), `limit ${limit}`).toEqual(whole);
    expect(await source.totals({ locationId: 'S001', sku: 'A', ...day })).toEqual([
      { kind: 'sale', delta: -3, events: 1 },
      { kind: 'post_void', delta: 3, events: 1 },
      { kind: 'refund', delta: 1, events: 1 },
      { kind: 'shipment', delta: -5, events: 2 },
      { kind: 'received', delta: 112, events: 2 },
      { kind: 'transfer_in', delta: 6, events: 1 },
      { kind: 'adjusted', delta: -1, events: 1 },
      { kind: 'counted', delta: 33, events: 2 },
    ]);
  });

  it('keeps to the half-open period and the pair asked; a hostile value stays data', async () => {
    const page = (q: Partial<Parameters<MovementSource['page']>[0]>) => source.page({ locationId: 'S001', sku: 'A', ...day, limit: 100, ...q });
    expect(brief((await page({ from: at('09:00:00.000'), to: at('10:00:00.001') })).movements)).toEqual(['sale -3 R1', 'shipment -3 W1']);
    expect(brief((await page({ from: at('09:00:00.001'), to: at('10:00:00.000') })).movements)).toEqual([]);
    expect((await page({ locationId: "S001' OR '1'='1" })).movements).toEqual([]);
    expect((await page({ sku: 'Z' })).movements).toEqual([]);
    expect(await source.totals({ locationId: 'S002', sku: 'A', ...day })).toEqual([]);
  });

  it('web_order_lines holds each placed order’s location and lines, for the sink', async () => {
    const rs = await ch.query({ query: 'SELECT order_id, location_id, line_skus, line_qtys, line_values FROM web_order_lines FINAL ORDER BY order_id', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([
      { order_id: 'W1', location_id: 'S001', line_skus: ['A'], line_qtys: [3], line_values: [300] },
      { order_id: 'W2', location_id: 'S001', line_skus: ['A'], line_qtys: [2], line_values: [200] },
    ]);
  });
});
