import type { LossAlert } from './loss-alert';
import type { Rule } from './rule-schema';

/**
 * The rule routes' answers (server/loss/rules-*.ts), here so that the browser reads them with
 * the same types.
 */

/** A rule version as stored (server/loss/rules-store.ts). */
export interface StoredRule {
  rule: Rule;
  /** Who saved this version and when (ISO); null for a default never saved. */
  savedBy: string | null;
  savedAt: string | null;
}

/** A backtest's answer (server/loss/rules-backtest.ts). */
export interface BacktestAnswer {
  rule: Rule;
  period: { from: string; to: string };
  storeId: string | null;
  /** Events of the period the rule looks at, evaluated. */
  events: number;
  hits: number;
  byCashier: { storeId: string; cashierId: string; hits: number }[];
  byStore: { storeId: string; hits: number }[];
  examples: LossAlert[];
  tookMs: number;
}
