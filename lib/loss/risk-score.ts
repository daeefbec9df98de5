/**
 * The loss-prevention risk score (issue 8, "Risk ranking"): each cashier's exception rates
 * against peers of the same store and the same kind of till, weighted and combined into one
 * number, with the exceptions that drive it. Pure, so the API, a backtest and a test compute
 * it the same way.
 *
 * For one signal (say, no-sale drawer opens per 100 receipts) in one peer group:
 *   1. the rate is shrunk toward the group's pooled rate by `priorReceipts` pseudo-receipts,
 *      so a cashier with 12 receipts and 1 refund does not look like a serial refunder:
 *      rate = (count + pooled × prior) / (receipts + prior);
 *   2. it becomes a robust z-score against the group: (rate − median) / spread, where
 *      spread = 1.4826 × the median absolute deviation, floored at `minSpread` × the pooled
 *      rate (and an absolute floor) so that a group where nearly everyone does the same
 *      does not turn a tiny difference into a huge score; for a rate per receipt the
 *      cashier's own sampling error (Poisson: √(pooled / receipts)) is added to the spread,
 *      so few receipts need a larger difference to count; for an amount per receipt (a
 *      signal with a `countMetric`) that error is the one of a sum of events of the peers'
 *      typical size (compound Poisson: √(pooled count rate × size² / receipts), size = the
 *      median over the group's cashiers of their amount per event), so that one large
 *      post-void or refund, which is one event, is not read as many;
 *   3. only the harmful direction counts (above peers for voids and refunds, below for the
 *      average item value), clipped at `maxZ`.
 * The risk score is Σ weight × z over the signals; the drivers shown are the signals at
 * least one spread above (or below) peers, by their share of it. A cashier alone in its peer group is not scored (null: nothing to compare with).
 */

export interface RiskSignal {
  /** The metric's name (lib/loss/exception-metrics.ts). */
  metric: string;
  /** Which way is suspicious: a rate above peers, or (average item value) below. */
  direction: 'high' | 'low';
  weight: number;
  /** For an amount (cents per receipt): the count metric whose events carry it (its sampling error is theirs, each of the typical size). */
  countMetric?: string;
}

export interface CashierSample {
  cashierId: string;
  storeId: string;
  /** Staffed till or self-checkout: peers are of the same kind. */
  tillKind: 'staffed' | 'sco';
  /** The exposure the rates are per: receipts (closed − post-voided). */
  receipts: number;
  /**
   * Per metric: the count (or amount) whose rate per receipt is compared; for a `low`
   * signal such as average item value, the value itself in `values` and its weight in
   * `exposures` (e.g. items).
   */
  values: Record<string, number>;
  /** Per metric, the exposure when it is not `receipts` (e.g. items for the average item value). */
  exposures?: Record<string, number>;
}

export interface RiskOptions {
  priorReceipts: number;
  minSpread: number;
  absoluteMinSpread: number;
  maxZ: number;
  /** Cashiers with fewer receipts than this are listed but not scored. */
  minReceipts: number;
}

export const DEFAULT_RISK_OPTIONS: RiskOptions = { priorReceipts: 30, minSpread: 0.25, absoluteMinSpread: 1e-4, maxZ: 8, minReceipts: 10 };

export interface RiskDriver {
  metric: string;
  /** The cashier's shrunk rate (per receipt, or the value for a `low` signal). */
  rate: number;
  /** The peers' median of the same. */
  peerMedian: number;
  z: number;
  /** weight × z: its part of the score. */
  contribution: number;
}

