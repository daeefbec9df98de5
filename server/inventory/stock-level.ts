import { defaultThreshold, parseThreshold, targetOf, type Threshold } from '../../lib/inventory/thresholds';
import { isStockKnown } from '../../lib/inventory/stock-known';

/**
 * One SKU at one location as the read API shows it, computed from the Redis fields the
 * inventory worker and the reservation API keep (lib/redis-keys.ts, `inv*`). Pure: the
 * reader (stock-reader.ts) fetches the fields, this says what they mean.
 */

/** The raw hash fields of one SKU at one location, null where absent. */
export interface PairFields {
  onHand: string | null;
  reserved: string | null;
  safetyStock: string | null;
  incoming: string | null;
  /** JSON (lib/inventory/thresholds.ts). */
  threshold: string | null;
  /** Units sold per day. */
  velocity: string | null;
}

export const NO_FIELDS: PairFields = { onHand: null, reserved: null, safetyStock: null, incoming: null, threshold: null, velocity: null };

export type ThresholdSource = Threshold['source'];

export interface StockLevel {
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** Available-to-promise: on hand − reserved − safety stock (negative when the book is). */
  available: number;
  incoming: number;
  reorderPoint: number;
  targetLevel: number;
  /** Where the reorder point comes from: set over the API, by master data, or the default from velocity. */
  thresholdSource: ThresholdSource;
  low: boolean;
  unitsPerDay: number;
  daysOfCover: number | null;
}

/** A stock count as stored (integer units); anything unreadable counts as 0. */
const units = (raw: string | null): number => Math.trunc(Number(raw ?? 0)) || 0;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Days the available stock lasts at the current rate of sale (docs/kpis.md, "Days of
 * cover"): available / units sold per day, 2 decimals; 0 when nothing is available; null
 * when the SKU does not sell there (no rate to divide by).
 */
export function daysOfCover(available: number, unitsPerDay: number): number | null {
  if (!(unitsPerDay > 0)) return null;
  return round2(Math.max(0, available) / unitsPerDay);
}

/**
 * The reorder point in force: the one set (API or master data, the latest wins), else the
 * default from velocity. The target shown is what a replenishment order fills up to
 * (`targetOf`), the same number the inventory worker orders with.
 */
export function thresholdInForce(raw: string | null, unitsPerDay: number): { reorderPoint: number; targetLevel: number; thresholdSource: ThresholdSource } {
  const set = parseThreshold(raw);
  if (set) return { reorderPoint: set.reorderPoint, targetLevel: targetOf(set), thresholdSource: set.source };
  const d = defaultThreshold(unitsPerDay);
  return { reorderPoint: d.reorderPoint, targetLevel: d.targetLevel, thresholdSource: 'velocity' };
}

export function stockLevel(f: PairFields): StockLevel {
  const onHand = units(f.onHand);
  const reserved = units(f.reserved);
  const safetyStock = units(f.safetyStock);
  const available = onHand - reserved - safetyStock;
  const unitsPerDay = Math.max(0, Number(f.velocity ?? 0) || 0);
  const t = thresholdInForce(f.threshold, unitsPerDay);
  return {
    onHand,
    reserved,
    safetyStock,
    available,
    incoming: units(f.incoming),
    ...t,
    // A reorder point of 0 is never crossed: a SKU that does not sell is never low (lib/inventory/thresholds.ts);
    // stock never counted nor moved is not known, so not low either (as the worker judges it).
    low: isStockKnown(f.onHand) && t.reorderPoint > 0 && available < t.reorderPoint,
    unitsPerDay: round2(unitsPerDay),
    daysOfCover: daysOfCover(available, unitsPerDay),
  };
}

/** Does the location keep anything of this SKU (a stock field or a threshold)? */
export const isTracked = (f: PairFields): boolean => [f.onHand, f.reserved, f.safetyStock, f.incoming, f.threshold].some((v) => v !== null);
