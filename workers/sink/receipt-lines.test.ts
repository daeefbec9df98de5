import { describe, expect, it } from 'vitest';
import { resolveLines, type LineEvent } from './receipt-lines';

let seq = 0;
const ev = (type: string, f: Partial<LineEvent> = {}): LineEvent => ({
  type,
  source: 'S001-T01',
  seq: ++seq,
  occurred_at: `2026-11-21 10:00:${String(seq % 60).padStart(2, '0')}.000`,
  line_id: 0,
  sku: '',
  units: 0,
  unit_price: 0,
  ...f,
});
const add = (line_id: number, sku: string, units: number, unit_price: number) => ev('pos.item.added', { line_id, sku, units, unit_price });

describe('resolveLines: what a receipt closes with', () => {
  it('keeps added lines, drops voided ones, applies the last price and quantity', () => {
    const events = [
      add(1, 'A', 2, 100),
      add(2, 'B', 1, 250),
      ev('pos.price.overridden', { line_id: 1, unit_price: 80 }),
      add(3, 'C', 1, 999),
      ev('pos.item.voided', { line_id: 3 }),
      ev('pos.item.quantity.changed', { line_id: 2, units: 3 }),
      ev('pos.price.overridden', { line_id: 1, unit_price: 70 }),
    ];
    expect(resolveLines(events)).toEqual({ skus: ['A', 'B'], qtys: [2, 3], values: [140, 750] });
  });

  it('orders by seq whatever order the events arrive in, and counts a duplicate once', () => {
    const a = add(1, 'A', 1, 100);
    const v = ev('pos.item.voided', { line_id: 1 });
    const b = add(2, 'B', 1, 100);
    expect(resolveLines([v, b, a, a])).toEqual({ skus: ['B'], qtys: [1], values: [100] });
  });

  it('ignores other event types, and is empty for no lines', () => {
    expect(resolveLines([ev('pos.receipt.opened'), ev('pos.discount.applied', { line_id: 1 })])).toEqual({ skus: [], qtys: [], values: [] });
  });

  it('orders events of several sources by time', () => {
    const a = add(1, 'A', 1, 100);
    const late = { ...ev('pos.item.voided', { line_id: 1 }), source: 'S001-T02', seq: 1, occurred_at: '2026-11-21 11:00:00.000' };
    expect(resolveLines([late, a]).skus).toEqual([]);
  });
});
