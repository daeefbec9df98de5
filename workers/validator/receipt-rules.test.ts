import { describe, expect, it } from 'vitest';
import type { TillstreamEvent } from '../../lib/contract/catalog';
import { applyReceiptRules, type ReceiptState } from './receipt-rules';

let seq = 0;
const ev = (type: string, payload: Record<string, unknown>, receiptId = 'R1') =>
  ({ id: `e${++seq}`, type, schemaVersion: 1, source: 'S001-T01', seq, occurredAt: '2026-11-21T10:00:00.000Z', storeId: 'S001', tillId: 'S001-T01', cashierId: 'C1', receiptId, payload }) as unknown as TillstreamEvent;

const fresh = (): ReceiptState => ({ open: new Map(), closed: new Map() });

function run(events: TillstreamEvent[], s = fresh()): (string | undefined)[] {
  return events.map((e) => applyReceiptRules(e, s));
}

const sale = [
  ev('pos.receipt.opened', {}),
  ev('pos.item.added', { lineId: 1, sku: 'A', qty: 2, unitPrice: 150, entry: 'scanned' }),
  ev('pos.item.added', { lineId: 2, sku: 'B', qty: 1, unitPrice: 500, entry: 'scanned' }),
  ev('pos.item.added', { lineId: 3, sku: 'C', qty: 1, unitPrice: 999, entry: 'keyed' }),
  ev('pos.item.voided', { lineId: 3 }),
  ev('pos.price.overridden', { lineId: 2, oldPrice: 500, newPrice: 400, reason: 'damaged' }),
  ev('pos.discount.applied', { kind: 'coupon', amount: 100 }),
  ev('pos.payment.captured', { method: 'card', amount: 600 }),
];

describe('receipt rules', () => {
  it('accepts a receipt closed at its lines less voids, overrides and discounts, paid in full', () => {
    const s = fresh();
    expect(run([...sale, ev('pos.receipt.closed', { total: 600, items: 3, lines: 2 })], s).every((r) => r === undefined)).toBe(true);
    expect(s.closed.get('R1')).toEqual({ total: 600, items: 3, postVoided: false });
    expect(applyReceiptRules(ev('pos.receipt.postvoided', { total: 600, items: 3 }), s)).toBeUndefined();
    expect(applyReceiptRules(ev('pos.receipt.postvoided', { total: 600, items: 3 }), s)).toMatch(/already post-voided/);
  });

  it('names the field when a close does not add up', () => {
    expect(run([...sale, ev('pos.receipt.closed', { total: 700, items: 3, lines: 2 })]).at(-1)).toBe('payload.total: 700 is not the lines (700) less discounts (100) = 600');
    expect(run([...sale, ev('pos.receipt.closed', { total: 600, items: 4, lines: 2 })]).at(-1)).toMatch(/^payload.items: 4/);
    expect(run([...sale, ev('pos.receipt.closed', { total: 600, items: 3, lines: 3 })]).at(-1)).toMatch(/^payload.lines: 3/);
    const underpaid = sale.map((e) => (e.type === 'pos.payment.captured' ? ev('pos.payment.captured', { method: 'cash', amount: 500 }) : e));
    expect(run([...underpaid, ev('pos.receipt.closed', { total: 600, items: 3, lines: 2 })]).at(-1)).toMatch(/payments \(500\) do not cover the total \(600\)/);
  });

  it('rejects voids of unknown lines, double closes and post-voids of receipts never closed', () => {
    const s = fresh();
    run([ev('pos.receipt.opened', {})], s);
    expect(applyReceiptRules(ev('pos.item.voided', { lineId: 9 }), s)).toMatch(/^payload.lineId: line 9/);
    expect(applyReceiptRules(ev('pos.receipt.postvoided', { total: 1, items: 1 }, 'R-X'), s)).toMatch(/names no closed receipt/);
    const c = fresh();
    run([ev('pos.receipt.closed', { total: 0, items: 0, lines: 0 }, 'R2')], c);
    expect(applyReceiptRules(ev('pos.receipt.closed', { total: 0, items: 0, lines: 0 }, 'R2'), c)).toMatch(/already closed/);
  });

  it('accepts the close of a receipt it never saw open (the close is authoritative)', () => {
    expect(applyReceiptRules(ev('pos.receipt.closed', { total: 1234, items: 2, lines: 2 }, 'R-late'), fresh())).toBeUndefined();
  });

  it('changes nothing when it rejects an event (the validator applies the rules without copies)', () => {
    const s = fresh();
    run([...sale, ev('pos.receipt.closed', { total: 600, items: 3, lines: 2 }), ev('pos.receipt.opened', {}, 'R2')], s);
    run([ev('pos.item.added', { lineId: 1, sku: 'A', qty: 1, unitPrice: 100, entry: 'scanned' }, 'R2'), ev('pos.payment.captured', { method: 'card', amount: 50 }, 'R2')], s);
    const rejected = [
      ev('pos.item.voided', { lineId: 9 }, 'R2'),
      ev('pos.price.overridden', { lineId: 9, oldPrice: 1, newPrice: 2, reason: 'x' }, 'R2'),
      ev('pos.receipt.closed', { total: 100, items: 1, lines: 1 }, 'R2'),
      ev('pos.receipt.closed', { total: 99, items: 1, lines: 1 }, 'R2'),
      ev('pos.receipt.closed', { total: 100, items: 2, lines: 1 }, 'R2'),
      ev('pos.receipt.closed', { total: 100, items: 1, lines: 2 }, 'R2'),
      ev('pos.receipt.closed', { total: 600, items: 3, lines: 2 }),
      ev('pos.receipt.postvoided', { total: 1, items: 1 }, 'R-X'),
      ev('pos.receipt.postvoided', { total: 601, items: 3 }),
    ];
    for (const e of rejected) {
      const before = structuredClone(s);
      expect(applyReceiptRules(e, s), e.type).toBeDefined();
      expect(s, e.type).toEqual(before);
    }
  });
});
