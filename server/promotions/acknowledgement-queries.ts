import { dateTime64Param } from '../stores/activity-queries';

/**
 * The SQL behind the stores' acknowledgement of a promotion, over ClickHouse `events`
 * (migrations 0001 + 0002), read with FINAL (an event stored twice counts once). Values only
 * travel as server-side parameters.
 */

/** How long before its publication the history is searched (clock skew between tills and HQ). */
export const SEARCH_MARGIN_MS = 24 * 3_600_000;
/** More stores than any chain has: the answer is bounded all the same. */
export const MAX_STORE_ROWS = 20_000;

/** Per store: the first discount applying the promotion (its event, till and receipt), the last, how many and their sum. */
export const APPLIED_PER_STORE_SQL = `SELECT store_id AS storeId,
            toUnixTimestamp64Milli(min(occurred_at)) AS firstMs,
            toUnixTimestamp64Milli(max(occurred_at)) AS lastMs,
            argMin(id, (occurred_at, source, seq)) AS eventId,
            argMin(till_id, (occurred_at, source, seq)) AS tillId,
            argMin(receipt_id, (occurred_at, source, seq)) AS receiptId,
            count() AS discounts,
            sum(JSONExtractInt(payload, 'amount')) AS amount
     FROM events FINAL
     WHERE type = 'pos.discount.applied' AND occurred_at >= {from:DateTime64(3,'UTC')}
       AND JSONExtractString(payload, 'promotionId') = {promotionId:String}
     GROUP BY store_id
     ORDER BY store_id
     LIMIT {limit:UInt32}`;

export const appliedParams = (promotionId: string, publishedMs: number) => ({
  promotionId,
  from: dateTime64Param(Math.max(0, publishedMs - SEARCH_MARGIN_MS)),
  limit: MAX_STORE_ROWS,
});

type Num = number | string;
/** A row as the client returns it (UInt64 and Int64 arrive as strings). */
export type RawAppliedRow = { storeId: string; firstMs: Num; lastMs: Num; eventId: string; tillId: string; receiptId: string; discounts: Num; amount: Num };

export interface AppliedRow {
  storeId: string;
  firstMs: number;
  lastMs: number;
  eventId: string;
  tillId: string;
  receiptId: string;
  discounts: number;
  amount: number;
}

export const appliedRowOf = (r: RawAppliedRow): AppliedRow => ({
  storeId: String(r.storeId),
  firstMs: Number(r.firstMs),
  lastMs: Number(r.lastMs),
  eventId: String(r.eventId),
  tillId: String(r.tillId),
  receiptId: String(r.receiptId),
  discounts: Number(r.discounts),
  amount: Number(r.amount),
});
