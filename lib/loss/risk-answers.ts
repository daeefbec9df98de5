import type { ExceptionPeriod, ExceptionsAnswer, ExceptionsSource } from './exception-answers';
import type { CashierSample } from './risk-score';
import type { RiskWeights, Signal, SignalDefinition, SignalMetric } from './risk-signals';

/**
 * The answers of the risk-ranking routes (server/loss/risk-*.ts), here so that the browser
 * reads them with the same types. Definitions: docs/kpis.md, "Risk ranking";
 * lib/loss/risk-signals.ts (the signals) and lib/loss/risk-score.ts (the score).
 */

/** A set of weights as stored: version 0 is the defaults (never stored), then one per PUT. */
export interface WeightsVersion {
  version: number;
  weights: RiskWeights;
  /** Who stored it (null: the defaults). */
  setBy: string | null;
  /** When, ISO 8601 UTC (null: the defaults). */
  setAt: string | null;
}

/** One signal that pushes a cashier's score up: at least one spread worse than its peers. */
export interface RiskDriverAnswer {
  metric: SignalMetric;
  kind: SignalDefinition['kind'];
  weight: number;
  /** The cashier's own figure over the period: the count, the amount (cents), or its average item value (cents; null without items). */
  value: number | null;
  /**
   * What was compared, shrunk toward the peer group's pooled rate (lib/loss/risk-score.ts):
   * exceptions per 100 receipts (count), cents per 100 receipts (amount), cents per item (average).
   */
  rate: number;
  /** The peers' median of the same (the cashier's peer group, itself included). */
  peerMedian: number;
  /** How many spreads worse than the median (clipped at 8). */
  z: number;
  /** weight × z: its part of the score. */
  contribution: number;
}

export interface RankedCashier {
  /** Rank among every scored cashier of the scope (chain-wide when no store or region is asked); null when not scored. */
  rank: number | null;
  /** Rank among the scored cashiers of its store (every kind of till); null when not scored. */
  storeRank: number | null;
  cashierId: string;
  storeId: string;
  /** sco: the store's self-checkout pseudo-cashier `<storeId>-SCO`; staffed: anyone else. */
  tillKind: CashierSample['tillKind'];
  receipts: number;
  /** The other scored cashiers of the same store and kind of till it is compared with. */
  peers: number;
  /** Σ weight × z; null when not scored (under 10 receipts, or no peer to compare with). */
  score: number | null;
  /** The signals at least one spread worse than peers (z ≥ 1), largest contribution first. */
  drivers: RiskDriverAnswer[];
  /** With a rule filter: the rule's hits of this cashier at this store in the period. */
  ruleHits?: number;
}

/** The rule a ranking was filtered by: only the cashiers it hit in the period are listed, each with their hits. */
export interface RuleFilterAnswer {
  ruleId: string;
  name: string;
  /** All its hits in the scope and period, and those with no cashier signed in (not listed). */
  hits: number;
  withoutCashier: number;
}

export interface RiskAnswer {
  scope: ExceptionsAnswer['scope'];
  period: ExceptionPeriod;
  source: ExceptionsSource;
  /** The stores' currency (the drivers' amounts are its cents), or null when they differ. */
  currency: string | null;
  /** The weights the scores were computed with. */
  weights: WeightsVersion;
  /** With `rule`: the rule and its hits; the cashiers are those it hit, their ranks still those of the whole scope. */
  rule: RuleFilterAnswer | null;
  /** By rank, then the cashiers not scored (by store and id); at most `limit`. */
  cashiers: RankedCashier[];
  /** Cashiers listed before `limit` (with `rule`: those it hit), and how many of them were scored. */
  total: number;
  scored: number;
  generatedAt: string;
}

export interface RiskWeightsAnswer {
  /** The weights in force. */
  current: WeightsVersion;
  /** The versions before it that are still kept, newest first (at most 20 listed). */
  previous: WeightsVersion[];
  defaults: RiskWeights;
  maxWeight: number;
  signals: Signal[];
}
