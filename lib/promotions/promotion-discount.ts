import type { PublishedPromotion } from './promotion-window';

/** A line of a basket as the till rang it up (voided lines left out). */
export interface BasketLine {
  lineId: number;
  sku: string;
  qty: number;
  /** What the line charges per unit, in cents (after a price override). */
  unitPrice: number;
}

/** The promotion's discount on one line, in cents (> 0). */
export interface LineDiscount {
  lineId: number;
  amount: number;
}

type Promo = Pick<PublishedPromotion, 'kind' | 'value' | 'buyQty' | 'skus'>;

/**
 * The discount a promotion gives on a basket, per line (only lines with a discount, by
 * lineId). `covers` says which SKUs the promotion covers (`skuCoverage`); a bundle uses its
 * listed `skus` only.
 *
 * - `percent_off`: per unit, `round(unitPrice × value / 100)` (half a cent up), times qty: the
 *   same unit gets the same discount in any basket.
 * - `amount_off`: per unit, `value` cents but never more than the unit's price (the price
 *   never goes below 0), times qty.
 * - `multi_buy` ("buyQty for value", 3 for 2 = buyQty 3, value 2): the covered units of the
 *   basket, whatever their SKU, are ordered by unit price, dearest first (ties by lineId);
 *   each full run of buyQty units in that order is a group, and the (buyQty − value) last,
 *   cheapest units of each group are free. Units left over (fewer than buyQty, the cheapest)
 *   pay full price. The discount lands on the lines of the free units.
 * - `bundle` (value = the bundle's price): one unit of each listed SKU makes a set; as many
 *   sets as the scarcest SKU allows, taking each SKU's units in lineId order. A set whose
 *   units cost more than the bundle price is discounted by the difference, split over the
 *   set's lines in proportion to their unit prices (rounded down, the cents left given one
 *   each in the bundle's SKU order), so each line's net price stays ≥ 0.
 */
export function promotionDiscounts(promo: Promo, lines: readonly BasketLine[], covers: (sku: string) => boolean): LineDiscount[] {
  const byLine = new Map<number, number>();
  const add = (lineId: number, amount: number) => {
    if (amount > 0) byLine.set(lineId, (byLine.get(lineId) ?? 0) + amount);
  };
  switch (promo.kind) {
    case 'percent_off':
      for (const l of lines) if (covers(l.sku)) add(l.lineId, l.qty * percentOffUnit(l.unitPrice, promo.value));
      break;
    case 'amount_off':
      for (const l of lines) if (covers(l.sku)) add(l.lineId, l.qty * Math.min(promo.value, l.unitPrice));
      break;
    case 'multi_buy':
      for (const [lineId, amount] of multiBuy(promo, lines.filter((l) => covers(l.sku)))) add(lineId, amount);
      break;
    case 'bundle':
      for (const [lineId, amount] of bundle(promo, lines)) add(lineId, amount);
      break;
  }
  return [...byLine].sort((a, b) => a[0] - b[0]).map(([lineId, amount]) => ({ lineId, amount }));
}

/** The percentage off one unit, in whole cents, half a cent up. */
export function percentOffUnit(unitPrice: number, percent: number): number {
  return Math.round((unitPrice * percent) / 100);
}

/** The units in a multi-buy group (3 for 2: 3). */
export function multiBuyGroupSize(promo: Pick<PublishedPromotion, 'value' | 'buyQty'>): number {
  return promo.buyQty ?? promo.value + 1;
}

function multiBuy(promo: Promo, lines: readonly BasketLine[]): [number, number][] {
  const size = multiBuyGroupSize(promo);
  const free = size - promo.value;
  const units = lines.flatMap((l) => Array.from({ length: l.qty }, () => l)).sort((a, b) => b.unitPrice - a.unitPrice || a.lineId - b.lineId);
  const out: [number, number][] = [];
  for (let g = 0; (g + 1) * size <= units.length; g++) {
    for (let i = (g + 1) * size - free; i < (g + 1) * size; i++) out.push([units[i]!.lineId, units[i]!.unitPrice]);
  }
  return out;
}

function bundle(promo: Promo, lines: readonly BasketLine[]): [number, number][] {
  const skus = [...new Set(promo.skus)];
  const unitsOf = skus.map((sku) =>
    lines
      .filter((l) => l.sku === sku)
      .sort((a, b) => a.lineId - b.lineId)
      .flatMap((l) => Array.from({ length: l.qty }, () => l)),
  );
  const sets = Math.min(...unitsOf.map((u) => u.length));
  const out: [number, number][] = [];
  for (let k = 0; k < sets; k++) {
    const parts = unitsOf.map((u) => u[k]!);
    const sum = parts.reduce((s, p) => s + p.unitPrice, 0);
    const discount = sum - promo.value;
    if (discount <= 0) continue;
    const shares = parts.map((p) => Math.floor((discount * p.unitPrice) / sum));
    let left = discount - shares.reduce((s, x) => s + x, 0);
    for (let i = 0; left > 0 && i < parts.length; i++) {
      if (shares[i]! < parts[i]!.unitPrice) {
        shares[i]! += 1;
        left -= 1;
      }
    }
    parts.forEach((p, i) => out.push([p.lineId, shares[i]!]));
  }
  return out;
}
