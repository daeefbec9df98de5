import { describe, expect, it } from 'vitest';
import { percentOffUnit, promotionDiscounts, type BasketLine } from './promotion-discount';

const line = (lineId: number, sku: string, qty: number, unitPrice: number): BasketLine => ({ lineId, sku, qty, unitPrice });
const all = () => true;
const only =
  (...skus: string[]) =>
  (sku: string) =>
    skus.includes(sku);

describe('promotion discounts', () => {
  it('percent off: per unit, rounded half a cent up, times qty; uncovered lines get nothing', () => {
    expect(percentOffUnit(199, 15)).toBe(30); // 29.85
    expect(percentOffUnit(190, 25)).toBe(48); // 47.5 → up
    expect(percentOffUnit(199, 100)).toBe(199);
    const lines = [line(1, 'A', 3, 199), line(2, 'B', 1, 1000), line(3, 'A', 1, 1)];
    expect(promotionDiscounts({ kind: 'percent_off', value: 15, skus: ['A'] }, lines, only('A'))).toEqual([{ lineId: 1, amount: 90 }]);
    expect(promotionDiscounts({ kind: 'percent_off', value: 50, skus: ['A'] }, lines, only('A'))).toEqual([{ lineId: 1, amount: 300 }, { lineId: 3, amount: 1 }]);
  });

  it('amount off: per unit, never below a price of 0', () => {
    const lines = [line(1, 'A', 2, 500), line(2, 'A', 3, 80)];
    expect(promotionDiscounts({ kind: 'amount_off', value: 100, skus: ['A'] }, lines, all)).toEqual([
      { lineId: 1, amount: 200 },
      { lineId: 2, amount: 240 },
    ]);
  });

  it('multi-buy: groups of buyQty in price order, dearest first; the cheapest of each group free', () => {
    const p = { kind: 'multi_buy' as const, value: 2, skus: ['A', 'B', 'C'] };
    // Units by price: 300 300 250 | 200 100 100 | 100: two groups; free: 250 (line 2) and 100 (line 3, its first unit).
    const lines = [line(1, 'A', 2, 300), line(2, 'B', 1, 250), line(3, 'C', 3, 100), line(4, 'D', 5, 999), line(5, 'A', 1, 200)];
    expect(promotionDiscounts(p, lines, only('A', 'B', 'C'))).toEqual([
      { lineId: 2, amount: 250 },
      { lineId: 3, amount: 100 },
    ]);
    // Fewer than a group: nothing.
    expect(promotionDiscounts(p, [line(1, 'A', 2, 300)], all)).toEqual([]);
    // 5 for 3 (buyQty 5, value 3): two free per group of five.
    expect(promotionDiscounts({ kind: 'multi_buy', value: 3, buyQty: 5, skus: ['A'] }, [line(1, 'A', 11, 120)], all)).toEqual([{ lineId: 1, amount: 480 }]);
    // Equal prices: ties go by lineId, so the later lines' units are the free ones.
    expect(promotionDiscounts(p, [line(1, 'A', 1, 100), line(2, 'B', 1, 100), line(3, 'C', 1, 100)], all)).toEqual([{ lineId: 3, amount: 100 }]);
  });

  it('bundle: per complete set, the price above the bundle price, split over the set’s lines by price', () => {
    const p = { kind: 'bundle' as const, value: 500, skus: ['A', 'B'] };
    // Two A, one B: one set (A 400 + B 200 = 600 → 100 off: 66 on A, 33 on B, 1 cent left to A).
    expect(promotionDiscounts(p, [line(1, 'A', 2, 400), line(2, 'B', 1, 200)], all)).toEqual([
      { lineId: 1, amount: 67 },
      { lineId: 2, amount: 33 },
    ]);
    // Two sets across lines.
    expect(promotionDiscounts(p, [line(1, 'A', 1, 400), line(2, 'B', 2, 200), line(3, 'A', 1, 400)], all)).toEqual([
      { lineId: 1, amount: 67 },
      { lineId: 2, amount: 66 },
      { lineId: 3, amount: 67 },
    ]);
    // A set cheaper than the bundle price: no discount; an incomplete set: none.
    expect(promotionDiscounts(p, [line(1, 'A', 1, 300), line(2, 'B', 1, 100)], all)).toEqual([]);
    expect(promotionDiscounts(p, [line(1, 'A', 3, 400)], all)).toEqual([]);
  });

  it('never discounts a line by more than it costs', () => {
    const lines = [line(1, 'A', 1, 1), line(2, 'B', 1, 0), line(3, 'C', 1, 999)];
    for (const value of [0, 1, 2, 500, 999]) {
      const d = promotionDiscounts({ kind: 'bundle', value, skus: ['A', 'B', 'C'] }, lines, all);
      for (const x of d) expect(x.amount).toBeLessThanOrEqual(lines.find((l) => l.lineId === x.lineId)!.unitPrice);
      expect(d.reduce((s, x) => s + x.amount, 0)).toBe(Math.max(0, 1000 - value));
    }
  });
});
