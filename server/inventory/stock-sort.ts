import type { SortKey } from './keyset-page';
import type { StockLevel } from './stock-level';

/** The orders a location's stock can be listed in (GET /api/v1/inventory/locations/{locationId}?sort=). */
export const STOCK_SORTS = ['daysOfCover', 'sku', 'available'] as const;
export type StockSort = (typeof STOCK_SORTS)[number];

/**
 * The sort key of a row, ties broken by SKU (unique within a location):
 * - daysOfCover: ascending, what runs out first on top; SKUs that do not sell (null) last;
 * - available: ascending, the emptiest first;
 * - sku: by SKU.
 */
export function stockSortKey(sort: StockSort, row: Pick<StockLevel, 'available' | 'daysOfCover'> & { sku: string }): SortKey {
  switch (sort) {
    case 'daysOfCover':
      return row.daysOfCover === null ? [1, 0, row.sku] : [0, row.daysOfCover, row.sku];
    case 'available':
      return [row.available, row.sku];
    case 'sku':
      return [row.sku];
  }
}
