import { describe, expect, it } from 'vitest';
import { buildChain } from './build-chain';

describe('buildChain', () => {
  const chain = buildChain({ seed: 1, stores: 12, tills: 6, skus: 2400, dishonest: 3 });

  it('makes 12 stores in 3 regions and 2 timezones, 6 tills each with one self-checkout', () => {
    expect(chain.stores).toHaveLength(12);
    expect(new Set(chain.stores.map((s) => s.region)).size).toBe(3);
    expect(new Set(chain.stores.map((s) => s.timezone)).size).toBe(2);
    for (const s of chain.stores) {
      expect(s.tills).toHaveLength(6);
      expect(s.tills.filter((t) => t.selfCheckout)).toHaveLength(1);
      expect(s.cashiers.length).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(chain.stores.map((s) => s.format.key))).toEqual(new Set(['hypermarket', 'supermarket', 'express']));
  });

  it('has a catalog of 2,400 SKUs in categories, with shelf prices and age-restricted goods', () => {
    expect(chain.skus).toHaveLength(2400);
    expect(new Set(chain.skus.map((s) => s.sku)).size).toBe(2400);
    expect(new Set(chain.skus.map((s) => s.category)).size).toBeGreaterThanOrEqual(12);
    for (const s of chain.skus) {
      expect(Number.isInteger(s.price) && s.price > 0).toBe(true);
      expect([29, 49, 79, 99]).toContain(s.price % 100);
    }
    expect(chain.skus.some((s) => s.ageRestricted)).toBe(true);
  });

  it('plants the asked number of dishonest cashiers, one per store, with different schemes', () => {
    const planted = chain.stores.flatMap((s) => s.cashiers.filter((c) => c.dishonest));
    expect(planted).toHaveLength(3);
    expect(new Set(planted.map((c) => c.storeId)).size).toBe(3);
    expect(new Set(planted.map((c) => c.dishonest))).toEqual(new Set(['sweethearting', 'refund_fraud', 'cash_skimming']));
    expect(buildChain({ seed: 1, stores: 12, tills: 6, skus: 2400, dishonest: 0 }).stores.flatMap((s) => s.cashiers.filter((c) => c.dishonest))).toHaveLength(0);
  });

  it('trades around the clock when asked: every store, every day, 24 hours at a flat busy traffic, in three shifts', () => {
    const open = buildChain({ seed: 1, stores: 12, tills: 6, skus: 2400, dishonest: 3, aroundTheClock: true });
    expect(open.stores.map((s) => [s.id, s.format.key, s.name])).toEqual(chain.stores.map((s) => [s.id, s.format.key, s.name]));
    for (const s of open.stores) {
      for (let wd = 0; wd < 7; wd++) expect(s.format.hours(wd)).toEqual([0, 1440]);
      expect([0, 3 * 60, 12 * 60, 23 * 60 + 59].map((m) => s.format.traffic(m))).toEqual([1.2, 1.2, 1.2, 1.2]);
      expect(s.format.peakTraffic).toBe(1.2);
      expect(s.format.shiftsPerDay).toBe(3);
    }
    // Without it, a supermarket closes at night and its traffic follows the daily curve.
    const usual = chain.stores.find((s) => s.format.key === 'supermarket')!.format;
    expect(usual.hours(2)).toEqual([8 * 60 + 30, 21 * 60 + 30]);
    expect(usual.traffic(3 * 60)).toBeLessThan(0.05);
    expect(usual.peakTraffic).toBe(1.5);
  });

  it('is the same for the same seed', () => {
    expect(JSON.stringify(buildChain({ seed: 1, stores: 12, tills: 6, skus: 2400, dishonest: 3 }).stores)).toBe(JSON.stringify(chain.stores));
  });
});
