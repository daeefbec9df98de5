import { describe, expect, it } from 'vitest';
import { overlapsOf, type Footprint } from './promotion-overlap';

const H = 3_600_000;
const fp = (promotionId: string, storeIds: string[] | null, fromH: number, toH: number, skus: string[]): Footprint => ({ promotionId, name: promotionId, storeIds, fromMs: fromH * H, toMs: toH * H, skus: new Set(skus) });

describe('promotions that overlap', () => {
  it('share SKUs, stores and time, and say what they share', () => {
    const p = fp('P', ['S001', 'S002'], 0, 48, ['A', 'B', 'C']);
    const [o] = overlapsOf(p, [fp('Q', null, 24, 72, ['C', 'B', 'Z'])]);
    expect(o).toEqual({ promotionId: 'Q', name: 'Q', skus: ['B', 'C'], skuCount: 2, storeIds: ['S001', 'S002'], from: new Date(24 * H).toISOString(), to: new Date(48 * H).toISOString() });
  });

  it('do not when any of the three is apart: other SKUs, other stores, or one ends as the other starts', () => {
    const p = fp('P', ['S001'], 0, 48, ['A']);
    expect(overlapsOf(p, [fp('Q', ['S001'], 0, 48, ['B']), fp('R', ['S002'], 0, 48, ['A']), fp('T', null, 48, 96, ['A']), fp('P', ['S001'], 0, 48, ['A'])])).toEqual([]);
  });

  it('every store against every store is every store', () => {
    expect(overlapsOf(fp('P', null, 0, 1, ['A']), [fp('Q', null, 0, 1, ['A'])])[0]!.storeIds).toBeNull();
  });
});
