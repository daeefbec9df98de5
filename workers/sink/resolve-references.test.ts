import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { toEventRow, type EventRow } from './event-row';
import { LINE_EVENT_TYPES, type ResolvedLines } from './receipt-lines';
import { receiptKey, resolveReferences, type References } from './resolve-references';
import { partitionByKey, seededRandom } from './testing/partitioned-input';

const rowOf = (json: string, offset = 0): EventRow => {
  const r = toEventRow(json, 0, String(offset));
  if (!r.ok) throw new Error(r.reason);
  return r.row;
};

/** A placed order's lines as web_order_lines holds them (migration 0006 reads them from the payload). */
function linesOfPayload(r: EventRow): ResolvedLines {
  const { lines } = JSON.parse(r.payload) as { lines: { sku: string; qty: number; unitPrice: number }[] };
  return { skus: lines.map((l) => l.sku), qtys: lines.map((l) => l.qty), values: lines.map((l) => l.qty * l.unitPrice) };
}

/** References answered from rows already "in history" (earlier blocks), recording what was asked. */
function historyOf(history: EventRow[]): References & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    receiptLineEvents: async (receipts) => {
      asked.push(...receipts.map((r) => `lines:${r.receiptId}`));
      const want = new Set(receipts.map((r) => receiptKey(r.storeId, r.receiptId)));
      return history.filter((r) => (LINE_EVENT_TYPES as readonly string[]).includes(r.type) && want.has(receiptKey(r.store_id, r.receipt_id)));
    },
    closedReceiptLines: async (receipts) => {
      asked.push(...receipts.map((r) => `closed:${r.receiptId}`));
      const want = new Set(receipts.map((r) => receiptKey(r.storeId, r.receiptId)));
      const out = new Map<string, ResolvedLines>();
      for (const r of history) {
        const k = receiptKey(r.store_id, r.receipt_id);
        if (r.type === 'pos.receipt.closed' && want.has(k)) out.set(k, { skus: r.line_skus, qtys: r.line_qtys, values: r.line_values });
      }
      return out;
    },
    placedOrders: async (ids) => {
      asked.push(...ids.map((o) => `order:${o}`));
      const placed = history.filter((r) => r.type === 'ecom.order.placed' && ids.includes(r.order_id));
      return new Map(placed.map((r) => [r.order_id, { locationId: r.location_id, lines: linesOfPayload(r) }]));
    },
  };
}

const till = { storeId: 'S001', tillId: 'S001-T01', cashierId: 'C1', source: 'S001-T01' };
let n = 0;
const tillEvent = (type: string, receiptId: string, payload: unknown) =>
  JSON.stringify({ id: `x${++n}`, type, schemaVersion: 1, seq: n, occurredAt: '2026-11-21T10:00:00.000Z', receiptId, payload, ...till });
const webEvent = (type: string, payload: unknown) => JSON.stringify({ id: `w${++n}`, type, schemaVersion: 1, source: 'WEB', seq: n, occurredAt: '2026-11-21T10:00:00.000Z', payload });

