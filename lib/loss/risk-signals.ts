import { avgItemValue, type CountMetric, type ExceptionMetrics, type MetricName } from './exception-metrics';
import type { CashierSample, RiskSignal } from './risk-score';

/**
 * The signals of the loss-prevention risk ranking (issue 8, "Risk ranking"; docs/kpis.md,
 * "Risk ranking"): which exception metrics (lib/loss/exception-metrics.ts) count, which way
 * is suspicious, and their default weights. Defined here only: the ranking, the weights an
 * admin sets (server/loss/risk-*.ts) and the docs read this list. Plain values and pure
 * functions: browser-safe.
 *
 * Each signal is compared with the peers of the same store and kind of till
 * (lib/loss/risk-score.ts): a count or an amount as a rate per receipt, the average item
 * value as such. Defaults, from what each scheme of loss does at a till:
 *  - sweethearting (goods passed to friends for little or nothing): lines scanned then
 *    voided, prices overridden down, employee and manual discounts, receipts cancelled,
 *    items keyed in instead of scanned, a low average item value;
 *  - refund fraud: refunds without a receipt (to nobody, cash to oneself), refunds to another
 *    tender than the sale, paid receipts post-voided once the customer has gone;
 *  - cash skimming: the drawer opened without a sale, the cash short at the Z report.
 * An amount signal (cents per receipt) is weighted below its count: it says how much, the
 * count how often, and both are the same evidence; but for cash short at the Z report, how much
 * is what tells skimming (tens of euros a shift) from a miscount. Refunds with their receipt are the service
 * desk's daily work and not suspicious on their own: weight 0 (an admin may turn it on).
 */

/** The average item value (sales / items), compared as such: a low one is the sweethearting signal. */
export const AVG_ITEM_VALUE = 'avgItemValue';

export type RiskMetric = CountMetric | Extract<MetricName, `${string}Amount`> | typeof AVG_ITEM_VALUE;

export interface SignalDefinition {
  metric: RiskMetric;
  /** count: exceptions per receipt; amount: cents per receipt; average: the average item value (cents). */
  kind: 'count' | 'amount' | 'average';
  direction: 'high' | 'low';
  /** An amount's count: the exceptions whose amounts it sums (their number sets its sampling error). */
  countMetric?: CountMetric;
  defaultWeight: number;
  /** Why it is a signal, for humans (docs/kpis.md says the same). */
  why: string;
}

/** Every signal, in the order the API and the docs list them. */
export const RISK_SIGNALS = [
  { metric: 'lineVoids', kind: 'count', direction: 'high', defaultWeight: 1.5, why: 'sweethearting: lines scanned for show, then voided' },
  { metric: 'lineVoidAmount', kind: 'amount', countMetric: 'lineVoids', direction: 'high', defaultWeight: 0.5, why: 'the value of those lines' },
  { metric: 'receiptVoids', kind: 'count', direction: 'high', defaultWeight: 0.5, why: 'receipts cancelled before payment (goods handed over unpaid)' },
  { metric: 'postVoids', kind: 'count', direction: 'high', defaultWeight: 2, why: 'refund fraud: paid receipts reversed once the customer has left, the cash kept' },
  { metric: 'postVoidAmount', kind: 'amount', countMetric: 'postVoids', direction: 'high', defaultWeight: 0.5, why: 'the value reversed' },
  { metric: 'refundsWithoutReceipt', kind: 'count', direction: 'high', defaultWeight: 2, why: 'refund fraud: refunds to nobody, paid out in cash' },
  { metric: 'refundWithoutReceiptAmount', kind: 'amount', countMetric: 'refundsWithoutReceipt', direction: 'high', defaultWeight: 0.5, why: 'the value refunded' },
  { metric: 'refundsOtherTender', kind: 'count', direction: 'high', defaultWeight: 1.5, why: 'refund fraud: a card sale refunded in cash (or the reverse)' },
  { metric: 'refundOtherTenderAmount', kind: 'amount', countMetric: 'refundsOtherTender', direction: 'high', defaultWeight: 0.5, why: 'the value refunded so' },
  { metric: 'refundsWithReceipt', kind: 'count', direction: 'high', defaultWeight: 0, why: 'the service desk’s daily work: not suspicious on its own' },
  { metric: 'refundWithReceiptAmount', kind: 'amount', countMetric: 'refundsWithReceipt', direction: 'high', defaultWeight: 0, why: 'the value refunded' },
  { metric: 'noSaleOpens', kind: 'count', direction: 'high', defaultWeight: 2, why: 'cash skimming: the drawer opened without a sale' },
  { metric: 'cashShortages', kind: 'count', direction: 'high', defaultWeight: 1, why: 'cash skimming: the drawer short at the Z report' },
  { metric: 'cashShortageAmount', kind: 'amount', countMetric: 'cashShortages', direction: 'high', defaultWeight: 1.5, why: 'how short: a miscount is small, skimming adds up' },
  { metric: 'priceOverrides', kind: 'count', direction: 'high', defaultWeight: 1.5, why: 'sweethearting: prices overridden down' },
  { metric: 'priceOverrideAmount', kind: 'amount', countMetric: 'priceOverrides', direction: 'high', defaultWeight: 0.5, why: 'the value taken off' },
  { metric: 'employeeDiscounts', kind: 'count', direction: 'high', defaultWeight: 1, why: 'sweethearting: the employee discount given to friends' },
  { metric: 'employeeDiscountAmount', kind: 'amount', countMetric: 'employeeDiscounts', direction: 'high', defaultWeight: 0.5, why: 'the value given' },
  { metric: 'manualDiscounts', kind: 'count', direction: 'high', defaultWeight: 1, why: 'sweethearting: discounts keyed by hand' },
  { metric: 'manualDiscountAmount', kind: 'amount', countMetric: 'manualDiscounts', direction: 'high', defaultWeight: 0.5, why: 'the value given' },
  { metric: 'keyedLines', kind: 'count', direction: 'high', defaultWeight: 0.5, why: 'sweethearting: a cheaper code keyed in instead of the item scanned' },
  { metric: AVG_ITEM_VALUE, kind: 'average', direction: 'low', defaultWeight: 1, why: 'sweethearting: goods passed for little (sales / items low)' },
] as const satisfies readonly SignalDefinition[];

