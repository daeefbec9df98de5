import type { StoreInfo } from '@/lib/kpis/store-answers';
import type { PromotionDraft, PromotionRecord, PromotionStatus } from '@/lib/promotions/authoring-answers';
import { formatMoney } from '@/components/format/format';

/** How a promotion reads on the pages: its offer, what and where, when, in words. */

export const STATUS_LABELS: Record<PromotionStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Running',
  ended: 'Ended',
  withdrawn: 'Withdrawn',
};

/** The pill class of a status (colours shared with the other pages). */
export const STATUS_PILL: Record<PromotionStatus, string> = {
  draft: 'pill-gap',
  scheduled: 'pill-warning',
  running: 'pill-online',
  ended: 'pill-muted',
  withdrawn: 'pill-offline',
};

/** "20 % off", "3 for 2", "€1.50 off each", "bundle for €9.99" (money in the stores' currency minor units). */
export function offerLabel(d: Pick<PromotionDraft, 'kind' | 'value' | 'buyQty'>, currency: string | null): string {
  switch (d.kind) {
    case 'percent_off':
      return `${d.value} % off`;
    case 'amount_off':
      return `${formatMoney(d.value, currency)} off each`;
    case 'multi_buy':
      return `${d.buyQty ?? d.value + 1} for ${d.value}`;
    case 'bundle':
      return `bundle for ${formatMoney(d.value, currency)}`;
  }
}

const MAX_LISTED = 4;
const listed = (xs: string[]) => (xs.length <= MAX_LISTED ? xs.join(', ') : `${xs.slice(0, MAX_LISTED).join(', ')} +${xs.length - MAX_LISTED} more`);

/** "All stores", "Region North", "Stores S001, S002". */
export function targetLabel(d: Pick<PromotionDraft, 'target'>): string {
  const t = d.target;
  if (t.scope === 'chain') return 'All stores';
  if (t.scope === 'region') return `Region ${t.region}`;
  return `${t.storeIds.length === 1 ? 'Store' : 'Stores'} ${listed(t.storeIds)}`;
}

/** "SKU-1, SKU-2 · category Oils". */
export function itemsLabel(d: Pick<PromotionDraft, 'skus' | 'category'>): string {
  const parts = [d.skus.length ? listed(d.skus) : '', d.category ? `category ${d.category}` : ''].filter(Boolean);
  return parts.join(' · ') || '–';
}

/** "2026-11-21 09:00 – 2026-11-22 22:00 local". */
export function windowLabel(d: Pick<PromotionDraft, 'localStart' | 'localEnd'>): string {
  return `${d.localStart.replace('T', ' ')} – ${d.localEnd.replace('T', ' ')} local`;
}

/** The stores a promotion is (or would be) for. */
export function storesOf(p: Pick<PromotionRecord, 'draft' | 'published'>, all: StoreInfo[]): StoreInfo[] {
  if (p.published) {
    const ids = new Set(p.published.storeIds);
    return all.filter((s) => ids.has(s.storeId));
  }
  const t = p.draft.target;
  if (t.scope === 'chain') return all;
  if (t.scope === 'region') return all.filter((s) => s.region === t.region);
  const ids = new Set(t.storeIds);
  return all.filter((s) => ids.has(s.storeId));
}

/** The one currency of those stores; null when they mix currencies or none is known (amounts then read without a symbol). */
export function currencyOf(stores: StoreInfo[]): string | null {
  const set = new Set(stores.map((s) => s.currency));
  return set.size === 1 ? [...set][0]! : null;
}
