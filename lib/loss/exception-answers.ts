import type { ExceptionMetrics, ExceptionRates } from './exception-metrics';

/**
 * The answers of the loss-prevention exception routes (server/loss/), here so that the
 * browser and the later risk ranking read them with the same types. Definitions:
 * lib/loss/exception-metrics.ts and docs/kpis.md, "Loss prevention: exceptions".
 */

/** A group's metrics over the period, its rates per 100 receipts and its average item value. */
export interface ExceptionFigures {
  metrics: ExceptionMetrics;
  rates: ExceptionRates;
  /** sales / items, cents (2 decimals); null without items. */
  avgItemValue: number | null;
}

export interface ExceptionGroup extends ExceptionFigures {
  storeId: string;
  /** groupBy=till: the till; otherwise null. */
  tillId: string | null;
  /** groupBy=cashier: the cashier; otherwise null. */
  cashierId: string | null;
  /** The group's average item value / its store's over the same period (tills and cashiers; null for a store). */
  avgItemValueVsStore: number | null;
}

export type ExceptionsSource = 'live' | 'history' | 'mixed';

/** Store-local calendar days, both inclusive; `today` is each store's own. */
export interface ExceptionPeriod {
  label: 'today' | 'range';
  from: string;
  to: string;
}

export interface ExceptionsAnswer {
  groupBy: 'cashier' | 'till' | 'store';
  scope: { level: 'chain' | 'region' | 'store'; storeId: string | null; region: string | null; stores: string[] };
  period: ExceptionPeriod;
  source: ExceptionsSource;
  /** The stores' currency, or null when they differ. */
  currency: string | null;
  /** By store, then till or cashier id. */
  groups: ExceptionGroup[];
  /** Every event of the scope over the period (also those of no cashier). */
  total: ExceptionFigures;
  generatedAt: string;
}

export interface CashierBucket extends ExceptionFigures {
  /** The store-local day the events occurred. */
  day: string;
  storeId: string;
  /** bucket=shift: the till of the shift (or of the events outside one); bucket=day: null. */
  tillId: string | null;
  /** bucket=shift: the shift (null: the cashier's events at that till that day outside any shift); bucket=day: null. */
  shiftId: string | null;
}

export interface CashierExceptionsAnswer {
  cashierId: string;
  bucket: 'day' | 'shift';
  period: ExceptionPeriod;
  source: ExceptionsSource;
  /** By day, store, till, shift. */
  buckets: CashierBucket[];
  total: ExceptionFigures;
  generatedAt: string;
}
