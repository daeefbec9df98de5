import { z } from 'zod';
import { COUNT_METRICS, type CountMetric } from '../../lib/loss/exception-metrics';
import type { RiskAnswer, RiskWeightsAnswer } from '../../lib/loss/risk-answers';
import { MAX_WEIGHT, RISK_SIGNALS, SIGNAL_METRICS, type SignalMetric } from '../../lib/loss/risk-signals';
import { exceptionsAnswerSchema } from './exception-answers';

/**
 * The answers of the risk-ranking routes as zod schemas, from which the OpenAPI document
 * (risk-openapi.ts) is generated. The types the code builds and the browser reads are in
 * lib/loss/risk-answers.ts; the lines at the end stop compiling when the two drift apart.
 */
const metric = z.enum(SIGNAL_METRICS as [SignalMetric, ...SignalMetric[]]);
const kind = z.enum(['count', 'amount', 'average']).describe('count: per receipt; amount: cents per receipt; average: the average item value (cents)');

export const weightsSchema = z
  .object(Object.fromEntries(RISK_SIGNALS.map((s) => [s.metric, z.number().min(0).max(MAX_WEIGHT).describe(s.why)])) as Record<SignalMetric, z.ZodNumber>)
  .describe(`A weight per signal, 0 to ${MAX_WEIGHT} (0: left out)`);

export const weightsVersionSchema = z
  .object({
    version: z.int().min(0).describe('0: the defaults; then one per PUT'),
    weights: weightsSchema,
    setBy: z.string().nullable().describe('who stored it (null: the defaults)'),
    setAt: z.string().nullable().describe('when, ISO 8601 UTC (null: the defaults)'),
  })
  .describe('A version of the weights');

export const riskDriverSchema = z.object({
  metric,
  kind,
  weight: z.number(),
  value: z.number().nullable().describe('the cashier’s own figure over the period: the count, the amount (cents), or its average item value (cents; null without items)'),
  rate: z.number().describe('what was compared, shrunk toward the peer group’s pooled rate: per 100 receipts (count), cents per 100 receipts (amount), cents per item (average)'),
  peerMedian: z.number().describe('the peers’ median of the same'),
  z: z.number().describe('spreads worse than the median, clipped at 8'),
  contribution: z.number().describe('weight × z'),
});

export const rankedCashierSchema = z.object({
  rank: z.int().min(1).nullable().describe('among every scored cashier of the scope (chain-wide without storeId or region); null: not scored'),
  storeRank: z.int().min(1).nullable().describe('among the scored cashiers of its store; null: not scored'),
  cashierId: z.string(),
  storeId: z.string(),
  tillKind: z.enum(['staffed', 'sco']).describe('sco: the store’s self-checkout pseudo-cashier <storeId>-SCO; staffed: anyone else'),
  receipts: z.int(),
  peers: z.int().min(0).describe('the other scored cashiers of the same store and kind of till it is compared with'),
  score: z.number().nullable().describe('Σ weight × z; null: under 10 receipts, or no peer to compare with'),
  drivers: z.array(riskDriverSchema).describe('the signals at least one spread worse than peers (z ≥ 1), largest contribution first'),
  ruleHits: z.int().min(1).optional().describe('with `rule`: the rule’s hits of this cashier at this store in the period'),
});

const answer = exceptionsAnswerSchema.shape;

export const riskAnswerSchema = z
  .object({
    scope: answer.scope,
    period: answer.period,
    source: answer.source,
    currency: answer.currency,
    weights: weightsVersionSchema.describe('the weights the scores were computed with'),
    rule: z
      .object({
        ruleId: z.string(),
        name: z.string(),
        hits: z.int().min(0).describe('all its hits in the scope and period'),
        withoutCashier: z.int().min(0).describe('of them, hits with no cashier signed in (not listed)'),
      })
      .nullable()
      .describe('with `rule`: the rule; only the cashiers it hit are listed, their ranks still those of the whole scope'),
    cashiers: z.array(rankedCashierSchema).describe('by rank, then those not scored (by store and id); at most `limit`'),
    total: z.int().min(0).describe('cashiers listed before `limit`: of the scope with any exception metric in the period (with `rule`: those it hit)'),
    scored: z.int().min(0).describe('how many of them were scored'),
    generatedAt: z.string().describe('ISO 8601 UTC'),
  })
  .describe('The cashiers of a scope ranked by risk score over a period');

export const riskWeightsAnswerSchema = z
  .object({
    current: weightsVersionSchema.describe('the weights in force'),
    previous: z.array(weightsVersionSchema).describe('the versions before it still kept, newest first, down to the defaults (version 0); at most 20'),
    defaults: weightsSchema,
    maxWeight: z.number(),
    signals: z
      .array(
        z.object({
          metric,
          kind,
          direction: z.enum(['high', 'low']).describe('which way is suspicious: above peers, or (average item value) below'),
          countMetric: z.enum(COUNT_METRICS as [CountMetric, ...CountMetric[]]).optional().describe('an amount’s count: the exceptions whose amounts it sums'),
          defaultWeight: z.number(),
          why: z.string(),
        }),
      )
      .describe('every signal (lib/loss/risk-signals.ts)'),
  })
  .describe('The weights of the risk ranking: in force, earlier versions, defaults');

// Both ways: the schemas describe exactly the types.
const _r = (x: z.infer<typeof riskAnswerSchema>): RiskAnswer => x;
const _rBack = (x: RiskAnswer): z.infer<typeof riskAnswerSchema> => x;
const _w = (x: z.infer<typeof riskWeightsAnswerSchema>): RiskWeightsAnswer => x;
const _wBack = (x: RiskWeightsAnswer): z.infer<typeof riskWeightsAnswerSchema> => x;
