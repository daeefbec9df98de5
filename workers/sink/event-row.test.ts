import { describe, expect, it } from 'vitest';
import { toDateTime64, toEventRow, type EventRow } from './event-row';

const envelope = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'S001-T01-18',
  type,
  schemaVersion: 1,
  source: 'S001-T01',
  seq: 18,
  occurredAt: '2026-11-21T10:15:03.123Z',
  storeId: 'S001',
  tillId: 'S001-T01',
  cashierId: 'C0042',
  receiptId: 'S001-T01-000918',
  payload,
  ...extra,
});

function row(e: unknown, offset = '7'): EventRow {
  const r = toEventRow(Buffer.from(JSON.stringify(e)), 3, offset);
  if (!r.ok) throw new Error(r.reason);
  return r.row;
}

describe('toEventRow: envelope JSON → events row', () => {
  it('maps the envelope and keeps the payload as JSON, with where it came from', () => {
    const r = row(envelope('pos.receipt.closed', { total: 3145, items: 10, lines: 7 }));
    expect(r).toMatchObject({
      id: 'S001-T01-18',
      type: 'pos.receipt.closed',
      schema_version: 1,
      source: 'S001-T01',
      seq: 18,
      occurred_at: '2026-11-21 10:15:03.123',
      store_id: 'S001',
      till_id: 'S001-T01',
      cashier_id: 'C0042',
      receipt_id: 'S001-T01-000918',
      kafka_partition: 3,
      kafka_offset: 7,
      amount: 3145,
      units: 10,
    });
    expect(JSON.parse(r.payload)).toEqual({ total: 3145, items: 10, lines: 7 });
    // Lines are resolved later (resolve-references.ts), never taken from the payload.
    expect(r.line_skus).toEqual([]);
  });

  it('fills the typed columns of each type the rollups and drill-downs read', () => {
    expect(row(envelope('pos.item.added', { lineId: 2, sku: 'SKU1', qty: 3, unitPrice: 199, entry: 'scanned' }))).toMatchObject({ line_id: 2, sku: 'SKU1', units: 3, unit_price: 199 });
    expect(row(envelope('pos.item.voided', { lineId: 2 }))).toMatchObject({ line_id: 2, sku: '', units: 0 });
    expect(row(envelope('pos.price.overridden', { lineId: 2, oldPrice: 199, newPrice: 150, reason: 'x' }))).toMatchObject({ line_id: 2, unit_price: 150 });
    expect(row(envelope('pos.receipt.postvoided', { total: 900, items: 4 }))).toMatchObject({ amount: 900, units: 4 });
    expect(
      row(envelope('pos.refund.issued', { amount: 629, withReceipt: true, method: 'card', lines: [{ sku: 'SKU7', qty: 2 }, { sku: 'SKU8', qty: 1 }] })),
    ).toMatchObject({ amount: 629, units: 3, line_skus: ['SKU7', 'SKU8'], line_qtys: [2, 1], line_values: [0, 0] });
    const web = { storeId: undefined, tillId: undefined, cashierId: undefined, receiptId: undefined, source: 'WEB' };
    expect(row(envelope('ecom.order.placed', { orderId: 'W1', lines: [], total: 1084, locationId: 'DC01' }, web))).toMatchObject({
      order_id: 'W1',
      location_id: 'DC01',
      amount: 1084,
      store_id: '',
    });
    expect(row(envelope('ecom.order.paid', { orderId: 'W1', amount: 1084 }, web))).toMatchObject({ order_id: 'W1', amount: 1084, location_id: '' });
    expect(row(envelope('ecom.order.cancelled', { orderId: 'W1', refundedAmount: 500 }, web))).toMatchObject({ amount: 500 });
    expect(row(envelope('stock.transferred', { fromLocationId: 'DC01', toLocationId: 'S001', sku: 'SKU1', qty: 12 }))).toMatchObject({ location_id: 'DC01', sku: 'SKU1', units: 12 });
    expect(row(envelope('stock.adjusted', { locationId: 'S001', sku: 'SKU1', delta: -3, reason: 'damaged' }))).toMatchObject({ units: -3 });
  });

  it('leaves other types with empty typed columns', () => {
    expect(row(envelope('pos.drawer.opened', { reason: 'no_sale' }))).toMatchObject({ amount: 0, units: 0, sku: '', order_id: '', location_id: '' });
  });

  it('dead-letters what it cannot store, naming the field', () => {
    const bad = (v: Buffer | null) => {
      const r = toEventRow(v, 0, '0');
      return r.ok ? 'ok' : r.reason;
    };
    const b = (e: unknown) => Buffer.from(JSON.stringify(e));
    expect(bad(null)).toBe('empty message');
    expect(bad(Buffer.from('{"id":'))).toMatch(/^not JSON/);
    expect(bad(b([1]))).toMatch(/expected a JSON object/);
    expect(bad(b(envelope('pos.receipt.closed', { total: '3145', items: 1, lines: 1 })))).toMatch(/payload\.total: expected an integer/);
    expect(bad(b(envelope('pos.receipt.closed', { total: 1.5, items: 1, lines: 1 })))).toMatch(/payload\.total/);
    expect(bad(b(envelope('pos.refund.issued', { amount: 1, lines: [{ sku: 'A' }] })))).toMatch(/payload\.lines\.0\.qty/);
    expect(bad(b({ ...envelope('x.y', {}), seq: 0 }))).toMatch(/seq/);
    expect(bad(b({ ...envelope('x.y', {}), source: '' }))).toMatch(/source/);
    expect(bad(b({ ...envelope('x.y', {}), storeId: 7 }))).toMatch(/storeId/);
    expect(bad(b({ ...envelope('x.y', {}), occurredAt: '2026-11-21T10:15:03+01:00' }))).toMatch(/occurredAt/);
    expect(bad(b({ ...envelope('x.y', {}), occurredAt: '1969-12-31T23:59:59Z' }))).toMatch(/occurredAt: outside/);
    expect(bad(b({ ...envelope('x.y', {}), payload: [] }))).toMatch(/payload: expected an object/);
  });

  it('reads every precision the contract allows, to the millisecond (floor)', () => {
    expect(toDateTime64('2026-11-21T10:15:03Z').text).toBe('2026-11-21 10:15:03.000');
    expect(toDateTime64('2026-11-21T10:15:03.5Z').text).toBe('2026-11-21 10:15:03.500');
    expect(toDateTime64('2026-11-21T23:59:59.999Z').text).toBe('2026-11-21 23:59:59.999');
  });

  it('formats any instant 1970–2099 as toISOString does, also dates Date.parse normalises', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const instants = [0, 999, 86_399_999, 86_400_000, Date.UTC(2099, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 12)];
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(((i * 2_654_435_761) % 4_102_444_800) * 1000 + (i % 1000)));
    for (const ms of instants) expect(toDateTime64(iso(ms))).toEqual({ text: iso(ms).slice(0, 23).replace('T', ' '), ms });
    expect(toDateTime64('2026-02-30T24:00:00Z').text).toBe('2026-03-03 00:00:00.000');
  });

  it('leaves the payload JSON out of types the caller does not read', () => {
    const v = Buffer.from(JSON.stringify(envelope('pos.receipt.closed', { total: 3145, items: 10, lines: 7 })));
    const only = { payloadTypes: new Set(['sku.upserted']) };
    const without = toEventRow(v, 3, '7', only);
    const all = toEventRow(v, 3, '7');
    expect(without.ok && all.ok && { ...without.row, payload: all.row.payload }).toEqual(all.ok && all.row);
    expect(without.ok && without.row.payload).toBe('');
    const sku = toEventRow(Buffer.from(JSON.stringify(envelope('sku.upserted', { sku: 'A', category: 'c' }))), 0, '0', only);
    expect(sku.ok && sku.row.payload).toBe('{"sku":"A","category":"c"}');
  });

  it('gives the instant with the row', () => {
    const r = toEventRow(Buffer.from(JSON.stringify(envelope('pos.drawer.opened', {}))), 0, '0');
    expect(r.ok && r.ms).toBe(Date.parse('2026-11-21T10:15:03.123Z'));
  });
});
