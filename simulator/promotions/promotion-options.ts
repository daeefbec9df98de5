/**
 * Which promotions the tills apply:
 * - `calendar`: HQ's weekly promotion calendar only (`world/promotions.ts`), as always;
 * - `hq`: the calendar and, in addition, whatever arrives on `hq.promotions` (promotions
 *   authored at HQ, and their withdrawals), with the shoppers' response to them.
 */
export type PromotionMode = 'calendar' | 'hq';

export interface PromotionOptions {
  mode: PromotionMode;
  /** Planted lift on the units of an authored promotion's SKUs while it runs in a store (0.2 = +20 %). */
  lift: number;
  /** Share of the lines of the rest of the promoted SKUs' categories that shoppers leave out meanwhile. */
  cannibalisation: number;
  /** Per promotion id, instead of `lift` (tests, the in-memory API). */
  liftById?: Record<string, number>;
  /** Per promotion id, instead of `cannibalisation`. */
  cannibalisationById?: Record<string, number>;
}

export const DEFAULT_PROMO_LIFT = 0.2;
export const DEFAULT_PROMO_CANNIBALISATION = 0.05;
