import type { ExceptionGroup } from '../../lib/loss/exception-answers';
import { avgItemValue, type ExceptionMetrics } from '../../lib/loss/exception-metrics';
import type { RankedCashier, RiskDriverAnswer } from '../../lib/loss/risk-answers';
import { DEFAULT_RISK_OPTIONS, scoreCashiers, type RiskOptions } from '../../lib/loss/risk-score';
import { sampleOf, signalOf, signalsWith, type RiskWeights, type SignalMetric } from '../../lib/loss/risk-signals';

/**
 * The risk ranking of a period's cashiers (issue 8, "Risk ranking"; docs/kpis.md): each
 * cashier's exception metrics at a store (the exceptions answer's groups, groupBy=cashier)
 * scored against the peers of the same store and kind of till with the weights given
 * (lib/loss/risk-score.ts, lib/loss/risk-signals.ts), ranked over all of them and within each
 * store, with the signals that drive each score beside its own figures. Pure: the route, a
 * backtest and a test rank the same way. Nothing here knows who is dishonest.
 */
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The cashier's own figure of a signal over the period: its count, its amount, or its average item value. */
function valueOf(metric: SignalMetric, m: ExceptionMetrics): number | null {
  return metric === 'avgItemValue' ? avgItemValue(m) : m[metric];
}

export function rankCashiers(groups: readonly ExceptionGroup[], weights: RiskWeights, options: RiskOptions = DEFAULT_RISK_OPTIONS): RankedCashier[] {
  const metrics = new Map<string, ExceptionMetrics>();
  const key = (storeId: string, cashierId: string) => `${storeId}\u0000${cashierId}`;
  for (const g of groups) if (g.cashierId !== null) metrics.set(key(g.storeId, g.cashierId), g.metrics);
  const samples = [...metrics].map(([k, m]) => {
    const [storeId, cashierId] = k.split('\u0000') as [string, string];
    return sampleOf(storeId, cashierId, m);
  });
  const scores = scoreCashiers(samples, signalsWith(weights), options);

  const ranked: RankedCashier[] = [];
  const unscored: RankedCashier[] = [];
  const perStore = new Map<string, number>();
  for (const s of scores) {
    const m = metrics.get(key(s.storeId, s.cashierId))!;
    const drivers: RiskDriverAnswer[] = s.drivers.map((d) => {
      const def = signalOf(d.metric)!;
      // Rates per receipt are shown per 100 receipts; an average as it is.
      const scale = def.kind === 'average' ? 1 : 100;
      return {
        metric: def.metric,
        kind: def.kind,
        weight: weights[def.metric],
        value: valueOf(def.metric, m),
        rate: round(d.rate * scale, 4),
        peerMedian: round(d.peerMedian * scale, 4),
        z: d.z,
        contribution: d.contribution,
      };
    });
    const base = { cashierId: s.cashierId, storeId: s.storeId, tillKind: s.tillKind, receipts: s.receipts, peers: s.peers, score: s.score, drivers };
    if (s.score === null) {
      unscored.push({ rank: null, storeRank: null, ...base });
      continue;
    }
    const storeRank = (perStore.get(s.storeId) ?? 0) + 1;
    perStore.set(s.storeId, storeRank);
    ranked.push({ rank: ranked.length + 1, storeRank, ...base });
  }
  unscored.sort((a, b) => (a.storeId !== b.storeId ? (a.storeId < b.storeId ? -1 : 1) : a.cashierId < b.cashierId ? -1 : a.cashierId > b.cashierId ? 1 : 0));
  return [...ranked, ...unscored];
}
