import { z } from 'zod';
import type { EffectAnswer } from '../../lib/promotions/effect-answers';

/**
 * The effect route's answer as a zod schema, from which its OpenAPI is generated; the type the
 * code builds and the browser reads is lib/promotions/effect-answers.ts (the lines at the end
 * stop compiling when they drift apart).
 */
const estimate = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('measured'), value: z.number(), low: z.number(), high: z.number() }),
    z.object({ status: z.literal('not_enough_data'), reason: z.string() }),
  ])
  .describe('an estimate with its 95 % interval, or why there is none yet');
const unavailable = z.object({ status: z.literal('unavailable'), reason: z.string() });
const skuSet = {
  skus: z.int(),
  units: z.number(),
  baselineUnits: z.number().describe('the baseline weeks’ same hours, averaged'),
  uplift: estimate.describe('units / expected − 1'),
  incrementalUnits: estimate,
};
const group = z.object({ receipts: z.int(), basketValue: estimate, basketItems: estimate, checkoutSeconds: estimate, itemsPerMinute: estimate });

export const effectAnswerSchema = z
  .object({
    promotionId: z.string(),
    name: z.string(),
    currency: z.string().nullable(),
    design: z.object({
      method: z.enum(['did', 'baseline']).describe('did: against the stores without it (difference in differences); baseline: previous weeks only'),
      treatedStores: z.array(z.string()),
      controlStores: z.array(z.string()),
      baselineWeeks: z.int(),
      hours: z.int().describe('whole store-hours measured'),
      from: z.string().nullable(),
      to: z.string().nullable(),
      confidence: z.number(),
      resamples: z.int(),
    }),
    promoted: z.object({
      ...skuSet,
      grossRevenue: z.number(),
      discountCost: z.number().describe('every discount naming it, on receipts that stand (cents)'),
      netRevenue: z.number(),
      incrementalRevenue: estimate,
      netIncrementalMargin: z.union([estimate, unavailable]),
    }),
    category: z
      .object({ ...skuSet, categories: z.array(z.string()) })
      .nullable()
      .describe('the rest of its SKUs’ categories'),
    baskets: z.object({ withPromoted: group, withoutPromoted: group }),
    series: z.array(z.object({ hour: z.string(), units: z.number(), expectedUnits: z.number() })),
    generatedAt: z.string(),
  })
  .describe('What a promotion is doing, with the data each figure rests on (docs/kpis.md, "Promotions: effect")');

// Both ways: the schema describes exactly the type.
const _e = (x: z.infer<typeof effectAnswerSchema>): EffectAnswer => x;
const _eBack = (x: EffectAnswer): z.infer<typeof effectAnswerSchema> => x;
