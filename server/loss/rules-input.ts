import { z } from 'zod';
import { id } from '../../lib/contract/fields';
import { receiptCountRuleSchema, refundUnsoldSkuRuleSchema, RULE_ID, sequenceRuleSchema, thresholdRuleSchema } from '../../lib/loss/rules/rule-schema';
import { HIT_KEEP_DAYS, lossAlertSchema } from '../../lib/loss/rules/loss-alert';
import { UserInputError, parseInput } from '../auth/user-input';
import { MAX_EXAMPLES } from './rules-backtest';

/**
 * What the rule routes take and answer, validated with zod (a wrong or unknown field is a 400
 * that names it): a rule's body (lib/loss/rules/rule-schema.ts without the id, which is the
 * path's, and the version, which the store assigns), the backtest's body, the alerts' query.
 */
export const ruleIdSchema = z
  .string()
  .regex(RULE_ID, 'a rule id: lowercase letters, digits and dashes, 1-64')
  .refine((v) => v !== 'backtest', 'backtest is the backtest’s path, not a rule id');

const omit = { id: true, version: true } as const;
export const ruleBodySchema = z
  .discriminatedUnion('kind', [sequenceRuleSchema.omit(omit), receiptCountRuleSchema.omit(omit), refundUnsoldSkuRuleSchema.omit(omit), thresholdRuleSchema.omit(omit)])
  .describe('A rule: sequence (events in order at one till or by one cashier within a window), receipt_count (more than N matching events in one receipt), refund_unsold_sku, or threshold (a metric’s rate per 100 receipts for a cashier over the day so far)');

export const putRuleBodySchema = z
  .strictObject({
    rule: ruleBodySchema,
    basedOn: z.int().min(0).optional().describe('the version this was edited from: if another has been stored since, nothing is stored (409)'),
  })
  .describe('A rule, stored as its next version');
export type PutRuleBody = z.output<typeof putRuleBodySchema>;

export const MAX_BACKTEST_DAYS = 31;
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-11-21T09:00:00Z' });

export const backtestBodySchema = z
  .strictObject({
    ruleId: ruleIdSchema.optional().describe('a stored rule, as in force (give this or `rule`)'),
    rule: z
      .discriminatedUnion('kind', [sequenceRuleSchema.partial(omit), receiptCountRuleSchema.partial(omit), refundUnsoldSkuRuleSchema.partial(omit), thresholdRuleSchema.partial(omit)])
      .optional()
      .describe('a new or edited rule, not stored (give this or `ruleId`); its id and version only name its hits (default `backtest`, 1)'),
    from: instant.describe('start of the period, inclusive'),
    to: instant.describe(`end of the period, exclusive (at most ${MAX_BACKTEST_DAYS} days after from)`),
    storeId: id(32).optional().describe('one store (default: every store)'),
    examples: z.int().min(0).max(MAX_EXAMPLES).default(10).describe(`how many hits to show with their evidence (0 to ${MAX_EXAMPLES}, default 10)`),
  })
  .describe('A backtest: one rule over a period of history');
export type BacktestBody = z.output<typeof backtestBodySchema>;

export function parseBacktestBody(body: unknown): BacktestBody & { fromMs: number; toMs: number } {
  const b = parseInput(backtestBodySchema, body);
  if ((b.rule === undefined) === (b.ruleId === undefined)) throw new UserInputError(b.rule === undefined ? 'ruleId' : 'rule', 'give either ruleId or rule');
  const fromMs = Date.parse(b.from);
  const toMs = Date.parse(b.to);
  if (!(toMs > fromMs)) throw new UserInputError('to', 'must be after from');
  if (toMs - fromMs > MAX_BACKTEST_DAYS * 86_400_000) throw new UserInputError('to', `the period may cover at most ${MAX_BACKTEST_DAYS} days`);
  if (fromMs < 0 || toMs > Date.UTC(2100, 0, 1)) throw new UserInputError('from', 'outside the history');
  return { ...b, fromMs, toMs };
}

const day = z.iso.date({ message: 'expected a local calendar day such as 2026-11-21' });
export const MAX_ALERT_DAYS = 31;
export const ALERTS_MAX_LIMIT = 5000;
export const alertsQuerySchema = z
  .object({
    storeId: id(32).optional().describe('one store (default: every store)'),
    region: z.string().min(1).max(64).optional().describe('the stores of one region'),
    from: day.optional().describe('first store-local day, inclusive; default: today in each store’s timezone'),
    to: day.optional().describe(`last store-local day, inclusive (at most ${MAX_ALERT_DAYS} days; hits are kept ${HIT_KEEP_DAYS} days)`),
    ruleId: ruleIdSchema.optional().describe('one rule’s hits only'),
    limit: z
      .string()
      .regex(/^[0-9]{1,4}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.int().min(1, 'at least 1').max(ALERTS_MAX_LIMIT, `at most ${ALERTS_MAX_LIMIT}`))
      .default(500)
      .describe(`at most this many, newest first (1 to ${ALERTS_MAX_LIMIT}, default 500)`),
  })
  .strict();
export type AlertsQuery = z.output<typeof alertsQuerySchema>;

// ---------------------------------------------------------------------------------------
// Answers.

const storedRuleSchema = z.object({
  rule: z.unknown().describe('the rule (lib/loss/rules/rule-schema.ts): id, version, name, description, enabled, severity, kind and the kind’s fields'),
  savedBy: z.string().nullable().describe('who saved this version (null: a default never saved)'),
  savedAt: z.string().nullable(),
});
export const rulesAnswerSchema = z.object({ rules: z.array(storedRuleSchema).describe('every rule in force, by id') });
export const ruleAnswerSchema = storedRuleSchema.extend({ versions: z.array(storedRuleSchema).describe('the stored versions, newest first (at most 20)') });
export const alertsAnswerSchema = z.object({
  alerts: z.array(lossAlertSchema).describe('the hits, newest first'),
  truncated: z.boolean().describe('more hits than `limit` in the period'),
});
export const backtestAnswerSchema = z.object({
  rule: z.unknown().describe('the rule run'),
  period: z.object({ from: z.string(), to: z.string() }),
  storeId: z.string().nullable(),
  events: z.int().describe('events of the period the rule looks at, evaluated'),
  hits: z.int(),
  byCashier: z.array(z.object({ storeId: z.string(), cashierId: z.string(), hits: z.int() })).describe('hits per cashier at a store, most first'),
  byStore: z.array(z.object({ storeId: z.string(), hits: z.int() })),
  examples: z.array(lossAlertSchema).describe('the first hits, with their evidence'),
  tookMs: z.int(),
});
