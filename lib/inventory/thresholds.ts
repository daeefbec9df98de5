import { z } from 'zod';

/**
 * The reorder point of a SKU at a location, as kept in `redisKeys.invThresholds(locationId)`
 * (field: the SKU). Set over the API (`source: 'api'`) or by `stock.threshold.set` on
 * hq.masterdata (`'masterdata'`); the latest setting wins. A pair without one gets the
 * default from its sales velocity (`defaultThreshold`).
 */
export const thresholdSchema = z.object({
  reorderPoint: z.int().min(0).max(10_000_000),
  targetLevel: z.int().min(0).max(10_000_000).optional(),
  source: z.enum(['api', 'masterdata', 'velocity']),
  /** Epoch ms. */
  setAt: z.number().int(),
  /** The user who set it over the API. */
  setBy: z.string().max(128).optional(),
});
export type Threshold = z.infer<typeof thresholdSchema>;

/** A stored threshold, or null when absent or unreadable (then the default applies). */
export function parseThreshold(json: string | null | undefined): Threshold | null {
  if (!json) return null;
  try {
    const r = thresholdSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Days a replenishment takes to arrive, and the stock kept for demand above the average. */
export const LEAD_TIME_DAYS = 2;
export const SAFETY_DAYS = 1;
/** Days of demand an order brings the stock up to above the reorder point. */
export const REVIEW_DAYS = 7;

/**
 * The default from sales velocity (units per day): reorder point = demand over the lead
 * time plus safety stock; target = the reorder point plus a review period's demand. A SKU
 * that does not sell gets 0 (never low).
 */
export function defaultThreshold(unitsPerDay: number): { reorderPoint: number; targetLevel: number } {
  if (!(unitsPerDay > 0)) return { reorderPoint: 0, targetLevel: 0 };
  const reorderPoint = Math.ceil(unitsPerDay * (LEAD_TIME_DAYS + SAFETY_DAYS));
  return { reorderPoint, targetLevel: reorderPoint + Math.ceil(unitsPerDay * REVIEW_DAYS) };
}

/** The target a replenishment order fills up to: the one set, else twice the reorder point (at least 1 above it). */
export const targetOf = (t: { reorderPoint: number; targetLevel?: number }) => Math.max(t.targetLevel ?? 2 * t.reorderPoint, t.reorderPoint + 1);
