import { describe, expect, it } from 'vitest';
import {
  avgItemValue,
  avgItemValueVsStore,
  COUNT_METRICS,
  emptyMetrics,
  isOtherTender,
  lineAt,
  METRICS,
  metricIncrements,
  nextTillShift,
  per100Receipts,
  ratesOf,
  shiftOf,
  SHIFT_MAX_MS,
  TENDER_WINDOW_MS,
  type LineFact,
  type TillShift,
} from './exception-metrics';

const ev = (type: string, payload: Record<string, unknown> = {}, amount = 0, units = 0) => ({ type, payload, amount, units });
let seq = 0;
const fact = (type: string, line_id: number, units = 0, unit_price = 0, source = 'T1'): LineFact => ({ type, source, seq: ++seq, occurred_at: `2026-11-21 10:00:${String(seq % 60).padStart(2, '0')}.000`, line_id, units, unit_price });

describe('the metric list', () => {
  it('has unique names, codes and columns, and a definition for each', () => {
    const names = METRICS.map((m) => m.name);
    const codes = METRICS.map((m) => m.code);
    const columns = METRICS.map((m) => m.column).filter((c) => c !== null);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(columns).size).toBe(columns.length);
    for (const m of METRICS) expect(m.definition.length, m.name).toBeGreaterThan(5);
    // Codes never hold the separator of the worker's hash fields.
    for (const c of codes) expect(c).toMatch(/^[a-z]+$/);
  });
});

describe('metricIncrements', () => {
  it('counts each event type as docs/kpis.md defines it', () => {
    expect(metricIncrements(ev('pos.receipt.closed', {}, 1234, 5))).toEqual({ receipts: 1, items: 5, sales: 1234 });
    expect(metricIncrements(ev('pos.receipt.postvoided', {}, 1234, 5))).toEqual({ receipts: -1, items: -5, sales: -1234, postVoids: 1, postVoidAmount: 1234 });
    expect(metricIncrements(ev('pos.item.added', { entry: 'scanned' }))).toEqual({ lines: 1 });
    expect(metricIncrements(ev('pos.item.added', { entry: 'keyed' }))).toEqual({ lines: 1, keyedLines: 1 });
    expect(metricIncrements(ev('pos.item.voided'), { qty: 2, price: 150 })).toEqual({ lineVoids: 1, lineVoidAmount: 300 });
    expect(metricIncrements(ev('pos.item.voided'), null)).toEqual({ lineVoids: 1, lineVoidAmount: 0 });
    expect(metricIncrements(ev('pos.receipt.voided'))).toEqual({ receiptVoids: 1 });
    expect(metricIncrements(ev('pos.price.overridden', { oldPrice: 200, newPrice: 120 }), { qty: 3, price: 200 })).toEqual({ priceOverrides: 1, priceOverrideAmount: 240 });
    expect(metricIncrements(ev('pos.price.overridden', { oldPrice: 200, newPrice: 120 }), null)).toEqual({ priceOverrides: 1, priceOverrideAmount: 80 });
    expect(metricIncrements(ev('pos.price.overridden', { oldPrice: 100, newPrice: 130 }), { qty: 1, price: 100 })).toEqual({ priceOverrides: 1, priceOverrideAmount: -30 });
    expect(metricIncrements(ev('pos.discount.applied', { kind: 'employee' }, 90))).toEqual({ employeeDiscounts: 1, employeeDiscountAmount: 90 });
    expect(metricIncrements(ev('pos.discount.applied', { kind: 'manual' }, 40))).toEqual({ manualDiscounts: 1, manualDiscountAmount: 40 });
    expect(metricIncrements(ev('pos.discount.applied', { kind: 'promotion' }, 40))).toEqual({});
    expect(metricIncrements(ev('pos.refund.issued', { withReceipt: true }, 500))).toEqual({ refundsWithReceipt: 1, refundWithReceiptAmount: 500 });
    expect(metricIncrements(ev('pos.refund.issued', { withReceipt: false }, 700))).toEqual({ refundsWithoutReceipt: 1, refundWithoutReceiptAmount: 700 });
    expect(metricIncrements(ev('pos.drawer.opened', { reason: 'no_sale' }))).toEqual({ noSaleOpens: 1 });
    expect(metricIncrements(ev('pos.drawer.opened', { reason: 'sale' }))).toEqual({});
    expect(metricIncrements(ev('pos.report.z', { expectedCash: 10_000, countedCash: 9_000 }))).toEqual({ cashShortages: 1, cashShortageAmount: 1000 });
    expect(metricIncrements(ev('pos.report.z', { expectedCash: 10_000, countedCash: 10_200 }))).toEqual({});
    expect(metricIncrements(ev('pos.report.z', { expectedCash: 10_000, countedCash: 10_000 }))).toEqual({});
    expect(metricIncrements(ev('pos.sco.assist.requested', { reason: 'age_check' }))).toEqual({ scoAssists: 1 });
    expect(metricIncrements(ev('pos.cashier.login'))).toEqual({});
  });
});

