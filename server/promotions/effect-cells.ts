import type { Cell } from '../../lib/promotions/effect-stats';
import { sameWallClockWeeksBefore } from '../../lib/time/local-time';

const HOUR = 3_600_000;

/** A store's window of a promotion, epoch ms, and the store's timezone (its baseline hours are wall-clock hours). */
export interface StoreWindow {
  from: number;
  to: number;
  timezone: string;
}

/** Sold units and value per `storeId|hourMs` (UTC hour start), as read from sku_sales_per_hour. */
export type SoldHours = ReadonlyMap<string, { units: number; value: number }>;

export type EffectCell = Cell & { storeId: string; hour: number };

/**
 * The whole UTC hours of each store's window as cells (docs/kpis.md "Promotions: effect"), each
 * with the mean of the same local wall-clock hour 1…`weeks` weeks back: across a DST change that
 * is the UTC hour an hour earlier or later, so the baseline compares 12:00 with 12:00. A cell
 * where nothing sold now nor then (a closed store) says nothing and is left out.
 */
export function effectCells(windows: ReadonlyMap<string, StoreWindow>, sold: SoldHours, discounts: ReadonlyMap<string, number>, weeks: number): EffectCell[] {
  const cells: EffectCell[] = [];
  for (const [storeId, w] of windows) {
    for (let h = Math.ceil(w.from / HOUR) * HOUR; h + HOUR <= w.to; h += HOUR) {
      const at = sold.get(`${storeId}|${h}`);
      let baseUnits = 0;
      let baseValue = 0;
      for (let k = 1; k <= weeks; k++) {
        const b = sold.get(`${storeId}|${sameWallClockWeeksBefore(h, w.timezone, k)}`);
        baseUnits += b?.units ?? 0;
        baseValue += b?.value ?? 0;
      }
      const cell = { storeId, hour: h, units: at?.units ?? 0, value: at?.value ?? 0, discount: discounts.get(`${storeId}|${h}`) ?? 0, baseUnits: weeks > 0 ? baseUnits / weeks : 0, baseValue: weeks > 0 ? baseValue / weeks : 0 };
      if (cell.units > 0 || cell.baseUnits > 0) cells.push(cell);
    }
  }
  return cells;
}
