import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNT_METRICS, emptyMetrics, METRICS } from './exception-metrics';
import { scoreCashiers } from './risk-score';
import { AVG_ITEM_VALUE, DEFAULT_WEIGHTS, MAX_WEIGHT, RISK_SIGNALS, sampleOf, SIGNAL_METRICS, signalsWith, tillKindOf, withDefaults } from './risk-signals';

describe('the risk signals', () => {
  it('are exception metrics (every count, its amount, the average item value), each once, in the suspicious direction', () => {
    expect(new Set(SIGNAL_METRICS).size).toBe(SIGNAL_METRICS.length);
    const kinds = new Map(METRICS.map((m) => [m.name as string, m.kind]));
    for (const s of RISK_SIGNALS) {
      if (s.metric === AVG_ITEM_VALUE) {
        expect(s).toMatchObject({ kind: 'average', direction: 'low' });
        continue;
      }
      expect(kinds.get(s.metric), s.metric).toBe(s.kind);
      expect(s.direction, s.metric).toBe('high');
    }
    // Every count of a cashier is a signal, but the self-checkout's assistance calls (no cashier on them).
    expect(COUNT_METRICS.filter((m) => !(SIGNAL_METRICS as readonly string[]).includes(m))).toEqual(['scoAssists']);
    // No base metric: receipts, items, sales and lines are what rates are per.
    for (const base of ['receipts', 'items', 'sales', 'lines']) expect(SIGNAL_METRICS).not.toContain(base);
  });

  it('give each amount the count whose events it sums', () => {
    for (const s of RISK_SIGNALS.filter((x) => x.kind === 'amount')) {
      expect(COUNT_METRICS, s.metric).toContain(s.countMetric);
      expect(SIGNAL_METRICS, s.metric).toContain(s.countMetric);
    }
    for (const s of RISK_SIGNALS.filter((x) => x.kind !== 'amount')) expect('countMetric' in s, s.metric).toBe(false);
  });

  it('have default weights within 0..MAX_WEIGHT; each profile of loss has signals that count, refunds with a receipt do not', () => {
    for (const s of RISK_SIGNALS) expect(s.defaultWeight, s.metric).toBeGreaterThanOrEqual(0);
    for (const s of RISK_SIGNALS) expect(s.defaultWeight, s.metric).toBeLessThanOrEqual(MAX_WEIGHT);
    // Sweethearting, refund fraud, cash skimming.
    for (const m of ['lineVoids', 'priceOverrides', 'employeeDiscounts', AVG_ITEM_VALUE, 'postVoids', 'refundsWithoutReceipt', 'noSaleOpens', 'cashShortageAmount'] as const) {
      expect(DEFAULT_WEIGHTS[m], m).toBeGreaterThan(0);
    }
    expect(DEFAULT_WEIGHTS.refundsWithReceipt).toBe(0);
    // An amount weighs less than its count: the same evidence, how much rather than how often (but cash short at the Z report, where how much is the evidence).
    for (const s of RISK_SIGNALS.filter((x) => x.kind === 'amount' && x.metric !== 'cashShortageAmount')) {
      expect(s.defaultWeight, s.metric).toBeLessThanOrEqual(DEFAULT_WEIGHTS[s.countMetric!]);
    }
  });

  it('become the risk score’s signals with the weights given', () => {
    const signals = signalsWith({ ...DEFAULT_WEIGHTS, noSaleOpens: 7 });
    expect(signals.map((s) => s.metric)).toEqual(SIGNAL_METRICS);
    expect(signals.find((s) => s.metric === 'noSaleOpens')).toEqual({ metric: 'noSaleOpens', direction: 'high', weight: 7 });
    expect(signals.find((s) => s.metric === 'postVoidAmount')).toEqual({ metric: 'postVoidAmount', direction: 'high', weight: 0.5, countMetric: 'postVoids' });
    expect(signals.find((s) => s.metric === AVG_ITEM_VALUE)).toMatchObject({ direction: 'low' });
  });

  it('complete stored weights with the defaults, and drop what is no signal or no weight', () => {
    expect(withDefaults({})).toEqual(DEFAULT_WEIGHTS);
    expect(withDefaults({ postVoids: 4, gone: 3, noSaleOpens: 'x', lineVoids: -1, keyedLines: 11, cashShortages: 0 })).toEqual({ ...DEFAULT_WEIGHTS, postVoids: 4, cashShortages: 0 });
  });
});

describe('docs/kpis.md, "Risk ranking"', () => {
  it('lists every signal with its kind, direction and default weight, and nothing else', () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/kpis.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Risk ranking'), doc.indexOf('\n## ', doc.indexOf('## Risk ranking') + 3));
    const rows = [...section.matchAll(/^\| `(\w+)` \| (\w+)[^|]* \| (above|below) peers \| ([\d.]+) \|/gm)].map((m) => [m[1], m[2], m[3] === 'above' ? 'high' : 'low', Number(m[4])]);
    expect(rows).toEqual(RISK_SIGNALS.map((s) => [s.metric, s.kind, s.direction, s.defaultWeight]));
  });
});

describe('a cashier as a sample of the risk score', () => {
  it('tells the self-checkout pseudo-cashier of its store from the people at staffed tills', () => {
    expect(tillKindOf('S001', 'S001-SCO')).toBe('sco');
    expect(tillKindOf('S001', 'C0001')).toBe('staffed');
    // Another store's self-checkout id is not this store's.
    expect(tillKindOf('S002', 'S001-SCO')).toBe('staffed');
  });

  it('carries every signal’s count or amount, and its average item value weighed by its items', () => {
    const m = { ...emptyMetrics(), receipts: 120, items: 800, sales: 200_000, postVoids: 3, postVoidAmount: 9_000, noSaleOpens: 2 };
    const s = sampleOf('S001', 'C0001', m);
    expect(s).toMatchObject({ cashierId: 'C0001', storeId: 'S001', tillKind: 'staffed', receipts: 120, exposures: { [AVG_ITEM_VALUE]: 800 } });
    expect(Object.keys(s.values).sort()).toEqual([...SIGNAL_METRICS].sort());
    expect(s.values).toMatchObject({ postVoids: 3, postVoidAmount: 9_000, noSaleOpens: 2, lineVoids: 0, [AVG_ITEM_VALUE]: 250 });
    // Without items the average weighs nothing (not a 0 € average).
    const none = sampleOf('S001', 'C0002', { ...emptyMetrics(), receipts: 0 });
    expect(none.exposures![AVG_ITEM_VALUE]).toBe(0);
  });

  it('ranks a cashier whose items go for little below its peers (sweethearting), and one with none not at all for it', () => {
    const peer = (id: string, sales: number, items = 1000) => sampleOf('S001', id, { ...emptyMetrics(), receipts: 150, items, sales });
    const peers = Array.from({ length: 6 }, (_, i) => peer(`C${i}`, 250_000 + 4_000 * i));
    const scores = scoreCashiers([...peers, peer('LOW', 150_000), peer('NONE', 0, 0)], signalsWith(DEFAULT_WEIGHTS));
    expect(scores[0]!.cashierId).toBe('LOW');
    expect(scores[0]!.drivers.map((d) => d.metric)).toEqual([AVG_ITEM_VALUE]);
    expect(scores.find((s) => s.cashierId === 'NONE')!.drivers).toEqual([]);
  });
});
