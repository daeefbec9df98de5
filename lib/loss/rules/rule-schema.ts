import { z } from 'zod';
import { COUNT_METRICS, type CountMetric } from '../exception-metrics';

/**
 * Loss-prevention rules as data (issue 8, "Sequence rules, live"): validated with zod,
 * versioned (every save is a new version; a hit names the rule id and version that made it),
 * evaluated by one pure evaluator (`evaluate.ts`) in the live worker and in a backtest over
 * history. Browser-safe: plain values and zod only.
 *
 * Four kinds:
 * - `sequence`: events of the given types in that order at one till or by one cashier within
 *   a time window (a post-void then a no-sale drawer open within 5 minutes), optionally on the
 *   same receipt or the same line of it (a price override then a void of that line);
 * - `receipt_count`: more than N matching events in one receipt (more than 3 line voids);
 * - `refund_unsold_sku`: a refund (without receipt, by default) of a SKU no till of the store
 *   rang up earlier that store-local day, as far as the evaluator has seen;
 * - `threshold`: an exception metric's rate per 100 receipts (lib/loss/exception-metrics.ts)
 *   above X for a cashier over the store-local day so far, once they have a minimum of receipts.
 */

/** An event type of the contract (`pos.drawer.opened`). */
const eventType = z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'an event type such as pos.drawer.opened');
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/** Which events a step matches: their type, and top-level payload fields equal to these values. */
export const eventMatcherSchema = z.strictObject({
  type: eventType,
  where: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), scalar).optional(),
});
export type EventMatcher = z.infer<typeof eventMatcherSchema>;

export const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_WINDOW_MS = 24 * 3_600_000;

const base = {
  id: z.string().regex(RULE_ID, 'lowercase letters, digits and dashes, 1-64'),
  /** 1 for the first save; every save of the rule adds one. */
  version: z.int().min(1),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  enabled: z.boolean(),
  severity: z.enum(['info', 'warning', 'critical']),
};

export const sequenceRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('sequence'),
  /** Whose events are followed: one till's (by its source) or one cashier's at one store. */
  by: z.enum(['till', 'cashier']),
  /** 2-5 steps in order; the hit is made by an event matching the last one. */
  steps: z.array(eventMatcherSchema).min(2).max(5),
  /** From the first step to the last (event time), at most this long. */
  withinMs: z.int().min(1000).max(MAX_WINDOW_MS),
  /** none: any events of the till or cashier; receipt: all on one receipt; line: one receipt and one line of it. */
  correlate: z.enum(['none', 'receipt', 'line']).default('none'),
});

export const receiptCountRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('receipt_count'),
  match: eventMatcherSchema,
  /** Fires once per receipt, at the (moreThan + 1)-th matching event. */
  moreThan: z.int().min(1).max(50),
});

export const refundUnsoldSkuRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('refund_unsold_sku'),
  /** Which refunds are looked at: without a receipt (default), or with one too. */
  withReceipt: z.enum(['without', 'any']).default('without'),
});

export const thresholdRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('threshold'),
  metric: z.enum(COUNT_METRICS as [CountMetric, ...CountMetric[]]),
  /** Fires once per cashier, store and store-local day, when the rate goes above this. */
  per100ReceiptsAbove: z.number().min(0).max(10_000),
  /** Receipts the cashier must have that day before the rate means anything. */
  minReceipts: z.int().min(1).max(100_000).default(20),
});

export const ruleSchema = z.discriminatedUnion('kind', [sequenceRuleSchema, receiptCountRuleSchema, refundUnsoldSkuRuleSchema, thresholdRuleSchema]);
export type Rule = z.infer<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type SequenceRule = z.infer<typeof sequenceRuleSchema>;
export type ReceiptCountRule = z.infer<typeof receiptCountRuleSchema>;
export type RefundUnsoldSkuRule = z.infer<typeof refundUnsoldSkuRuleSchema>;
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;
export type RuleKind = Rule['kind'];

/** A rule as an admin saves it: everything but the version, which the store assigns. */
export const ruleDraftSchema = z.discriminatedUnion('kind', [
  sequenceRuleSchema.omit({ version: true }),
  receiptCountRuleSchema.omit({ version: true }),
  refundUnsoldSkuRuleSchema.omit({ version: true }),
  thresholdRuleSchema.omit({ version: true }),
]);
export type RuleDraft = z.infer<typeof ruleDraftSchema>;
