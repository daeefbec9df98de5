import { z } from 'zod';
import { id, localDateTime, sku, text } from '../../lib/contract/fields';
import { hqEvents } from '../../lib/contract/events/hq';
import type { PromotionDraft } from '../../lib/promotions/authoring-answers';
import { parseInput, UserInputError } from '../auth/user-input';

/**
 * What the promotion routes take, validated with zod (a wrong field is a 400 that names it):
 * a draft (create, edit), a publish and a withdrawal, the list's query, the path's id. A draft
 * is also checked against the contract's own rules for `promo.published` (a percentage from 1
 * to 100, a bundle of 2 SKUs or more, …), so nothing is authored that could not be published.
 */
export const promotionIdSchema = id(64);

const target = z.discriminatedUnion(
  'scope',
  [
    z.strictObject({ scope: z.literal('chain') }).describe('every store'),
    z.strictObject({ scope: z.literal('region'), region: text(64) }).describe('the stores of a region (resolved to a list when published)'),
    z.strictObject({ scope: z.literal('stores'), storeIds: z.array(id(32)).min(1, 'at least one store').max(5000) }).describe('a list of stores'),
  ],
  { error: 'scope: one of chain, region, stores' },
);

export const promotionDraftSchema = z
  .strictObject({
    name: text(200),
    kind: z.enum(['percent_off', 'amount_off', 'multi_buy', 'bundle']),
    value: z.int().min(0).max(1_000_000).describe('percent off (1-100); cents off each unit; the paid quantity of a multi-buy group; the bundle’s price in cents'),
    buyQty: z.int().min(2).max(100).optional().describe('multi-buy: units in one group (3 for 2: 3); default value + 1'),
    skus: z.array(sku()).max(5000).default([]).describe('the promoted SKUs (a bundle: one of each)'),
    category: text(100).optional().describe('every SKU of this category'),
    target,
    localStart: localDateTime().describe('wall-clock start, read in each store’s own timezone'),
    localEnd: localDateTime().describe('wall-clock end, read in each store’s own timezone'),
  })
  .describe('A promotion as HQ writes it');

export const publishBodySchema = z
  .strictObject({
    basedOn: z.int().min(1).describe('the version shown: if it changed since, nothing is published (409)'),
    acknowledgeOverlaps: z.boolean().default(false).describe('publish although it overlaps other promotions (otherwise 409 listing them)'),
  })
  .describe('Publish a draft to hq.promotions');

export const withdrawBodySchema = z
  .strictObject({
    basedOn: z.int().min(1).describe('the version shown'),
    reason: text(200).describe('why, as the stores will read it'),
  })
  .describe('Withdraw a published promotion');

export const editBodySchema = z.strictObject({ basedOn: z.int().min(1).describe('the version shown'), draft: promotionDraftSchema });

export const listQuerySchema = z.strictObject({
  status: z.enum(['draft', 'scheduled', 'running', 'ended', 'withdrawn']).optional().describe('only promotions with this status'),
});

const published = hqEvents.find((e) => e.type === 'promo.published')!.payload;

/** A draft checked by zod, then by the contract's rules for what will be published; a UserInputError names the field. */
export function parseDraft(input: unknown): PromotionDraft {
  const draft = parseInput(promotionDraftSchema, input) as PromotionDraft;
  const r = published.safeParse(payloadShapeOf(draft));
  if (!r.success) {
    const issue = r.error.issues[0]!;
    // The instants are derived from the wall-clock times: name what the author wrote.
    const path = issue.path.map(String).join('.');
    throw new UserInputError(path === 'endsAt' ? 'localEnd' : path === 'startsAt' ? 'localStart' : path, issue.message);
  }
  return draft;
}

/** The draft in the contract's shape, with placeholder stores and instants (checked for the kind's and SKUs' rules only). */
function payloadShapeOf(d: PromotionDraft) {
  return {
    promotionId: 'draft',
    name: d.name,
    kind: d.kind,
    value: d.value,
    ...(d.buyQty !== undefined ? { buyQty: d.buyQty } : {}),
    skus: d.skus,
    ...(d.category !== undefined ? { category: d.category } : {}),
    storeIds: [],
    startsAt: `${d.localStart}:00Z`,
    endsAt: `${d.localEnd}:00Z`,
    localStart: d.localStart,
    localEnd: d.localEnd,
  };
}
