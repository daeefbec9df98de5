import type { PromotionOverlap } from '../../lib/promotions/authoring-answers';

/** Where and when a promotion runs, and on what: the stores (null: every store), its UTC bounds, its SKUs with the category's expanded. */
export interface Footprint {
  promotionId: string;
  name: string;
  storeIds: readonly string[] | null;
  fromMs: number;
  toMs: number;
  skus: ReadonlySet<string>;
}

const SHOWN_SKUS = 20;

/**
 * The promotions of `others` that share SKUs, stores and time with `p` (issue 9: "a promotion
 * that overlaps another on the same SKUs says so"), with what they share. Times are the UTC
 * bounds over the stores, so two promotions an hour apart in different timezones may show as
 * overlapping: on the safe side. Pure.
 */
export function overlapsOf(p: Footprint, others: readonly Footprint[]): PromotionOverlap[] {
  const out: PromotionOverlap[] = [];
  for (const o of others) {
    if (o.promotionId === p.promotionId) continue;
    const from = Math.max(p.fromMs, o.fromMs);
    const to = Math.min(p.toMs, o.toMs);
    if (from >= to) continue;
    const storeIds = p.storeIds === null ? (o.storeIds === null ? null : [...o.storeIds]) : o.storeIds === null ? [...p.storeIds] : p.storeIds.filter((s) => o.storeIds!.includes(s));
    if (storeIds !== null && storeIds.length === 0) continue;
    const [small, large] = p.skus.size <= o.skus.size ? [p.skus, o.skus] : [o.skus, p.skus];
    const shared = [...small].filter((s) => large.has(s)).sort();
    if (shared.length === 0) continue;
    out.push({
      promotionId: o.promotionId,
      name: o.name,
      skus: shared.slice(0, SHOWN_SKUS),
      skuCount: shared.length,
      storeIds: storeIds === null ? null : [...storeIds].sort(),
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.promotionId < b.promotionId ? -1 : 1));
}
