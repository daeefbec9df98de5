import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../lib/contract/parse-event';
import type { TillstreamEvent } from '../../lib/contract/catalog';
import { messageKey, topicOf } from '../../lib/contract/routing';
import type { Delivery } from '../faults/fault-injector';
import { runInMemory, smallRun } from '../testing/run-in-memory';

/** What a demanding consumer checks of the simulator's output: the contract, the seq lines, and receipts that add up. */
describe('simulator output', () => {
  let deliveries: Delivery[];
  let events: TillstreamEvent[];
  let truth: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    const run = await runInMemory(smallRun({ stores: 3, tills: 6, dishonest: 3, end: Date.parse('2026-11-22T00:00:00Z') }));
    deliveries = run.deliveries;
    truth = run.truth;
    events = deliveries.map((d) => {
      const r = parseEvent(JSON.parse(d.json));
      if (!r.ok) throw new Error(`invalid event ${d.json}: ${JSON.stringify(r.issues)}`);
      return r.event;
    });
  }, 60_000);

  it('is valid under the contract, on the right topic with the right key', () => {
    const wrong = deliveries.filter((d, i) => d.topic !== topicOf(events[i]!.type).name || d.key !== messageKey(events[i]!));
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('numbers each source 1, 2, 3… in event-time order, with unique ids', () => {
    const last = new Map<string, { seq: number; t: string }>();
    const wrong: string[] = [];
    for (const e of events) {
      const prev = last.get(e.source) ?? { seq: 0, t: '' };
      if (e.seq !== prev.seq + 1 || e.occurredAt < prev.t) wrong.push(`${e.source} #${e.seq} at ${e.occurredAt} after #${prev.seq} at ${prev.t}`);
      last.set(e.source, { seq: e.seq, t: e.occurredAt });
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(last.has('HQ') && last.has('WEB') && last.has('WMS') && last.has('S001-T06')).toBe(true);
  });

  it('closes every receipt at its lines less voided lines and discounts, paid in full', () => {
    type Open = { lines: Map<number, { qty: number; price: number }>; discounts: number; paid: number };
    const open = new Map<string, Open>();
    let closed = 0;
    for (const e of events) {
      const id = e.receiptId!;
      switch (e.type) {
        case 'pos.receipt.opened':
          open.set(id, { lines: new Map(), discounts: 0, paid: 0 });
          break;
        case 'pos.item.added':
          open.get(id)!.lines.set(e.payload.lineId, { qty: e.payload.qty, price: e.payload.unitPrice });
          break;
        case 'pos.item.voided':
          open.get(id)!.lines.delete(e.payload.lineId);
          break;
        case 'pos.price.overridden':
          open.get(id)!.lines.get(e.payload.lineId)!.price = e.payload.newPrice;
          break;
        case 'pos.discount.applied':
          open.get(id)!.discounts += e.payload.amount;
          break;
        case 'pos.payment.captured':
          open.get(id)!.paid += e.payload.amount;
          break;
        case 'pos.receipt.closed': {
          const r = open.get(id)!;
          const lines = [...r.lines.values()];
          const total = lines.reduce((s, l) => s + l.qty * l.price, 0) - r.discounts;
          expect(e.payload.total).toBe(total);
          expect(e.payload.items).toBe(lines.reduce((s, l) => s + l.qty, 0));
          expect(e.payload.lines).toBe(lines.length);
          expect(r.paid).toBe(total);
          expect(total).toBeGreaterThanOrEqual(0);
          open.delete(id);
          closed++;
          break;
        }
        case 'pos.receipt.voided':
          open.delete(id);
          break;
      }
    }
    expect(closed).toBeGreaterThan(3000);
  });

  it('post-voids only closed receipts, and refunds with a receipt name a closed one', () => {
    const closed = new Set(events.filter((e) => e.type === 'pos.receipt.closed').map((e) => e.receiptId));
    for (const e of events) {
      if (e.type === 'pos.receipt.postvoided') expect(closed.has(e.receiptId)).toBe(true);
      if (e.type === 'pos.refund.issued' && e.payload.withReceipt) expect(closed.has(e.payload.originalReceiptId)).toBe(true);
    }
  });

  it('covers the catalog a real till exports', () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'pos.shift.opened', 'pos.shift.closed', 'pos.cashier.login', 'pos.cashier.logout', 'pos.cashier.elevated',
      'pos.receipt.opened', 'pos.item.added', 'pos.item.voided', 'pos.price.overridden', 'pos.discount.applied',
      'pos.coupon.redeemed', 'pos.loyalty.identified', 'pos.loyalty.points', 'pos.payment.captured', 'pos.receipt.closed',
      'pos.receipt.voided', 'pos.receipt.postvoided', 'pos.receipt.suspended', 'pos.receipt.resumed', 'pos.refund.issued',
      'pos.drawer.opened', 'pos.cash.out', 'pos.report.x', 'pos.report.z', 'pos.till.rebooted', 'pos.sco.assist.requested',
      'pos.sco.age.verified', 'pos.item.marked.scanned', 'ecom.order.placed', 'ecom.order.paid', 'ecom.order.cancelled',
      'ecom.order.shipped', 'stock.counted', 'stock.adjusted', 'store.upserted', 'sku.upserted', 'stock.threshold.set', 'promo.published',
    ]) {
      expect(types, t).toContain(t);
    }
    const refunds = events.filter((e) => e.type === 'pos.refund.issued');
    expect(new Set(refunds.map((e) => e.type === 'pos.refund.issued' && e.payload.withReceipt))).toEqual(new Set([true, false]));
    expect(events.some((e) => e.type === 'pos.discount.applied' && e.payload.kind === 'employee')).toBe(true);
    expect(events.some((e) => e.type === 'pos.drawer.opened' && e.payload.reason === 'no_sale')).toBe(true);
    expect(events.some((e) => e.type === 'pos.report.z' && e.payload.countedCash !== e.payload.expectedCash)).toBe(true);
  });

  it('makes the planted dishonest cashiers stand out from their store peers', () => {
    // Each planted scheme shows in its own exception: compare with the store's median cashier.
    const rate = (c: any, k: string) => c[k] as number; // eslint-disable-line @typescript-eslint/no-explicit-any
    const byStore = new Map<string, [string, any][]>(); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const [id, e] of Object.entries<any>(truth.exceptions)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (id.endsWith('-SCO')) continue;
      if (!byStore.has(e.storeId)) byStore.set(e.storeId, []);
      byStore.get(e.storeId)!.push([id, e]);
    }
    let standouts = 0;
    for (const peers of byStore.values()) {
      for (const kind of ['lineVoids', 'refundsWithoutReceipt', 'noSaleOpens']) {
        const sorted = peers.map(([, e]) => rate(e, kind)).sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)]!;
        if (sorted.at(-1)! >= Math.max(4, 3 * median)) standouts++;
      }
    }
    expect(standouts).toBeGreaterThanOrEqual(3);
  });
});