export type SignalMetric = (typeof RISK_SIGNALS)[number]['metric'];
/** A signal of the list (its metric one of SIGNAL_METRICS). */
export type Signal = Omit<SignalDefinition, 'metric'> & { metric: SignalMetric };
export const SIGNAL_METRICS: readonly SignalMetric[] = RISK_SIGNALS.map((s) => s.metric);
const BY_METRIC = new Map<string, Signal>(RISK_SIGNALS.map((s) => [s.metric, s]));
export const signalOf = (metric: string): Signal | undefined => BY_METRIC.get(metric);

/** A weight per signal: 0 leaves it out; at most MAX_WEIGHT. */
export type RiskWeights = Record<SignalMetric, number>;
export const MAX_WEIGHT = 10;
export const DEFAULT_WEIGHTS: RiskWeights = Object.fromEntries(RISK_SIGNALS.map((s) => [s.metric, s.defaultWeight])) as RiskWeights;

/** The signals with these weights, as lib/loss/risk-score.ts takes them. */
export function signalsWith(weights: RiskWeights): RiskSignal[] {
  return RISK_SIGNALS.map((s: Signal) => ({ metric: s.metric, direction: s.direction, weight: weights[s.metric], ...(s.countMetric ? { countMetric: s.countMetric } : {}) }));
}

/**
 * The kind of till a cashier works at. A self-checkout has no cashier: its events carry the
 * store's pseudo-cashier `<storeId>-SCO` (docs/kpis.md, "Exceptions per cashier"), the only
 * self-checkout "cashier" of its store; every other cashier id is a person at a staffed till.
 */
export const scoCashierIdOf = (storeId: string) => `${storeId}-SCO`;
export const tillKindOf = (storeId: string, cashierId: string): CashierSample['tillKind'] => (cashierId === scoCashierIdOf(storeId) ? 'sco' : 'staffed');

/** A cashier's metrics at a store over a period as the risk score's sample. */
export function sampleOf(storeId: string, cashierId: string, m: ExceptionMetrics): CashierSample {
  const values: Record<string, number> = {};
  for (const s of RISK_SIGNALS) values[s.metric] = s.kind === 'average' ? (avgItemValue(m) ?? 0) : m[s.metric as Exclude<SignalMetric, typeof AVG_ITEM_VALUE>];
  // The average item value weighs by the items it is over (none: it counts for nothing).
  return { cashierId, storeId, tillKind: tillKindOf(storeId, cashierId), receipts: m.receipts, values, exposures: { [AVG_ITEM_VALUE]: Math.max(0, m.items) } };
}

/**
 * Weights as stored (a version written before a signal existed, or by hand): every signal's
 * weight, its default where the stored one is missing or not a number in [0, MAX_WEIGHT];
 * names that are no signal (any more) are dropped.
 */
export function withDefaults(stored: Record<string, unknown>): RiskWeights {
  const out = { ...DEFAULT_WEIGHTS };
  for (const m of SIGNAL_METRICS) {
    const w = stored[m];
    if (typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= MAX_WEIGHT) out[m] = w;
  }
  return out;
}
