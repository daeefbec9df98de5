import type { PublishedPromotion } from './promotion-window';

/** The master-data category of a SKU, if known (e.g. from `sku.upserted`). */
export type CategoryOf = (sku: string) => string | undefined;

/**
 * Whether the promotion covers a SKU: it is listed in `skus`, or it belongs to the
 * promotion's `category`. A bundle covers exactly its listed SKUs (one of each makes a
 * bundle): its category, if any, is ignored.
 */
export function coversSku(promo: Pick<PublishedPromotion, 'kind' | 'skus' | 'category'>, sku: string, categoryOf: CategoryOf): boolean {
  return skuCoverage(promo, categoryOf)(sku);
}

/** `coversSku` for many lookups (the listed SKUs in a Set). */
export function skuCoverage(promo: Pick<PublishedPromotion, 'kind' | 'skus' | 'category'>, categoryOf: CategoryOf): (sku: string) => boolean {
  const listed = new Set(promo.skus);
  const category = promo.kind === 'bundle' ? undefined : promo.category;
  return (sku) => listed.has(sku) || (category !== undefined && categoryOf(sku) === category);
}
