import type { HqPromotion } from './hq-promotions';

/**
 * How shoppers respond to an authored promotion while it runs in their store, without
 * randomness: a running remainder per promotion and store (a carry), so the realised
 * response is as close to the planted one as whole units allow and no random draw of the
 * baseline moves.
 *
 * - Lift: each line of a promoted SKU the shopper would have taken anyway (its baseline
 *   quantity q, drawn exactly as without the promotion) adds lift × q to the carry; the
 *   line gets the carry's whole units on top. So the extra units of a store are
 *   ⌊lift × Σ q⌋ (minus what the shelf could not give, which stays in the carry for the
 *   next line), and the units are (1 + lift) × what they would have been, to within a unit.
 * - Cannibalisation: each line of another SKU of a promoted SKU's category adds the
 *   cannibalisation share to the carry; while it holds a whole line, the shopper leaves that
 *   line out (they took the promoted one instead).
 */
export class ShopperResponse {
  private readonly liftCarry = new Map<string, number>();
  private readonly cannibalCarry = new Map<string, number>();

  /** The extra units on a line of baseline quantity `baseQty` of a SKU `p` promotes; at most `spare` (what the shelf still has). */
  extraUnits(storeId: string, p: HqPromotion, baseQty: number, spare: number): number {
    if (p.lift <= 0) return 0;
    const key = `${p.def.promotionId}|${storeId}`;
    const carry = (this.liftCarry.get(key) ?? 0) + p.lift * baseQty;
    const extra = Math.max(0, Math.min(Math.floor(carry + 1e-9), spare));
    this.liftCarry.set(key, carry - extra);
    return extra;
  }

  /** Whether the shopper leaves out a line of `category` that none of `active` covers; the promotion that took it, if so. */
  leavesOut(storeId: string, active: readonly HqPromotion[], category: string): HqPromotion | undefined {
    const p = active.find((a) => a.cannibalisation > 0 && a.categories.has(category));
    if (!p) return undefined;
    const key = `${p.def.promotionId}|${storeId}`;
    const carry = (this.cannibalCarry.get(key) ?? 0) + p.cannibalisation;
    if (carry + 1e-9 < 1) {
      this.cannibalCarry.set(key, carry);
      return undefined;
    }
    this.cannibalCarry.set(key, carry - 1);
    return p;
  }
}
