import { describe, expect, it } from 'vitest';
import { assembleJournal, attachedTillEvents, type JournalRow } from './journal-assemble';

let seq = 0;
const T0 = Date.parse('2026-11-20T10:00:00Z');
function ev(type: string, payload: Record<string, unknown> = {}, o: Partial<JournalRow> = {}): JournalRow {
  seq += 1;
  return { id: `e${seq}`, type, source: 'till-S001-T01', seq, ms: T0 + seq * 1000, storeId: 'S001', tillId: 'S001-T01', cashierId: 'C0001', receiptId: 'R1', payload, ...o };
}

describe('attachedTillEvents', () => {
  it('takes an elevation just before one of the receipt’s events and the drawer after one, not another receipt’s', () => {
    seq = 0;
    const rows = [
      ev('pos.cashier.elevated', { supervisorId: 'SUP1', action: 'other' }, { receiptId: '' }),
      ev('pos.receipt.opened', {}, { receiptId: 'R0' }),
      ev('pos.receipt.closed', { total: 1, items: 1, lines: 1 }, { receiptId: 'R0' }),
      ev('pos.receipt.opened'),
      ev('pos.cashier.elevated', { supervisorId: 'SUP2', action: 'price override' }, { receiptId: '' }),
      ev('pos.price.overridden', { lineId: 1, oldPrice: 100, newPrice: 50, reason: 'x', supervisorId: 'SUP2' }),
      ev('pos.receipt.closed', { total: 50, items: 1, lines: 1 }),
      ev('pos.drawer.opened', { reason: 'sale' }, { receiptId: '' }),
      ev('pos.drawer.closed', { openSeconds: 4 }, { receiptId: '' }),
      ev('pos.cashier.elevated', { supervisorId: 'SUP3', action: 'post-void' }, { receiptId: '' }),
      ev('pos.receipt.opened', {}, { receiptId: 'R2' }),
    ];
    expect(attachedTillEvents('R1', rows).map((r) => r.id)).toEqual(['e5', 'e8', 'e9']);
    expect(attachedTillEvents('R2', rows).map((r) => r.id)).toEqual(['e10']);
  });
});

describe('assembleJournal', () => {
  it('orders every event, marks approvals, and sums lines after voids, quantity changes and overrides', () => {
    seq = 0;
    const receiptRows = [
      ev('pos.receipt.opened'),
      ev('pos.item.added', { lineId: 1, sku: 'A', qty: 1, unitPrice: 250, entry: 'scanned' }),
      ev('pos.item.added', { lineId: 2, sku: 'B', qty: 1, unitPrice: 1000, entry: 'keyed' }),
      ev('pos.item.quantity.changed', { lineId: 1, oldQty: 1, newQty: 3 }),
      ev('pos.price.overridden', { lineId: 2, oldPrice: 1000, newPrice: 600, reason: 'damaged', supervisorId: 'SUP9' }),
      ev('pos.item.added', { lineId: 3, sku: 'C', qty: 2, unitPrice: 99, entry: 'scanned' }),
      ev('pos.item.voided', { lineId: 3 }),
      ev('pos.discount.applied', { kind: 'employee', amount: 135 }),
      ev('pos.payment.declined', { method: 'card', amount: 1215, reason: 'pin' }),
      ev('pos.payment.captured', { method: 'cash', amount: 1215 }),
      ev('pos.change.given', { amount: 785 }),
      ev('pos.receipt.closed', { total: 1215, items: 4, lines: 2 }),
    ];
    const tillRows = [ev('pos.drawer.opened', { reason: 'sale' }, { receiptId: '' }), ev('pos.cashier.elevated', { supervisorId: 'SUP9', action: 'post-void' }, { receiptId: '' })];
    const pv = ev('pos.receipt.postvoided', { total: 1215, items: 4, reason: 'dup', supervisorId: 'SUP9' });
    const refund = ev('pos.refund.issued', { amount: 250, withReceipt: true, originalReceiptId: 'R1', method: 'cash', lines: [{ sku: 'A', qty: 1 }] }, { receiptId: 'R7', tillId: 'S001-T02', source: 'till-S001-T02' });
    // Given out of order: the journal sorts.
    const { events, summary } = assembleJournal('R1', { receiptRows: [pv, ...receiptRows].reverse(), refundRows: [refund], tillRows: [...tillRows, ...receiptRows, pv] });
    expect(events.map((e) => e.id)).toEqual([...receiptRows, ...tillRows, pv, refund].map((e) => e.id));
    expect(events.filter((e) => e.approval).map((e) => e.type)).toEqual(['pos.price.overridden', 'pos.cashier.elevated', 'pos.receipt.postvoided']);
    expect(events.find((e) => e.id === refund.id)?.relation).toBe('refund');
    expect(events.find((e) => e.type === 'pos.drawer.opened')?.relation).toBe('till');
    expect(summary.lines.map((l) => [l.lineId, l.qty, l.unitPrice, l.value, l.voided])).toEqual([
      [1, 3, 250, 750, false],
      [2, 1, 600, 600, false],
      [3, 2, 99, 0, true],
    ]);
    expect(summary.subtotal).toBe(1350);
    expect(summary.discountTotal).toBe(135);
    expect(summary.computedTotal).toBe(1215);
    expect(summary.total).toBe(1215);
    expect(summary.payments).toEqual([{ method: 'cash', amount: 1215 }]);
    expect(summary.declined).toHaveLength(1);
    expect(summary.changeGiven).toBe(785);
    expect(summary.status).toBe('postvoided');
    expect(summary.postVoid).toMatchObject({ supervisorId: 'SUP9', total: 1215 });
    expect(summary.refundedBy).toEqual([expect.objectContaining({ receiptId: 'R7', amount: 250, withReceipt: true })]);
    expect(summary.approvals.map((a) => a.action)).toEqual(['price override', 'post-void', 'post-void']);
    expect(summary.tills).toEqual(['S001-T01']);
  });

  it('a refund receipt and a voided one', () => {
    seq = 0;
    const r = assembleJournal('R9', {
      receiptRows: [ev('pos.refund.issued', { amount: 500, withReceipt: false, method: 'cash', lines: [{ sku: 'Z', qty: 1 }] }, { receiptId: 'R9' })],
      refundRows: [],
      tillRows: [],
    });
    expect(r.summary.status).toBe('refund');
    expect(r.summary.refund).toMatchObject({ amount: 500, withReceipt: false });
    const v = assembleJournal('R1', { receiptRows: [ev('pos.receipt.opened'), ev('pos.receipt.voided', { reason: 'customer left' })], refundRows: [], tillRows: [] });
    expect(v.summary.status).toBe('voided');
    expect(v.summary.voidReason).toBe('customer left');
  });
});
