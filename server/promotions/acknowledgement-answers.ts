import { z } from 'zod';
import type { AcknowledgementsAnswer } from '../../lib/promotions/acknowledgement-answers';

/**
 * GET /api/v1/promotions/{id}/acknowledgements as a zod schema, from which the OpenAPI document
 * is generated (promotion-openapi.ts). The type is lib/promotions/acknowledgement-answers.ts; the
 * lines at the end stop compiling when the two drift apart.
 */
const store = z.object({
  storeId: z.string(),
  name: z.string().nullable(),
  region: z.string().nullable(),
  timezone: z.string().nullable(),
  currency: z.string().nullable(),
  targeted: z.boolean().describe('published to this store'),
  firstAppliedAt: z.string().nullable().describe('the first pos.discount.applied naming the promotion (UTC); null: pending'),
  firstEvent: z.object({ eventId: z.string(), tillId: z.string(), receiptId: z.string() }).nullable(),
  lastAppliedAt: z.string().nullable(),
  discounts: z.int().min(0).describe('discounts applying it so far'),
  discountAmount: z.int().describe('their sum, minor units of the store’s currency'),
});

export const acknowledgementsAnswerSchema = z.object({
  promotionId: z.string(),
  status: z.enum(['draft', 'scheduled', 'running', 'ended', 'withdrawn']),
  published: z.boolean().describe('false for a draft: nothing was sent to the stores (stores is empty)'),
  stores: z.array(store).describe('every store it was published to, in store order'),
  outside: z.array(store).describe('stores that applied it without being targeted (none when the tills behave)'),
  summary: z.object({ targeted: z.int(), applied: z.int(), pending: z.int(), discounts: z.int() }),
  generatedAt: z.string(),
});

// Both ways: the schema describes exactly the type.
const _a = (x: z.infer<typeof acknowledgementsAnswerSchema>): AcknowledgementsAnswer => x;
const _aBack = (x: AcknowledgementsAnswer): z.infer<typeof acknowledgementsAnswerSchema> => x;
