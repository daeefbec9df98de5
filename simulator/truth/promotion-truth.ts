/** What an authored promotion did in one store on one store-local day (closed receipts, less post-voided ones). */
export interface PromotionDay {
  /** Units of the promoted SKUs on the receipts it applied to. */
  units: number;
  /** What those units would have been without the planted lift (the shoppers' baseline quantities). */
  counterfactualUnits: number;
  /** Their revenue before the promotion's discount (qty × the line's unit price), in cents. */
  gross: number;
  /** `gross` less `discount`. */
  net: number;
  /** The promotion's `pos.discount.applied` amounts. */
  discount: number;
  /** Receipts with at least one of its SKUs while it ran. */
  receipts: number;
  /** Lines of the rest of its SKUs' categories that shoppers left out (cannibalisation). */
  cannibalisedLines: number;
}

/** One receipt's share of a promotion's day: a `PromotionDay` without the day. */
export type PromotionReceiptEffect = PromotionDay & { promotionId: string };

interface Planted {
  name: string;
  kind: string;
  lift: number;
  cannibalisation: number;
  stores: Map<string, Map<string, PromotionDay>>;
}

const FIELDS = ['units', 'counterfactualUnits', 'gross', 'net', 'discount', 'receipts', 'cannibalisedLines'] as const;

/**
 * The ground truth of the promotions authored at HQ (read from `hq.promotions`): per
 * promotion its planted lift and cannibalisation, and per store and store-local day what
 * it did (`PromotionDay`), so a measurement of its effect can be checked exactly.
 */
export class PromotionTruth {
  private readonly byId = new Map<string, Planted>();

  planted(promotionId: string, info: { name: string; kind: string; lift: number; cannibalisation: number }): void {
    const p = this.byId.get(promotionId);
    if (p) Object.assign(p, info);
    else this.byId.set(promotionId, { ...info, stores: new Map() });
  }

  /** A receipt's effect (sign −1: the receipt was post-voided). */
  add(storeId: string, day: string, effect: PromotionReceiptEffect, sign: 1 | -1): void {
    const p = this.byId.get(effect.promotionId);
    if (!p) throw new Error(`promotion ${effect.promotionId} was never taken in`);
    let days = p.stores.get(storeId);
    if (!days) p.stores.set(storeId, (days = new Map()));
    let d = days.get(day);
    if (!d) days.set(day, (d = { units: 0, counterfactualUnits: 0, gross: 0, net: 0, discount: 0, receipts: 0, cannibalisedLines: 0 }));
    for (const k of FIELDS) d[k] += sign * effect[k];
  }

  get empty(): boolean {
    return this.byId.size === 0;
  }

  toJSON(): Record<string, unknown> {
    const sorted = <V>(m: Map<string, V>) => [...m.keys()].sort().map((k) => [k, m.get(k)!] as const);
    return Object.fromEntries(
      sorted(this.byId).map(([id, p]) => [
        id,
        {
          name: p.name,
          kind: p.kind,
          lift: p.lift,
          cannibalisation: p.cannibalisation,
          stores: Object.fromEntries(sorted(p.stores).map(([store, days]) => [store, { days: Object.fromEntries(sorted(days)) }])),
        },
      ]),
    );
  }
}
