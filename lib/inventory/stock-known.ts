/**
 * Whether the stock of a SKU at a location is known (docs/kpis.md, "Low stock and
 * replenishment"): it has been counted, or moved by a movement, at least once. The inventory
 * worker writes the on-hand field (`redisKeys.invOnHand(locationId)`, field: the SKU) at a
 * pair's first count or first movement and never removes it, so the stock is known exactly
 * when that field exists; give it the field as read (null, undefined or '' when absent).
 *
 * Narrower than the read API's "tracked" (server/inventory/stock-level.ts, `isTracked`: any
 * stock field or a threshold): a pair with only a threshold or a reservation is tracked, but
 * its on hand of 0 is no more than "nothing known yet", so it is never judged low.
 */
export const isStockKnown = (onHandRaw: string | null | undefined): boolean => onHandRaw !== null && onHandRaw !== undefined && onHandRaw !== '';
