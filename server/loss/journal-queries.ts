import { dateTime64Param } from '../stores/activity-queries';
import { TILL_EVENT_TYPES, type JournalRow } from './journal-assemble';

/**
 * The SQL of a receipt's journal over ClickHouse `events` (migrations 0001 + 0002), read with
 * FINAL (an event stored twice is one row). Values only travel as server-side parameters.
 */

/** More events than this on one receipt is not a real receipt (MAX_LINES is 60): the journal says it was cut. */
export const MAX_JOURNAL_ROWS = 5000;
/** How far before the receipt's first event and after its last the tills' own events are read (an elevation precedes the void it authorises). */
export const TILL_MARGIN_MS = 15 * 60_000;
/** A refund may name a receipt closed up to this long before (the exceptions' rule is 7 days; a journal shows any later refund in this window). */
export const REFUND_LOOKAHEAD_MS = 93 * 86_400_000;

const COLUMNS = `id, type, source, seq, toUnixTimestamp64Milli(occurred_at) AS ms, store_id AS storeId, till_id AS tillId,
            cashier_id AS cashierId, receipt_id AS receiptId, payload`;

/** Every event carrying the receipt's id (its sale, its post-void, a refund receipt's own events), optionally at one store. */
export const RECEIPT_EVENTS_SQL = `SELECT ${COLUMNS}
     FROM events FINAL
     WHERE receipt_id = {receiptId:String} AND ({storeId:String} = '' OR store_id = {storeId:String})
     ORDER BY occurred_at, source, seq
     LIMIT {limit:UInt32}`;

/** The refunds at the store naming the receipt as their original, from its first event on. */
export const REFUNDS_OF_SQL = `SELECT ${COLUMNS}
     FROM events FINAL
     WHERE store_id = {storeId:String} AND type = 'pos.refund.issued' AND occurred_at >= {from:DateTime64(3,'UTC')}
       AND occurred_at < {to:DateTime64(3,'UTC')} AND JSONExtractString(payload, 'originalReceiptId') = {receiptId:String}
     ORDER BY occurred_at, source, seq
     LIMIT {limit:UInt32}`;

/**
 * The events of the receipt's tills around it: those with a receipt id (any receipt's, only to
 * tell which receipt each till event sits in: no payload) and the till events that may belong to
 * it (journal-assemble.ts attachedTillEvents).
 */
export const TILL_EVENTS_SQL = `SELECT id, type, source, seq, toUnixTimestamp64Milli(occurred_at) AS ms, store_id AS storeId, till_id AS tillId,
            cashier_id AS cashierId, receipt_id AS receiptId, if(receipt_id = '', payload, '') AS payload
     FROM events FINAL
     WHERE store_id = {storeId:String} AND till_id IN {tills:Array(String)}
       AND occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at <= {to:DateTime64(3,'UTC')}
       AND (receipt_id != '' OR type IN {types:Array(String)})
     ORDER BY source, seq
     LIMIT {limit:UInt32}`;

export const receiptParams = (receiptId: string, storeId: string | undefined) => ({ receiptId, storeId: storeId ?? '', limit: MAX_JOURNAL_ROWS + 1 });
export const refundsParams = (storeId: string, receiptId: string, firstMs: number) => ({
  storeId,
  receiptId,
  from: dateTime64Param(firstMs),
  to: dateTime64Param(Math.min(firstMs + REFUND_LOOKAHEAD_MS, Date.UTC(2099, 11, 31))),
  limit: MAX_JOURNAL_ROWS,
});
export const tillParams = (storeId: string, tills: string[], firstMs: number, lastMs: number) => ({
  storeId,
  tills,
  from: dateTime64Param(Math.max(0, firstMs - TILL_MARGIN_MS)),
  to: dateTime64Param(lastMs + TILL_MARGIN_MS),
  types: [...TILL_EVENT_TYPES],
  limit: 50_000,
});

export type RawJournalRow = Record<'id' | 'type' | 'source' | 'storeId' | 'tillId' | 'cashierId' | 'receiptId' | 'payload', string> & { seq: number | string; ms: number | string };

function payloadOf(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const journalRowOf = (r: RawJournalRow): JournalRow => ({
  id: String(r.id),
  type: String(r.type),
  source: String(r.source),
  seq: Number(r.seq),
  ms: Number(r.ms),
  storeId: String(r.storeId),
  tillId: String(r.tillId),
  cashierId: String(r.cashierId),
  receiptId: String(r.receiptId),
  payload: payloadOf(String(r.payload)),
});