describe('lineAt', () => {
  it('is the added line with its later quantity changes and overrides, in seq order; null once voided or never added', () => {
    const facts = [fact('pos.item.added', 1, 2, 100), fact('pos.item.added', 2, 1, 500), fact('pos.price.overridden', 1, 0, 80), fact('pos.item.quantity.changed', 1, 3, 0), fact('pos.item.voided', 2)];
    expect(lineAt(facts, 1)).toEqual({ qty: 3, price: 80 });
    expect(lineAt([...facts].reverse(), 1)).toEqual({ qty: 3, price: 80 });
    expect(lineAt(facts, 2)).toBeNull();
    expect(lineAt(facts, 3)).toBeNull();
    // A duplicate counts once; an override of an unknown line changes nothing.
    expect(lineAt([...facts, facts[2]!], 1)).toEqual({ qty: 3, price: 80 });
    expect(lineAt([fact('pos.price.overridden', 7, 0, 10)], 7)).toBeNull();
  });
});

describe('shifts', () => {
  const open: TillShift = { shiftId: 'SH1', open: true, ms: 1000, seq: 10 };
  it('an opened shift takes what follows; a closed one its close and the Z report; none past a day', () => {
    expect(shiftOf(undefined, 'pos.item.added', 5000)).toBe('');
    expect(shiftOf(open, 'pos.item.added', 5000)).toBe('SH1');
    expect(shiftOf(open, 'pos.item.added', 1000 + SHIFT_MAX_MS)).toBe('SH1');
    expect(shiftOf(open, 'pos.item.added', 1001 + SHIFT_MAX_MS)).toBe('');
    const closed = nextTillShift(open, { type: 'pos.shift.closed', seq: 20, ms: 9000, shiftId: 'SH1' });
    expect(closed).toEqual({ shiftId: 'SH1', open: false, ms: 9000, seq: 20 });
    expect(shiftOf(closed, 'pos.shift.closed', 9000)).toBe('SH1');
    expect(shiftOf(closed, 'pos.report.z', 9500)).toBe('SH1');
    expect(shiftOf(closed, 'pos.drawer.opened', 9500)).toBe('');
  });
  it('moves only forward in the till’s seq, and only on shift events', () => {
    expect(nextTillShift(open, { type: 'pos.item.added', seq: 30, ms: 5, shiftId: '' })).toBe(open);
    expect(nextTillShift(open, { type: 'pos.shift.opened', seq: 9, ms: 5, shiftId: 'OLD' })).toBe(open);
    expect(nextTillShift(open, { type: 'pos.shift.opened', seq: 11, ms: 5, shiftId: 'SH2' })).toEqual({ shiftId: 'SH2', open: true, ms: 5, seq: 11 });
    expect(nextTillShift(undefined, { type: 'pos.shift.closed', seq: 1, ms: 5, shiftId: 'SH0' })).toEqual({ shiftId: 'SH0', open: false, ms: 5, seq: 1 });
  });
});

describe('refunds to another tender', () => {
  const original = { closedMs: 1_000_000, methods: ['card', 'voucher'] };
  it('is a refund within the window whose method the sale did not use', () => {
    expect(isOtherTender({ ms: 2_000_000, method: 'cash' }, original)).toBe(true);
    expect(isOtherTender({ ms: 2_000_000, method: 'card' }, original)).toBe(false);
    expect(isOtherTender({ ms: 1_000_000 + TENDER_WINDOW_MS, method: 'cash' }, original)).toBe(true);
    expect(isOtherTender({ ms: 1_000_001 + TENDER_WINDOW_MS, method: 'cash' }, original)).toBe(false);
    expect(isOtherTender({ ms: 999_999, method: 'cash' }, original)).toBe(false);
    expect(isOtherTender({ ms: 2_000_000, method: 'gift' }, { closedMs: 1_000_000, methods: [] })).toBe(true);
  });
});

describe('rates and average item value', () => {
  it('per 100 receipts with 2 decimals, null without receipts', () => {
    expect(per100Receipts(3, 7)).toBe(42.86);
    expect(per100Receipts(0, 7)).toBe(0);
    expect(per100Receipts(3, 0)).toBeNull();
    expect(per100Receipts(3, -1)).toBeNull();
    const m = { ...emptyMetrics(), receipts: 200, lineVoids: 5, noSaleOpens: 1, sales: 100_000, items: 400 };
    const r = ratesOf(m);
    expect(Object.keys(r).sort()).toEqual([...COUNT_METRICS].sort());
    expect(r.lineVoids).toBe(2.5);
    expect(r.noSaleOpens).toBe(0.5);
    expect(avgItemValue(m)).toBe(250);
    expect(avgItemValue({ sales: 100, items: 0 })).toBeNull();
    expect(avgItemValueVsStore(200, 250)).toBe(0.8);
    expect(avgItemValueVsStore(null, 250)).toBeNull();
    expect(avgItemValueVsStore(200, 0)).toBeNull();
  });
});
