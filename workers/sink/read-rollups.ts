import type { ClickHouseClient } from '../../lib/clients/clickhouse';

/**
 * How the rollups are read: always sum() ... GROUP BY (SummingMergeTree sums a key's
 * rows only when parts merge), over a half-open UTC range. The sink's tests use these;
 * the web tier's history queries follow the same shape.
 */
export interface StoreMinute {
  store_id: string;
  minute: string;
  gross: number;
  net: number;
  receipts: number;
  items: number;
  refunds: number;
  post_voids: number;
}

export interface WebMinute {
  location_id: string;
  minute: string;
  net: number;
}

export interface SkuHour {
  store_id: string;
  sku: string;
  hour: string;
  sold_units: number;
  sold_value: number;
  postvoided_units: number;
  postvoided_value: number;
  refunded_units: number;
}

export interface TimeRange {
  /** `YYYY-MM-DD hh:mm:ss`, UTC, inclusive. */
  from: string;
  /** Exclusive. */
  to: string;
}

async function all<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

export function salesPerStoreMinute(ch: ClickHouseClient, range: TimeRange): Promise<StoreMinute[]> {
  return all(
    ch,
    `SELECT s.store_id AS store_id, toString(s.minute) AS minute, sum(s.gross) AS gross,
            sum(s.gross) - sum(s.refunds) - sum(s.post_voids) AS net, sum(s.receipts) AS receipts, sum(s.items) AS items,
            sum(s.refunds) AS refunds, sum(s.post_voids) AS post_voids
     FROM sales_per_store_minute AS s
     WHERE s.minute >= {from:DateTime('UTC')} AND s.minute < {to:DateTime('UTC')}
     GROUP BY s.store_id, s.minute ORDER BY s.store_id, s.minute`,
    { ...range },
  );
}

export function webSalesPerLocationMinute(ch: ClickHouseClient, range: TimeRange): Promise<WebMinute[]> {
  return all(
    ch,
    `SELECT w.location_id AS location_id, toString(w.minute) AS minute, sum(w.paid) - sum(w.refunded) AS net
     FROM web_sales_per_location_minute AS w
     WHERE w.minute >= {from:DateTime('UTC')} AND w.minute < {to:DateTime('UTC')}
     GROUP BY w.location_id, w.minute ORDER BY w.location_id, w.minute`,
    { ...range },
  );
}

export function skuSalesPerHour(ch: ClickHouseClient, range: TimeRange): Promise<SkuHour[]> {
  return all(
    ch,
    `SELECT k.store_id AS store_id, k.sku AS sku, toString(k.hour) AS hour, sum(k.sold_units) AS sold_units,
            sum(k.sold_value) AS sold_value, sum(k.postvoided_units) AS postvoided_units,
            sum(k.postvoided_value) AS postvoided_value, sum(k.refunded_units) AS refunded_units
     FROM sku_sales_per_hour AS k
     WHERE k.hour >= {from:DateTime('UTC')} AND k.hour < {to:DateTime('UTC')}
     GROUP BY k.store_id, k.sku, k.hour ORDER BY k.store_id, k.sku, k.hour`,
    { ...range },
  );
}