describe('resolveReferences', () => {
  it('resolves a receipt opened in the block from the block alone', async () => {
    const rows = [
      tillEvent('pos.receipt.opened', 'R1', {}),
      tillEvent('pos.item.added', 'R1', { lineId: 1, sku: 'A', qty: 2, unitPrice: 100, entry: 'scanned' }),
      tillEvent('pos.receipt.closed', 'R1', { total: 200, items: 2, lines: 1 }),
      tillEvent('pos.receipt.postvoided', 'R1', { total: 200, items: 2 }),
    ].map((j) => rowOf(j));
    const refs = historyOf([]);
    await resolveReferences(rows, refs);
    expect(refs.asked).toEqual([]);
    expect(rows[2]).toMatchObject({ line_skus: ['A'], line_qtys: [2], line_values: [200] });
    expect(rows[3]).toMatchObject({ line_skus: ['A'], line_qtys: [2], line_values: [200] });
  });

  it('merges history with the block when the receipt opened earlier, and finds post-voided receipts and web orders there', async () => {
    const history = [
      tillEvent('pos.receipt.opened', 'R2', {}),
      tillEvent('pos.item.added', 'R2', { lineId: 1, sku: 'A', qty: 1, unitPrice: 100, entry: 'scanned' }),
      tillEvent('pos.item.added', 'R2', { lineId: 2, sku: 'B', qty: 1, unitPrice: 300, entry: 'scanned' }),
      webEvent('ecom.order.placed', { orderId: 'W1', lines: [], total: 500, locationId: 'DC01' }),
    ].map((j) => rowOf(j));
    const closedEarlier = rowOf(tillEvent('pos.receipt.closed', 'R0', { total: 50, items: 1, lines: 1 }));
    closedEarlier.line_skus = ['Z'];
    closedEarlier.line_qtys = [1];
    closedEarlier.line_values = [50];
    const rows = [
      tillEvent('pos.item.voided', 'R2', { lineId: 1 }),
      tillEvent('pos.receipt.closed', 'R2', { total: 300, items: 1, lines: 1 }),
      tillEvent('pos.receipt.postvoided', 'R0', { total: 50, items: 1 }),
      tillEvent('pos.receipt.postvoided', 'R-unknown', { total: 10, items: 1 }),
      webEvent('ecom.order.paid', { orderId: 'W1', amount: 500 }),
      webEvent('ecom.order.placed', { orderId: 'W2', lines: [], total: 10, locationId: 'S001' }),
      webEvent('ecom.order.cancelled', { orderId: 'W2', refundedAmount: 10 }),
      webEvent('ecom.order.shipped', { orderId: 'W-unknown' }),
    ].map((j) => rowOf(j));
    const refs = historyOf([...history, closedEarlier]);
    const stats = await resolveReferences(rows, refs);
    expect(refs.asked.sort()).toEqual(['closed:R-unknown', 'closed:R0', 'lines:R2', 'order:W-unknown', 'order:W1']);
    expect(rows[1]).toMatchObject({ line_skus: ['B'], line_qtys: [1], line_values: [300] });
    expect(rows[2]).toMatchObject({ line_skus: ['Z'], line_qtys: [1], line_values: [50] });
    expect(rows[3]).toMatchObject({ line_skus: [] });
    expect(rows.slice(4).map((r) => r.location_id)).toEqual(['DC01', 'S001', 'S001', '']);
    expect(stats).toEqual({ receiptsLookedUp: 1, postVoidsWithoutReceipt: 1, ordersWithoutLocation: 1 });
  });

  it('gives a shipped order the lines of its placement (sku, qty, qty × unitPrice), from the block or from history', async () => {
    const history = [webEvent('ecom.order.placed', { orderId: 'W3', lines: [{ sku: 'A', qty: 2, unitPrice: 150 }], total: 300, locationId: 'DC01' })].map((j) => rowOf(j));
    const rows = [
      webEvent('ecom.order.placed', { orderId: 'W4', lines: [{ sku: 'B', qty: 1, unitPrice: 90 }, { sku: 'C', qty: 3, unitPrice: 10 }], total: 120, locationId: 'S001' }),
      webEvent('ecom.order.paid', { orderId: 'W4', amount: 120 }),
      webEvent('ecom.order.shipped', { orderId: 'W4' }),
      webEvent('ecom.order.shipped', { orderId: 'W3' }),
      webEvent('ecom.order.shipped', { orderId: 'W-unknown' }),
    ].map((j) => rowOf(j));
    const refs = historyOf(history);
    const stats = await resolveReferences(rows, refs);
    expect(refs.asked.sort()).toEqual(['order:W-unknown', 'order:W3']);
    expect(rows[2]).toMatchObject({ location_id: 'S001', line_skus: ['B', 'C'], line_qtys: [1, 3], line_values: [90, 30] });
    expect(rows[3]).toMatchObject({ location_id: 'DC01', line_skus: ['A'], line_qtys: [2], line_values: [300] });
    expect(rows[4]).toMatchObject({ location_id: '', line_skus: [], line_qtys: [], line_values: [] });
    // Only shipments get lines: the placed and paid rows are written as before.
    expect(rows[0]).toMatchObject({ line_skus: [], line_qtys: [], line_values: [] });
    expect(rows[1]).toMatchObject({ location_id: 'S001', line_skus: [] });
    expect(stats.ordersWithoutLocation).toBe(1);
  });

  it('gives a voided line its value and an overridden line its qty and the amount taken off, from the block or from history', async () => {
    const history = [
      tillEvent('pos.receipt.opened', 'R5', {}),
      tillEvent('pos.item.added', 'R5', { lineId: 1, sku: 'A', qty: 3, unitPrice: 100, entry: 'scanned' }),
      tillEvent('pos.item.added', 'R5', { lineId: 2, sku: 'B', qty: 1, unitPrice: 250, entry: 'keyed' }),
    ].map((j) => rowOf(j));
    const rows = [
      tillEvent('pos.price.overridden', 'R5', { lineId: 1, oldPrice: 100, newPrice: 60, reason: 'x' }),
      tillEvent('pos.item.quantity.changed', 'R5', { lineId: 1, oldQty: 3, newQty: 2 }),
      tillEvent('pos.item.voided', 'R5', { lineId: 1 }),
      tillEvent('pos.item.voided', 'R5', { lineId: 9 }),
      tillEvent('pos.price.overridden', 'R5', { lineId: 9, oldPrice: 80, newPrice: 50, reason: 'x' }),
      tillEvent('pos.receipt.opened', 'R6', {}),
      tillEvent('pos.item.added', 'R6', { lineId: 1, sku: 'C', qty: 2, unitPrice: 40, entry: 'scanned' }),
      tillEvent('pos.price.overridden', 'R6', { lineId: 1, oldPrice: 40, newPrice: 45, reason: 'x' }),
      tillEvent('pos.item.voided', 'R6', { lineId: 1 }),
    ].map((j) => rowOf(j));
    const refs = historyOf(history);
    await resolveReferences(rows, refs);
    expect(refs.asked).toEqual(['lines:R5']);
    expect(rows.map((r) => [r.type.slice(4), r.units, r.unit_price, r.amount])).toEqual([
      ['price.overridden', 3, 60, 120],
      ['item.quantity.changed', 2, 0, 0],
      ['item.voided', 2, 60, 120],
      ['item.voided', 0, 0, 0],
      ['price.overridden', 1, 50, 30],
      ['receipt.opened', 0, 0, 0],
      ['item.added', 2, 40, 0],
      ['price.overridden', 2, 45, -10],
      ['item.voided', 2, 45, 90],
    ]);
  });

  describe('on a simulated day', () => {
    let parts: Buffer[][];
    beforeAll(async () => {
      const sim = await runInMemory(smallRun({ faults: { duplicates: 0, malformed: 0, offline: [] } }));
      parts = partitionByKey(sim.deliveries, 4);
    });

    /** Every row of every partition, resolved block by block with history = earlier blocks. */
    async function resolveInBlocks(next: () => number): Promise<EventRow[]> {
      const all: EventRow[] = [];
      for (const values of parts) {
        const history: EventRow[] = [];
        for (let from = 0; from < values.length; ) {
          const to = Math.min(values.length, from + next());
          const rows = values.slice(from, to).map((v, i) => rowOf(v.toString(), from + i));
          await resolveReferences(rows, historyOf(history));
          history.push(...rows);
          from = to;
        }
        all.push(...history);
      }
      return all;
    }

    it('resolves the same lines however the stream is cut into blocks, and they add up to the receipt', async () => {
      const whole = await resolveInBlocks(() => Number.MAX_SAFE_INTEGER);
      const rnd = seededRandom(7);
      const cut = await resolveInBlocks(() => 1 + Math.floor(rnd() * 300));
      expect(cut).toEqual(whole);
      const closed = whole.filter((r) => r.type === 'pos.receipt.closed' || r.type === 'pos.receipt.postvoided');
      expect(closed.length).toBeGreaterThan(1000);
      for (const r of closed) expect(r.line_qtys.reduce((a, b) => a + b, 0), `${r.type} ${r.receipt_id}`).toBe(r.units);
      // Every voided line was rung up on its receipt: each gets its value.
      const voided = whole.filter((r) => r.type === 'pos.item.voided');
      expect(voided.length).toBeGreaterThan(100);
      for (const r of voided) expect(r.units > 0 && r.amount === r.units * r.unit_price, `${r.receipt_id} line ${r.line_id}`).toBe(true);
      const web = whole.filter((r) => r.type === 'ecom.order.paid' || r.type === 'ecom.order.cancelled');
      expect(web.length).toBeGreaterThan(0);
      for (const r of web) expect(r.location_id).not.toBe('');
      // Every shipment carries its order's lines, as its placement listed them.
      const placed = new Map(whole.filter((r) => r.type === 'ecom.order.placed').map((r) => [r.order_id, r]));
      const shipped = whole.filter((r) => r.type === 'ecom.order.shipped');
      expect(shipped.length).toBeGreaterThan(10);
      for (const r of shipped) {
        const p = placed.get(r.order_id)!;
        const want = linesOfPayload(p);
        expect({ location: r.location_id, skus: r.line_skus, qtys: r.line_qtys, values: r.line_values }, r.order_id).toEqual({ location: p.location_id, ...want });
        expect(r.line_skus.length).toBeGreaterThan(0);
      }
    });
  });
});
