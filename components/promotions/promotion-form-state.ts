import type { PromotionDraft, PromotionKind } from '@/lib/promotions/authoring-answers';
import { minorDigits } from '@/components/format/format';

/**
 * The "New promotion" form's state as typed, and the draft the API takes. Money is typed in
 * the currency's major unit ("1.50") and sent in its minor units (150); anything that is not
 * a number is sent as it is (null), so the API's 400 names the field.
 */
export interface PromotionFormState {
  name: string;
  kind: PromotionKind;
  value: string;
  buyQty: string;
  skus: string[];
  category: string;
  scope: 'chain' | 'region' | 'stores';
  region: string;
  storeIds: string[];
  localStart: string;
  localEnd: string;
}

export const KIND_LABELS: Record<PromotionKind, string> = {
  percent_off: 'Percent off',
  amount_off: 'Amount off each unit',
  multi_buy: 'Multi-buy (3 for 2)',
  bundle: 'Bundle price',
};

/** What the value field means for each kind. */
export const VALUE_LABELS: Record<PromotionKind, string> = {
  percent_off: 'Percent off (1–100)',
  amount_off: 'Off each unit',
  multi_buy: 'Units paid',
  bundle: 'Bundle price',
};

export const isMoney = (kind: PromotionKind): boolean => kind === 'amount_off' || kind === 'bundle';

export const emptyForm = (): PromotionFormState => ({
  name: '',
  kind: 'percent_off',
  value: '',
  buyQty: '',
  skus: [],
  category: '',
  scope: 'chain',
  region: '',
  storeIds: [],
  localStart: '',
  localEnd: '',
});

const num = (text: string): number => (text.trim() === '' ? NaN : Number(text.trim().replace(',', '.')));

export function toDraft(f: PromotionFormState, currency: string | null): PromotionDraft {
  const n = num(f.value);
  const value = isMoney(f.kind) ? Math.round(n * 10 ** minorDigits(currency)) : n;
  const target = f.scope === 'chain' ? { scope: 'chain' as const } : f.scope === 'region' ? { scope: 'region' as const, region: f.region } : { scope: 'stores' as const, storeIds: f.storeIds };
  return {
    name: f.name.trim(),
    kind: f.kind,
    value,
    ...(f.kind === 'multi_buy' && f.buyQty.trim() !== '' ? { buyQty: num(f.buyQty) } : {}),
    skus: f.skus,
    ...(f.category.trim() !== '' ? { category: f.category.trim() } : {}),
    target,
    localStart: f.localStart,
    localEnd: f.localEnd,
  };
}

export function fromDraft(d: PromotionDraft, currency: string | null): PromotionFormState {
  return {
    name: d.name,
    kind: d.kind,
    value: isMoney(d.kind) ? (d.value / 10 ** minorDigits(currency)).toFixed(minorDigits(currency)) : String(d.value),
    buyQty: d.buyQty !== undefined ? String(d.buyQty) : '',
    skus: d.skus,
    category: d.category ?? '',
    scope: d.target.scope,
    region: d.target.scope === 'region' ? d.target.region : '',
    storeIds: d.target.scope === 'stores' ? d.target.storeIds : [],
    localStart: d.localStart,
    localEnd: d.localEnd,
  };
}
