import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { LINE_EVENT_TYPES, type LineEvent, type ResolvedLines } from './receipt-lines';
import { receiptKey, type References } from './resolve-references';

const uniq = (xs: string[]) => [...new Set(xs)];

async function rows<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

/**
 * References answered from history: the `events` table (primary key store_id, source;
 * receipt_id has a bloom-filter index) and the `web_order_lines` lookup table (migration
 * 0006: each placed order's location and lines). Queries over superset filters, narrowed here; every value is a server-side
 * parameter.
 */
export function clickhouseReferences(ch: ClickHouseClient): References {
  return {
    receiptLineEvents: async (receipts) => {
      const found = await rows<LineEvent & { store_id: string; receipt_id: string }>(
        ch,
        `SELECT store_id, receipt_id, type, source, seq, toString(occurred_at) AS occurred_at, line_id, sku, units, unit_price
         FROM events
         WHERE store_id IN {stores:Array(String)} AND source IN {sources:Array(String)}
           AND receipt_id IN {receipts:Array(String)} AND type IN {types:Array(String)}`,
        {
          stores: uniq(receipts.map((r) => r.storeId)),
          sources: uniq(receipts.map((r) => r.source)),
          receipts: uniq(receipts.map((r) => r.receiptId)),
          types: [...LINE_EVENT_TYPES],
        },
      );
      const wanted = new Set(receipts.map((r) => receiptKey(r.storeId, r.receiptId)));
      return found.filter((e) => wanted.has(receiptKey(e.store_id, e.receipt_id))).map((e) => ({ ...e, seq: Number(e.seq) }));
    },
    closedReceiptLines: async (receipts) => {
      const found = await rows<{ store_id: string; receipt_id: string; line_skus: string[]; line_qtys: number[]; line_values: number[] }>(
        ch,
        `SELECT store_id, receipt_id, line_skus, line_qtys, line_values
         FROM events
         WHERE store_id IN {stores:Array(String)} AND receipt_id IN {receipts:Array(String)} AND type = 'pos.receipt.closed'
         LIMIT 1 BY store_id, receipt_id`,
        { stores: uniq(receipts.map((r) => r.storeId)), receipts: uniq(receipts.map((r) => r.receiptId)) },
      );
      const out = new Map<string, ResolvedLines>();
      for (const r of found) out.set(receiptKey(r.store_id, r.receipt_id), { skus: r.line_skus, qtys: r.line_qtys.map(Number), values: r.line_values.map(Number) });
      return out;
    },
    placedOrders: async (orderIds) => {
      const found = await rows<{ order_id: string; location_id: string; line_skus: string[]; line_qtys: number[]; line_values: number[] }>(
        ch,
        `SELECT order_id, location_id, line_skus, line_qtys, line_values
         FROM web_order_lines WHERE order_id IN {orders:Array(String)}
         LIMIT 1 BY order_id`,
        { orders: uniq(orderIds) },
      );
      return new Map(
        found.map((r) => [r.order_id, { locationId: r.location_id, lines: { skus: r.line_skus, qtys: r.line_qtys.map(Number), values: r.line_values.map(Number) } }]),
      );
    },
  };
}
