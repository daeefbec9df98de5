import { describe, expect, it } from 'vitest';
import { scoreCashiers, type CashierSample, type RiskSignal } from './risk-score';

const signals: RiskSignal[] = [
  { metric: 'refundsWithoutReceipt', direction: 'high', weight: 1 },
  { metric: 'noSaleOpens', direction: 'high', weight: 1 },
  { metric: 'averageItemValue', direction: 'low', weight: 1 },
];

const cashier = (id: string, receipts: number, refunds: number, noSale: number, avgItem = 250, storeId = 'S001', tillKind: 'staffed' | 'sco' = 'staffed'): CashierSample => ({
  cashierId: id,
  storeId,
  tillKind,
  receipts,
  values: { refundsWithoutReceipt: refunds, noSaleOpens: noSale, averageItemValue: avgItem },
  exposures: { averageItemValue: receipts * 10 },
});

describe('the risk score', () => {
  const honest = Array.from({ length: 8 }, (_, i) => cashier(`C${i}`, 400 + i * 10, 2 + (i % 3), 3 + (i % 2), 240 + i * 3));

  it('puts a cashier whose exceptions stand out from store peers on top, with the exceptions that drive it', () => {
    const scores = scoreCashiers([...honest, cashier('BAD', 410, 25, 4)], signals);
    expect(scores[0]!.cashierId).toBe('BAD');
    expect(scores[0]!.drivers[0]!.metric).toBe('refundsWithoutReceipt');
    expect(scores[0]!.score).toBeGreaterThan(3 * (scores[1]!.score ?? 0));
  });

  it('reads a low average item value (sweethearting) as suspicious, a high one not', () => {
    const low = scoreCashiers([...honest, cashier('LOW', 410, 3, 3, 90)], signals);
    expect(low[0]!.cashierId).toBe('LOW');
    expect(low[0]!.drivers.map((d) => d.metric)).toEqual(['averageItemValue']);
    const high = scoreCashiers([...honest, cashier('HIGH', 410, 3, 3, 900)], signals).find((s) => s.cashierId === 'HIGH')!;
    expect(high.drivers.find((d) => d.metric === 'averageItemValue')).toBeUndefined();
  });

  it('compares within store and till kind only: a high-refund store does not make its cashiers suspicious', () => {
    const otherStore = Array.from({ length: 6 }, (_, i) => cashier(`R${i}`, 400, 30 + i, 3, 250, 'S002'));
    const scores = scoreCashiers([...honest, ...otherStore], signals);
    for (const s of scores.filter((x) => x.storeId === 'S002')) expect(s.score!).toBeLessThan(2);
    const sco = scoreCashiers([...honest, cashier('SCO1', 500, 40, 0, 250, 'S001', 'sco')], signals).find((s) => s.cashierId === 'SCO1')!;
    expect(sco).toMatchObject({ score: null, peers: 0 });
  });

  it('does not single out a cashier with few receipts for one refund (shrinkage), and does not score under the minimum', () => {
    const scores = scoreCashiers([...honest, cashier('NEW', 12, 1, 0)], signals);
    const fresh = scores.find((s) => s.cashierId === 'NEW')!;
    expect(fresh.score!).toBeLessThan(2);
    expect(scoreCashiers([...honest, cashier('TINY', 3, 3, 3)], signals).find((s) => s.cashierId === 'TINY')!.score).toBeNull();
  });

  it('weights scale the drivers; a zero weight leaves a signal out', () => {
    const bad = cashier('BAD', 410, 25, 20);
    const base = scoreCashiers([...honest, bad], signals).find((s) => s.cashierId === 'BAD')!;
    const weighted = scoreCashiers([...honest, bad], signals.map((s) => (s.metric === 'noSaleOpens' ? { ...s, weight: 0 } : s))).find((s) => s.cashierId === 'BAD')!;
    expect(weighted.drivers.map((d) => d.metric)).not.toContain('noSaleOpens');
    expect(weighted.score!).toBeLessThan(base.score!);
  });

  it('is deterministic whatever the input order', () => {
    const all = [...honest, cashier('BAD', 410, 25, 4)];
    expect(scoreCashiers([...all].reverse(), signals)).toEqual(scoreCashiers(all, signals));
  });
});

describe('the risk score of an amount', () => {
  const amount: RiskSignal[] = [{ metric: 'postVoidAmount', direction: 'high', weight: 1, countMetric: 'postVoids' }];
  // Peers rarely post-void: two of eight did once, a receipt of about 30 €.
  const peer = (id: string, count: number, each = 3000, receipts = 400): CashierSample => ({
    cashierId: id,
    storeId: 'S001',
    tillKind: 'staffed',
    receipts,
    values: { postVoids: count, postVoidAmount: count * each },
  });
  const honest = Array.from({ length: 8 }, (_, i) => peer(`C${i}`, i < 2 ? 1 : 0));
  const zOf = (scores: ReturnType<typeof scoreCashiers>, id: string) => scores.find((s) => s.cashierId === id)!.drivers.find((d) => d.metric === 'postVoidAmount')?.z ?? 0;

  it('reads one post-void as one event of its size, not as a stream of cents per receipt', () => {
    expect(zOf(scoreCashiers([...honest, peer('ONE', 1)], amount), 'ONE')).toBeLessThan(2);
    // Without its count, the same amount would stand out from peers who mostly have none.
    expect(zOf(scoreCashiers([...honest, peer('ONE', 1)], [{ ...amount[0]!, countMetric: undefined }]), 'ONE')).toBeGreaterThan(4);
  });

  it('still puts a stream of post-voids of the usual size on top', () => {
    const scores = scoreCashiers([...honest, peer('MANY', 12)], amount);
    expect(scores[0]!.cashierId).toBe('MANY');
    expect(zOf(scores, 'MANY')).toBeGreaterThan(4);
  });
});
