import { dateTime64Param } from '../stores/activity-queries';

/**
 * The SQL of a promotion's effect (effect-service.ts) over ClickHouse: the hourly SKU rollup
 * (migration 0004: sold less post-voided, value at the lines' prices before receipt-level
 * discounts) and `events` FINAL for the promotion's discounts and the receipts. Values only
 * travel as server-side parameters; a store's own window is looked up in parallel arrays.
 */
const IN_WINDOW = `occurred_at >= arrayElement({froms:Array(DateTime64(3,'UTC'))}, indexOf({stores:Array(String)}, store_id))
       AND occurred_at < arrayElement({tos:Array(DateTime64(3,'UTC'))}, indexOf({stores:Array(String)}, store_id))`;

/** Units and value of a set of SKUs per store and UTC hour. */
export const SKU_HOURS_SQL = `SELECT store_id AS storeId, toUnixTimestamp(hour) * 1000 AS hourMs,
            sum(sold_units - postvoided_units) AS units, sum(sold_value - postvoided_value) AS value
     FROM sku_sales_per_hour
     WHERE store_id IN {stores:Array(String)} AND sku IN {skus:Array(String)}
       AND hour >= {from:DateTime('UTC')} AND hour < {to:DateTime('UTC')}
     GROUP BY storeId, hourMs`;

/** The first hour with any sale in the stores: how many baseline weeks history holds. */
export const FIRST_HOUR_SQL = `SELECT toUnixTimestamp(min(hour)) * 1000 AS first, count() AS n FROM sku_sales_per_hour WHERE store_id IN {stores:Array(String)}`;

/** The promotion's discounts per store and UTC hour, on receipts that closed and were not post-voided. */
export const DISCOUNT_HOURS_SQL = `SELECT store_id AS storeId, toUnixTimestamp(toStartOfHour(occurred_at)) * 1000 AS hourMs, sum(amount) AS discount
     FROM events FINAL
     WHERE type = 'pos.discount.applied' AND store_id IN {stores:Array(String)} AND ${IN_WINDOW}
       AND JSONExtractString(payload, 'promotionId') = {promotionId:String}
       AND (store_id, receipt_id) IN (SELECT store_id, receipt_id FROM events FINAL WHERE type = 'pos.receipt.closed' AND store_id IN {stores:Array(String)} AND occurred_at >= {from:DateTime64(3,'UTC')})
       AND (store_id, receipt_id) NOT IN (SELECT store_id, receipt_id FROM events FINAL WHERE type = 'pos.receipt.postvoided' AND store_id IN {stores:Array(String)} AND occurred_at >= {from:DateTime64(3,'UTC')})
     GROUP BY storeId, hourMs`;

/**
 * The receipts closed in each store's window, with and without the promoted SKUs: their count,
 * and the sums (and sums of squares and products) of total, items and checkout time (from the
 * receipt's first opening to its close) that means and ratios with intervals need.
 */
export const BASKETS_SQL = `SELECT promoted, count() AS n, sum(total) AS st, sum(total * total) AS st2, sum(items) AS si, sum(items * items) AS si2,
            sum(secs) AS ss, sum(secs * secs) AS ss2, sum(items * secs / 60) AS sim, sum(secs / 60) AS sm, sum((secs / 60) * (secs / 60)) AS sm2
     FROM (
       SELECT hasAny(c.line_skus, {skus:Array(String)}) AS promoted, toFloat64(c.amount) AS total, toFloat64(c.units) AS items,
              greatest(0, toUnixTimestamp64Milli(c.occurred_at) - toUnixTimestamp64Milli(o.opened)) / 1000 AS secs
       FROM (SELECT store_id, receipt_id, amount, units, line_skus, occurred_at FROM events FINAL
             WHERE type = 'pos.receipt.closed' AND store_id IN {stores:Array(String)} AND ${IN_WINDOW}) AS c
       INNER JOIN (SELECT store_id, receipt_id, min(occurred_at) AS opened FROM events FINAL
             WHERE type = 'pos.receipt.opened' AND store_id IN {stores:Array(String)} AND occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at < {to:DateTime64(3,'UTC')}
             GROUP BY store_id, receipt_id) AS o ON c.store_id = o.store_id AND c.receipt_id = o.receipt_id
     )
     GROUP BY promoted`;

export interface SkuHourRow {
  storeId: string;
  hourMs: number;
  units: number;
  value: number;
}
export interface DiscountHourRow {
  storeId: string;
  hourMs: number;
  discount: number;
}
export interface BasketRow {
  promoted: number;
  n: number;
  st: number;
  st2: number;
  si: number;
  si2: number;
  ss: number;
  ss2: number;
  sim: number;
  sm: number;
  sm2: number;
}

/** Seconds-resolution DateTime parameter ('YYYY-MM-DD hh:mm:ss'). */
export const dateTimeParam = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** The per-store windows as the parallel-array parameters of IN_WINDOW, and their overall bounds. */
export function windowParams(windows: ReadonlyMap<string, { from: number; to: number }>) {
  const stores = [...windows.keys()];
  const all = [...windows.values()];
  return {
    stores,
    froms: all.map((w) => dateTime64Param(w.from)),
    tos: all.map((w) => dateTime64Param(w.to)),
    from: dateTime64Param(Math.min(...all.map((w) => w.from)) - 6 * 3_600_000),
    to: dateTime64Param(Math.max(...all.map((w) => w.to))),
  };
}
