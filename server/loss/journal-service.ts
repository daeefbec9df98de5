import type { StoreInfo } from '../../lib/kpis/store-answers';
import type { CashierReceiptsAnswer, ReceiptJournalAnswer } from '../../lib/loss/journal-answers';
import { addDays, startOfLocalDay } from '../../lib/time/local-time';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { decodeCursor, encodeCursor } from '../inventory/keyset-page';
import {
  CASHIER_RECEIPTS_SQL,
  CASHIER_STORE_SQL,
  receiptRowOf,
  receiptsParams,
  type RawReceiptRow,
} from './cashier-receipts-queries';
import { LossQueryError, periodOf } from './exceptions-service';
import { assembleJournal } from './journal-assemble';
import { RECEIPTS_DEFAULT_LIMIT, RECEIPTS_MAX_LIMIT, type CashierReceiptsQuery } from './journal-input';
import {
  journalRowOf,
  MAX_JOURNAL_ROWS,
  RECEIPT_EVENTS_SQL,
  receiptParams,
  REFUNDS_OF_SQL,
  refundsParams,
  TILL_EVENTS_SQL,
  tillParams,
  type RawJournalRow,
} from './journal-queries';

/**
 * The drill-down questions (issue 8, deliverable 5): one receipt's journal, one cashier's
 * receipts. ClickHouse `events` only (the journal is history: every accepted event is there a
 * second or two after it was validated). Who may ask is the route's business (loss-access.ts).
 */
export interface JournalServiceDeps {
  ch: ClickHouseClient;
  stores: () => Promise<Map<string, StoreInfo>>;
  hqTimezone: string;
  now?: () => number;
}

export type JournalService = ReturnType<typeof createJournalService>;

const RECEIPTS_LIST = 'cashier-receipts';

export function createJournalService(d: JournalServiceDeps) {
  const now = d.now ?? Date.now;
  const rows = async <T>(query: string, query_params: Record<string, unknown>): Promise<T[]> =>
    (await d.ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();

  return {
    /** The journal, or null when no event carries that receipt id (at that store). */
    async journal(receiptId: string, storeId?: string): Promise<ReceiptJournalAnswer | null> {
      const own = (await rows<RawJournalRow>(RECEIPT_EVENTS_SQL, receiptParams(receiptId, storeId))).map(journalRowOf);
      if (own.length === 0) return null;
      const stores = [...new Set(own.map((r) => r.storeId))];
      if (stores.length > 1) throw new LossQueryError(400, 'storeId', `receipt ${receiptId} exists at ${stores.length} stores (${stores.join(', ')}): name one with storeId`);
      const truncated = own.length > MAX_JOURNAL_ROWS;
      const receiptRows = own.slice(0, MAX_JOURNAL_ROWS);
      const store = stores[0]!;
      const first = receiptRows[0]!.ms;
      const last = receiptRows[receiptRows.length - 1]!.ms;
      const tills = [...new Set(receiptRows.map((r) => r.tillId).filter((t) => t !== ''))];
      const [refundRows, tillRows, all] = await Promise.all([
        rows<RawJournalRow>(REFUNDS_OF_SQL, refundsParams(store, receiptId, first)).then((x) => x.map(journalRowOf)),
        tills.length ? rows<RawJournalRow>(TILL_EVENTS_SQL, tillParams(store, tills, first, last)).then((x) => x.map(journalRowOf)) : Promise.resolve([]),
        d.stores(),
      ]);
      const info = all.get(store);
      const { events, summary } = assembleJournal(receiptId, { receiptRows, refundRows, tillRows });
      return {
        receiptId,
        storeId: store,
        timezone: info?.timezone ?? null,
        currency: info?.currency ?? null,
        events,
        summary,
        truncated,
        generatedAt: new Date(now()).toISOString(),
      };
    },

    async receipts(cashierId: string, q: CashierReceiptsQuery): Promise<CashierReceiptsAnswer> {
      const t = now();
      const all = await d.stores();
      let storeId: string | null = q.storeId ?? null;
      if (storeId !== null && !all.has(storeId)) throw new LossQueryError(404, 'storeId', `no store ${storeId} in the master data`);
      if (storeId === null) storeId = (await rows<{ storeId: string }>(CASHIER_STORE_SQL, { cashierId }))[0]?.storeId ?? null;
      const info = storeId === null ? undefined : all.get(storeId);
      const timezone = info?.timezone ?? d.hqTimezone;
      const p = periodOf(q, timezone, t);
      const from = startOfLocalDay(p.fromDay, timezone);
      const to = startOfLocalDay(addDays(p.toDay, 1), timezone);
      const limit = q.limit ?? (q.format === 'csv' ? RECEIPTS_MAX_LIMIT : RECEIPTS_DEFAULT_LIMIT);
      let after: { startedMs: number; storeId: string; receiptId: string } | null = null;
      if (q.cursor !== undefined) {
        const k = decodeCursor(`${RECEIPTS_LIST}:${cashierId}:${q.exceptionsOnly ? 1 : 0}`, q.cursor);
        if (k.length !== 3 || typeof k[0] !== 'number' || typeof k[1] !== 'string' || typeof k[2] !== 'string') throw new LossQueryError(400, 'cursor', 'not a cursor of this list (pass nextCursor as it was given)');
        after = { startedMs: k[0], storeId: k[1], receiptId: k[2] };
      }
      const found = (await rows<RawReceiptRow>(CASHIER_RECEIPTS_SQL, receiptsParams({ cashierId, from, to, exceptionsOnly: q.exceptionsOnly, after, limit }))).map(receiptRowOf);
      const page = found.slice(0, limit);
      const lastRow = page[page.length - 1];
      const nextCursor = found.length > limit && lastRow ? encodeCursor(`${RECEIPTS_LIST}:${cashierId}:${q.exceptionsOnly ? 1 : 0}`, [lastRow.startedMs, lastRow.storeId, lastRow.receiptId]) : null;
      const currencies = new Set(page.map((r) => all.get(r.storeId)?.currency ?? null));
      const currency = currencies.size > 1 ? null : currencies.size === 1 ? [...currencies][0]! : (info?.currency ?? null);
      return {
        cashierId,
        storeId,
        timezone,
        currency,
        period: { label: p.label, from: p.fromDay, to: p.toDay },
        exceptionsOnly: q.exceptionsOnly,
        receipts: page.map(({ startedMs: _ms, ...r }) => r),
        nextCursor,
        generatedAt: new Date(t).toISOString(),
      };
    },
  };
}
