import { describe, expect, it } from 'vitest';
import type { ExceptionGroup } from '../../lib/loss/exception-answers';
import { emptyMetrics, type ExceptionMetrics } from '../../lib/loss/exception-metrics';
import { DEFAULT_WEIGHTS } from '../../lib/loss/risk-signals';
import { figuresOf } from './exceptions-service';
import { rankCashiers } from './risk-ranking';

/**
 * How the ranking is assembled from the exceptions answer's cashier groups: ranks over the
 * scope and per store, peers per store and kind of till, the drivers with the cashier's own
 * figures, the weights in force, and cashiers not scored listed last. The statistics
 * themselves are lib/loss/risk-score.test.ts's.
 */
const group = (storeId: string, cashierId: string, m: Partial<ExceptionMetrics>): ExceptionGroup => ({
  storeId,
  tillId: null,
  cashierId,
  ...figuresOf({ ...emptyMetrics(), ...m }),
  avgItemValueVsStore: null,
});
/** An ordinary day at a staffed till: a few voids, a no-sale opening, an override. */
const honest = (storeId: string, cashierId: string, i: number, more: Partial<ExceptionMetrics> = {}) =>
  group(storeId, cashierId, {
    receipts: 300 + 10 * i,
    items: 2400 + 50 * i,
    sales: 600_000 + 9_000 * i,
    lines: 2000,
    lineVoids: 20 + (i % 3),
    lineVoidAmount: 5_000 + 200 * i,
    noSaleOpens: 1 + (i % 2),
    priceOverrides: 1,
    priceOverrideAmount: 120,
    postVoids: i % 2,
    postVoidAmount: 3_000 * (i % 2),
    ...more,
  });

const S1 = [0, 1, 2, 3, 4].map((i) => honest('S001', `C10${i}`, i));
const S2 = [0, 1, 2, 3, 4].map((i) => honest('S002', `C20${i}`, i));
const skimmer = honest('S001', 'C199', 2, { noSaleOpens: 30, cashShortages: 2, cashShortageAmount: 18_000 });
const refunder = honest('S002', 'C299', 1, { postVoids: 14, postVoidAmount: 40_000, refundsWithoutReceipt: 9, refundWithoutReceiptAmount: 12_000 });
const sco = group('S001', 'S001-SCO', { receipts: 400, items: 3000, sales: 700_000, lineVoids: 4 });
const newcomer = group('S002', 'C298', { receipts: 6, items: 40, sales: 9_000, lineVoids: 3 });
const GROUPS = [...S1, skimmer, sco, ...S2, refunder, newcomer];

describe('the risk ranking of a period’s cashiers', () => {
  const ranked = rankCashiers(GROUPS, DEFAULT_WEIGHTS);

  it('ranks every scored cashier over the scope and within its store, then lists those not scored', () => {
    expect(ranked).toHaveLength(GROUPS.length);
    const scored = ranked.filter((r) => r.score !== null);
    expect(scored.map((r) => r.rank)).toEqual(scored.map((_, i) => i + 1));
    for (let i = 1; i < scored.length; i++) expect(scored[i]!.score!).toBeLessThanOrEqual(scored[i - 1]!.score!);
    for (const store of ['S001', 'S002']) {
      const mine = scored.filter((r) => r.storeId === store);
      expect(mine.map((r) => r.storeRank)).toEqual(mine.map((_, i) => i + 1));
    }
    // The two planted patterns on top, each first of its store.
    expect(new Set(scored.slice(0, 2).map((r) => r.cashierId))).toEqual(new Set(['C199', 'C299']));
    expect(scored.filter((r) => r.storeRank === 1).map((r) => r.cashierId).sort()).toEqual(['C199', 'C299']);
    // Last, by store and id: the self-checkout (no peer of its kind) and a cashier under 10 receipts.
    expect(ranked.slice(-2).map((r) => [r.cashierId, r.rank, r.storeRank, r.score])).toEqual([
      ['S001-SCO', null, null, null],
      ['C298', null, null, null],
    ]);
  });

  it('compares a cashier with the other scored cashiers of its store and kind of till', () => {
    const of = (id: string) => ranked.find((r) => r.cashierId === id)!;
    expect(of('C101')).toMatchObject({ tillKind: 'staffed', peers: 5 });
    expect(of('C201')).toMatchObject({ tillKind: 'staffed', peers: 5 });
    expect(of('S001-SCO')).toMatchObject({ tillKind: 'sco', peers: 0 });
    expect(of('C298')).toMatchObject({ tillKind: 'staffed', peers: 6, receipts: 6 });
  });

  it('shows the exceptions that drive a score beside the cashier’s own figures, per 100 receipts', () => {
    const c = ranked.find((r) => r.cashierId === 'C199')!;
    const noSale = c.drivers.find((d) => d.metric === 'noSaleOpens')!;
    expect(noSale).toMatchObject({ kind: 'count', weight: DEFAULT_WEIGHTS.noSaleOpens, value: 30, z: 8, contribution: 8 * DEFAULT_WEIGHTS.noSaleOpens });
    // 30 openings in 320 receipts, shrunk toward the group's pooled rate by 30 pseudo-receipts.
    expect(noSale.rate).toBeGreaterThan(7);
    expect(noSale.rate).toBeLessThan((30 * 100) / 320);
    expect(noSale.peerMedian).toBeLessThan(1);
    const short = c.drivers.find((d) => d.metric === 'cashShortageAmount')!;
    expect(short).toMatchObject({ kind: 'amount', value: 18_000 });
    expect(c.drivers.map((d) => d.contribution)).toEqual([...c.drivers.map((d) => d.contribution)].sort((a, b) => b - a));
    for (const d of c.drivers) expect(d.z).toBeGreaterThanOrEqual(1);
    const r = ranked.find((x) => x.cashierId === 'C299')!;
    expect(r.drivers.slice(0, 2).map((d) => d.metric).sort()).toEqual(['postVoids', 'refundsWithoutReceipt']);
    expect(r.drivers.find((d) => d.metric === 'postVoids')).toMatchObject({ value: 14 });
  });

  it('ranks with the weights given: a signal weighted 0 drives nothing', () => {
    const without = rankCashiers(GROUPS, { ...DEFAULT_WEIGHTS, noSaleOpens: 0, cashShortages: 0, cashShortageAmount: 0 });
    const c = without.find((r) => r.cashierId === 'C199')!;
    expect(c.drivers.map((d) => d.metric)).not.toContain('noSaleOpens');
    expect(c.score!).toBeLessThan(ranked.find((r) => r.cashierId === 'C199')!.score!);
    expect(without[0]!.cashierId).toBe('C299');
  });

  it('ranks a cashier who worked at two stores at each against that store’s peers', () => {
    const twice = rankCashiers([...GROUPS, honest('S002', 'C199', 3)], DEFAULT_WEIGHTS).filter((r) => r.cashierId === 'C199');
    expect(twice.map((r) => r.storeId).sort()).toEqual(['S001', 'S002']);
    expect(twice.find((r) => r.storeId === 'S001')!.storeRank).toBe(1);
    expect(twice.find((r) => r.storeId === 'S002')!.storeRank).not.toBe(1);
  });

  it('is the same whatever the order of the groups', () => {
    expect(rankCashiers([...GROUPS].reverse(), DEFAULT_WEIGHTS)).toEqual(ranked);
  });

  it('ranks nobody without cashier groups', () => {
    expect(rankCashiers([], DEFAULT_WEIGHTS)).toEqual([]);
    expect(rankCashiers([{ ...S1[0]!, cashierId: null }], DEFAULT_WEIGHTS)).toEqual([]);
  });
});
