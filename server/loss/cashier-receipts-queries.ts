import type { CashierReceiptRow, ReceiptFlag, ReceiptStatus } from '../../lib/loss/journal-answers';
import { dateTime64Param } from '../stores/activity-queries';

/**
 * The SQL of a cashier's receipts over ClickHouse `events` (migrations 0001 + 0002), FINAL,
 * parameters only. A cashier's receipts in [from, to) are those with at least one event of
 * theirs carrying a receipt id in that window (the sales they rang up, the refunds they issued,
 * a receipt they post-voided); each is then summed over all its events (also another cashier's,
 * and a post-void up to POST_WINDOW_MS after the window), with the refunds that name it as
 * their original. Newest first by the receipt's first event, keyset on (startedMs, store, receipt).
 */
export const POST_WINDOW_MS = 7 * 86_400_000;
/** A receipt's events before the window (one rung up across midnight). */
export const PRE_WINDOW_MS = 86_400_000;
/** Refunds naming one of the receipts, up to this long after the window. */
export const REFUND_WINDOW_MS = 31 * 86_400_000;

const FLAG_SQL: Record<ReceiptFlag, string> = {
  lineVoids: `countIf(type = 'pos.item.voided')`,
  priceOverrides: `countIf(type = 'pos.price.overridden')`,
  employeeDiscounts: `countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'employee')`,
  manualDiscounts: `countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'manual')`,
  keyedLines: `countIf(type = 'pos.item.added' AND JSONExtractString(payload, 'entry') = 'keyed')`,
  voided: `countIf(type = 'pos.receipt.voided')`,
  postVoided: `countIf(type = 'pos.receipt.postvoided')`,
  refunded: `0`,
  refundWithoutReceipt: `countIf(type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt') = 0)`,
  approvals: `countIf(JSONExtractString(payload, 'supervisorId') != '')`,
};

/** The flags an "exceptions only" list requires one of (approvals always come with another). */
export const EXCEPTION_FLAGS: ReceiptFlag[] = (Object.keys(FLAG_SQL) as ReceiptFlag[]).filter((f) => f !== 'approvals');

export const CASHIER_RECEIPTS_SQL = `WITH mine AS (
       SELECT DISTINCT store_id, receipt_id FROM events
       WHERE cashier_id = {cashierId:String} AND receipt_id != ''
         AND occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at < {to:DateTime64(3,'UTC')}
     ),
     refunds AS (
       SELECT store_id, JSONExtractString(payload, 'originalReceiptId') AS original, count() AS n
       FROM events FINAL
       WHERE type = 'pos.refund.issued' AND occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at < {refundTo:DateTime64(3,'UTC')}
         AND (store_id, JSONExtractString(payload, 'originalReceiptId')) IN (SELECT store_id, receipt_id FROM mine)
       GROUP BY store_id, original
     ),
     receipts AS (
       SELECT store_id, receipt_id,
              toUnixTimestamp64Milli(min(occurred_at)) AS startedMs,
              argMin(till_id, (occurred_at, seq)) AS tillId,
              countIf(type = 'pos.receipt.opened') AS opened,
              countIf(type = 'pos.receipt.closed') AS closed,
              countIf(type = 'pos.refund.issued') AS refundCount,
              toUnixTimestamp64Milli(maxIf(occurred_at, type IN ('pos.receipt.closed', 'pos.receipt.voided', 'pos.refund.issued'))) AS endedMs,
              sumIf(amount, type = 'pos.receipt.closed') AS closedTotal,
              sumIf(amount, type = 'pos.refund.issued') AS refundAmount,
              sumIf(units, type = 'pos.receipt.closed') + sumIf(units, type = 'pos.refund.issued') AS items,
              countIf(type = 'pos.item.added') AS lineCount,
              ${(Object.entries(FLAG_SQL) as [ReceiptFlag, string][])
                .filter(([f]) => f !== 'refunded')
                .map(([f, sql]) => `${sql} AS ${f}`)
                .join(',\n              ')}
       FROM events FINAL
       WHERE (store_id, receipt_id) IN (SELECT store_id, receipt_id FROM mine)
         AND occurred_at >= {lookFrom:DateTime64(3,'UTC')} AND occurred_at < {lookTo:DateTime64(3,'UTC')}
       GROUP BY store_id, receipt_id
     )
     SELECT r.store_id AS storeId, r.receipt_id AS receiptId, r.startedMs AS startedMs, r.tillId AS tillId, r.opened AS opened,
            r.closed AS closed, r.refundCount AS refundCount, r.endedMs AS endedMs, r.closedTotal AS closedTotal, r.refundAmount AS refundAmount,
            r.items AS items, r.lineCount AS lineCount, ${EXCEPTION_FLAGS.filter((f) => f !== 'refunded')
              .concat('approvals')
              .map((f) => `r.${f} AS ${f}`)
              .join(', ')}, f.n AS refunded
     FROM receipts AS r LEFT JOIN refunds AS f ON r.store_id = f.store_id AND r.receipt_id = f.original
     WHERE ({exceptionsOnly:UInt8} = 0 OR (${EXCEPTION_FLAGS.map((f) => (f === 'refunded' ? 'f.n' : `r.${f}`)).join(' + ')}) > 0)
       AND ({hasCursor:UInt8} = 0 OR (r.startedMs, r.store_id, r.receipt_id) < ({cMs:Int64}, {cStore:String}, {cReceipt:String}))
     ORDER BY startedMs DESC, storeId DESC, receiptId DESC
     LIMIT {limit:UInt32}
     SETTINGS join_use_nulls = 0`;