export interface RiskScore {
  cashierId: string;
  storeId: string;
  tillKind: CashierSample['tillKind'];
  receipts: number;
  peers: number;
  /** Null when not scored (too few receipts, or no peers). */
  score: number | null;
  /** Signals at least one spread on the suspicious side (z ≥ 1), largest contribution first. */
  drivers: RiskDriver[];
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** Scores every cashier within its peer group (store × till kind). */
export function scoreCashiers(samples: CashierSample[], signals: RiskSignal[], o: RiskOptions = DEFAULT_RISK_OPTIONS): RiskScore[] {
  const groups = new Map<string, CashierSample[]>();
  for (const s of samples) {
    const k = `${s.storeId}\u0000${s.tillKind}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const out: RiskScore[] = [];
  for (const group of groups.values()) {
    const scored = group.filter((s) => s.receipts >= o.minReceipts);
    const rates = new Map<string, Map<string, number>>();
    /** `unitVariance / (receipts + prior)`: the square of a cashier's own sampling error of a 'high' signal. */
    const stats = new Map<string, { median: number; spread: number; unitVariance: number }>();
    for (const sig of signals) {
      const exposureOf = (s: CashierSample) => s.exposures?.[sig.metric] ?? s.receipts;
      const totalExposure = scored.reduce((n, s) => n + exposureOf(s), 0);
      const pooled = totalExposure === 0 ? 0 : scored.reduce((n, s) => n + (s.values[sig.metric] ?? 0) * (sig.direction === 'low' ? exposureOf(s) : 1), 0) / totalExposure;
      const byCashier = new Map<string, number>();
      for (const s of scored) {
        const e = exposureOf(s);
        const v = s.values[sig.metric] ?? 0;
        // A 'low' signal's value is already a mean over its exposure: shrink the mean itself.
        const rate = sig.direction === 'low' ? (v * e + pooled * o.priorReceipts) / (e + o.priorReceipts) : (v + pooled * o.priorReceipts) / (e + o.priorReceipts);
        byCashier.set(s.cashierId, rate);
      }
      const xs = [...byCashier.values()];
      const med = median(xs);
      const mad = median(xs.map((x) => Math.abs(x - med)));
      let unitVariance = Math.max(0, pooled);
      if (sig.countMetric !== undefined) {
        const count = sig.countMetric;
        const counted = scored.filter((s) => (s.values[count] ?? 0) > 0);
        const pooledCount = totalExposure === 0 ? 0 : counted.reduce((n, s) => n + s.values[count]!, 0) / totalExposure;
        const size = median(counted.map((s) => (s.values[sig.metric] ?? 0) / s.values[count]!));
        unitVariance = pooledCount * size * size;
      }
      stats.set(sig.metric, { median: med, spread: Math.max(1.4826 * mad, o.minSpread * Math.abs(pooled), o.absoluteMinSpread), unitVariance });
      rates.set(sig.metric, byCashier);
    }
    for (const s of group) {
      const base = { cashierId: s.cashierId, storeId: s.storeId, tillKind: s.tillKind, receipts: s.receipts, peers: scored.length - (scored.includes(s) ? 1 : 0) };
      if (!scored.includes(s) || scored.length < 2) {
        out.push({ ...base, score: null, drivers: [] });
        continue;
      }
      const drivers: RiskDriver[] = [];
      for (const sig of signals) {
        const rate = rates.get(sig.metric)!.get(s.cashierId)!;
        const st = stats.get(sig.metric)!;
        const own = sig.direction === 'high' ? Math.sqrt(st.unitVariance / (s.receipts + o.priorReceipts)) : 0;
        const raw = (sig.direction === 'high' ? rate - st.median : st.median - rate) / Math.hypot(st.spread, own);
        const z = Math.min(o.maxZ, Math.max(0, raw));
        if (z > 0 && sig.weight > 0) drivers.push({ metric: sig.metric, rate: round(rate, 6), peerMedian: round(st.median, 6), z: round(z), contribution: round(sig.weight * z) });
      }
      drivers.sort((a, b) => b.contribution - a.contribution || a.metric.localeCompare(b.metric));
      out.push({ ...base, score: round(drivers.reduce((n, d) => n + d.contribution, 0)), drivers: drivers.filter((d) => d.z >= 1) });
    }
  }
  return out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.cashierId.localeCompare(b.cashierId));
}
