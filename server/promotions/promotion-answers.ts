import { z } from 'zod';
import type { PromotionAnswer, PromotionsAnswer } from '../../lib/promotions/authoring-answers';

/**
 * The promotion routes' answers as zod schemas, from which the OpenAPI document is generated
 * (promotion-openapi.ts). The types the code builds and the browser reads are in
 * lib/promotions/authoring-answers.ts; the lines at the end stop compiling when they drift apart.
 */
const draft = z.object({
  name: z.string(),
  kind: z.enum(['percent_off', 'amount_off', 'multi_buy', 'bundle']),
  value: z.int(),
  buyQty: z.int().optional(),
  skus: z.array(z.string()),
  category: z.string().optional(),
  target: z.discriminatedUnion('scope', [
    z.object({ scope: z.literal('chain') }),
    z.object({ scope: z.literal('region'), region: z.string() }),
    z.object({ scope: z.literal('stores'), storeIds: z.array(z.string()) }),
  ]),
  localStart: z.string().describe('wall clock, each store’s own timezone'),
  localEnd: z.string(),
});

export const promotionRecordSchema = z.object({
  promotionId: z.string(),
  version: z.int().min(1).describe('moves on by one with every change; a change names the version it was made from'),
  status: z.enum(['draft', 'scheduled', 'running', 'ended', 'withdrawn']),
  draft,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  published: z
    .object({ by: z.string(), at: z.string(), storeIds: z.array(z.string()).describe('the stores it was published to'), startsAt: z.string(), endsAt: z.string(), eventId: z.string() })
    .nullable(),
  withdrawn: z.object({ by: z.string(), at: z.string(), reason: z.string(), eventId: z.string() }).nullable(),
});

export const promotionOverlapSchema = z.object({
  promotionId: z.string(),
  name: z.string(),
  skus: z.array(z.string()).describe('up to 20 of the SKUs both promote'),
  skuCount: z.int(),
  storeIds: z.array(z.string()).nullable().describe('the stores both run in (null: every store)'),
  from: z.string(),
  to: z.string(),
});

export const promotionAnswerSchema = z.object({
  promotion: promotionRecordSchema,
  overlaps: z.array(promotionOverlapSchema).describe('published promotions in force sharing SKUs, stores and time with it'),
});
export const promotionsAnswerSchema = z.object({ promotions: z.array(promotionRecordSchema).describe('newest start first'), generatedAt: z.string() });

// Both ways: the schemas describe exactly the types.
const _a = (x: z.infer<typeof promotionAnswerSchema>): PromotionAnswer => x;
const _aBack = (x: PromotionAnswer): z.infer<typeof promotionAnswerSchema> => x;
const _l = (x: z.infer<typeof promotionsAnswerSchema>): PromotionsAnswer => x;
const _lBack = (x: PromotionsAnswer): z.infer<typeof promotionsAnswerSchema> => x;