/** The cashier's latest store (whose timezone defines "today"), from its newest event. */
export const CASHIER_STORE_SQL = `SELECT store_id AS storeId FROM events
     WHERE cashier_id = {cashierId:String} AND store_id != ''
     ORDER BY occurred_at DESC LIMIT 1`;

export interface ReceiptsQuery {
  cashierId: string;
  /** [from, to) epoch ms. */
  from: number;
  to: number;
  exceptionsOnly: boolean;
  /** The last row of the previous page. */
  after: { startedMs: number; storeId: string; receiptId: string } | null;
  /** Rows wanted (one more is read to know whether a next page exists). */
  limit: number;
}

const far = (ms: number) => Math.min(ms, Date.UTC(2099, 11, 31));

export const receiptsParams = (q: ReceiptsQuery) => ({
  cashierId: q.cashierId,
  from: dateTime64Param(q.from),
  to: dateTime64Param(q.to),
  lookFrom: dateTime64Param(Math.max(0, q.from - PRE_WINDOW_MS)),
  lookTo: dateTime64Param(far(q.to + POST_WINDOW_MS)),
  refundTo: dateTime64Param(far(q.to + REFUND_WINDOW_MS)),
  exceptionsOnly: q.exceptionsOnly ? 1 : 0,
  hasCursor: q.after ? 1 : 0,
  cMs: q.after?.startedMs ?? 0,
  cStore: q.after?.storeId ?? '',
  cReceipt: q.after?.receiptId ?? '',
  limit: q.limit + 1,
});

type Num = number | string;
export type RawReceiptRow = { storeId: string; receiptId: string; tillId: string } & Record<
  'startedMs' | 'opened' | 'closed' | 'refundCount' | 'endedMs' | 'closedTotal' | 'refundAmount' | 'items' | 'lineCount' | ReceiptFlag,
  Num
>;

/** One row of CASHIER_RECEIPTS_SQL as the answer lists it. */
export function receiptRowOf(r: RawReceiptRow): CashierReceiptRow & { startedMs: number } {
  const n = (k: keyof RawReceiptRow) => Number(r[k]);
  const status: ReceiptStatus =
    n('postVoided') > 0 ? 'postvoided' : n('closed') > 0 ? 'closed' : n('voided') > 0 ? 'voided' : n('refundCount') > 0 && n('opened') === 0 ? 'refund' : 'open';
  const exceptions: CashierReceiptRow['exceptions'] = {};
  for (const f of [...EXCEPTION_FLAGS, 'approvals' as const]) if (n(f) > 0) exceptions[f] = n(f);
  const endedMs = n('endedMs');
  return {
    storeId: String(r.storeId),
    receiptId: String(r.receiptId),
    tillId: String(r.tillId),
    status,
    startedAt: new Date(n('startedMs')).toISOString(),
    startedMs: n('startedMs'),
    endedAt: endedMs > 0 ? new Date(endedMs).toISOString() : null,
    total: status === 'closed' || status === 'postvoided' ? n('closedTotal') : status === 'refund' ? -n('refundAmount') : null,
    items: n('items'),
    lineCount: n('lineCount'),
    exceptions,
  };
}
