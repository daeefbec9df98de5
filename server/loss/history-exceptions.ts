import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { SHIFT_MAX_MS, TENDER_WINDOW_MS, type ExceptionMetrics, type MetricName } from '../../lib/loss/exception-metrics';
import { addDays, DAY_MS, localDay, startOfLocalDay } from '../../lib/time/local-time';
import { dateTimeParam } from '../kpis/history-queries';
import type { CashierRow, ExceptionSource, GroupRow, StoreDays } from './exception-rows';
import { lineResolution, METRIC_OF_COLUMN, METRIC_SQL, RESOLVED_AMOUNT, ROLLUP_TYPES, selectList } from './exception-sql';

/**
 * The exception metrics of history (ClickHouse): the rollup of migration 0007
 * (`exceptions_per_quarter`, per store, till, cashier and UTC quarter hour) for a period's
 * stores, tills and cashiers; refunds to another tender joined from `events` at query time
 * (migration 0007 says why); a cashier's shifts from `events` with an ASOF join on each
 * till's last pos.shift.opened / closed (the rule of lib/loss/exception-metrics.ts shiftOf).
 * Values only ever travel as server-side parameters.
 */

const COLUMNS = Object.keys(METRIC_SQL);
const OTHER = { count: 'refunds_other_tender', amount: 'refund_other_tender_amount' } as const;

/**
 * The original receipts of the refunds `refunds` selects (a subquery with `store_id` and
 * `original`): when each closed and what it was paid with (methods of its payments).
 */
const originalsOf = (refunds: string) => `
  SELECT c.store_id AS store_id, c.receipt_id AS receipt_id, c.closed_at AS closed_at, p.methods AS methods
  FROM
  (
    SELECT store_id, receipt_id, min(occurred_at) AS closed_at FROM events FINAL
    WHERE type = 'pos.receipt.closed' AND (store_id, receipt_id) IN (SELECT store_id, original FROM (${refunds}))
    GROUP BY store_id, receipt_id
  ) AS c
  LEFT JOIN
  (
    SELECT store_id, receipt_id, groupUniqArray(JSONExtractString(payload, 'method')) AS methods FROM events FINAL
    WHERE type = 'pos.payment.captured' AND (store_id, receipt_id) IN (SELECT store_id, original FROM (${refunds}))
    GROUP BY store_id, receipt_id
  ) AS p ON p.store_id = c.store_id AND p.receipt_id = c.receipt_id`;

/** A refund row `r` (occurred_at, method) goes to another tender than its original `o` (lib/loss/exception-metrics.ts isOtherTender). */
const otherTender = (r: string) => `o.receipt_id != '' AND ${r}.occurred_at >= o.closed_at
  AND dateDiff('millisecond', o.closed_at, ${r}.occurred_at) <= {tenderWindowMs:Int64} AND NOT has(o.methods, ${r}.method)`;

/** Refunds with their receipt named, in a window, as `r` of otherTender. */
const refundsWhere = (where: string) => `
    SELECT store_id, till_id, cashier_id, source, seq, occurred_at, amount,
           JSONExtractString(payload, 'method') AS method, JSONExtractString(payload, 'originalReceiptId') AS original
    FROM events FINAL
    WHERE type = 'pos.refund.issued' AND ${where} AND JSONExtractBool(payload, 'withReceipt') AND JSONExtractString(payload, 'originalReceiptId') != ''`;

const STORE_WINDOW = "store_id IN {stores:Array(String)} AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}";

/** The rollup's rows of some stores in a UTC window, per store, till and cashier. */
export const ROLLUP_QUERY = `SELECT store_id, till_id, cashier_id, ${COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
  FROM exceptions_per_quarter
  WHERE store_id IN {stores:Array(String)} AND quarter >= {from:DateTime('UTC')} AND quarter < {to:DateTime('UTC')}
  GROUP BY store_id, till_id, cashier_id`;

/** Refunds to another tender of some stores in a UTC window, per store, till and cashier. */
export const OTHER_TENDER_QUERY = `SELECT r.store_id AS store_id, r.till_id AS till_id, r.cashier_id AS cashier_id,
    toInt64(count()) AS ${OTHER.count}, sum(r.amount) AS ${OTHER.amount}
  FROM (${refundsWhere(STORE_WINDOW)}) AS r
  INNER JOIN (${originalsOf(refundsWhere(STORE_WINDOW))}) AS o ON o.store_id = r.store_id AND o.receipt_id = r.original
  WHERE ${otherTender('r')}
  GROUP BY r.store_id, r.till_id, r.cashier_id`;

const CASHIER_WINDOW = "cashier_id = {cashierId:String} AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}";
/** The cashier's voids and overrides stored before the sink resolved them, and the line events of their receipts. */
const UNRESOLVED = `SELECT store_id, source, seq, receipt_id, line_id FROM events FINAL
          WHERE ${CASHIER_WINDOW} AND type IN ('pos.item.voided', 'pos.price.overridden') AND units = 0`;
const RECEIPT_LINES = `SELECT store_id, source, seq, receipt_id, line_id, type, unit_price, units FROM events FINAL
          WHERE type IN ('pos.item.added', 'pos.price.overridden', 'pos.item.quantity.changed') AND (store_id, receipt_id) IN (SELECT store_id, receipt_id FROM (${UNRESOLVED}))`;

/**
 * One cashier's metrics per store, till, shift and UTC quarter hour in a UTC window, from
 * `events` itself: each event's shift by an ASOF join on its till's (its source's) last shift
 * event at or before it, the metrics by the rollup's own SQL, refunds to another tender joined,
 * and voids and overrides stored before migration 0007 resolved as its backfill does.
 */
export const CASHIER_QUERY = `SELECT store_id, till_id, shift_id, toUnixTimestamp(toStartOfFifteenMinutes(occurred_at)) AS t,
${selectList('  ')},
  toInt64(countIf(other_tender)) AS ${OTHER.count}, sumIf(amount, other_tender) AS ${OTHER.amount}
FROM
(
  SELECT x.store_id AS store_id, x.till_id AS till_id, x.shift_id AS shift_id, x.occurred_at AS occurred_at, x.type AS type,
         x.amount AS amount, x.units AS units, x.payload AS payload,
         x.type = 'pos.refund.issued' AND ${otherTender('x')} AS other_tender
  FROM
  (
    SELECT e.store_id AS store_id, e.till_id AS till_id, e.occurred_at AS occurred_at, e.type AS type, e.amount AS amount,
           e.units AS units, e.payload AS payload, e.method AS method, e.original AS original,
           multiIf(s.type = 'pos.shift.opened' AND dateDiff('millisecond', s.occurred_at, e.occurred_at) <= {shiftMaxMs:Int64}, s.shift_id,
                   s.type = 'pos.shift.closed' AND e.type IN ('pos.report.z', 'pos.shift.closed')
                     AND dateDiff('millisecond', s.occurred_at, e.occurred_at) <= {shiftMaxMs:Int64}, s.shift_id,
                   '') AS shift_id
    FROM
    (
      SELECT e.store_id AS store_id, e.till_id AS till_id, e.source AS source, e.seq AS seq, e.occurred_at AS occurred_at, e.type AS type,
             e.units AS units, e.payload AS payload, e.method AS method, e.original AS original,
             ${RESOLVED_AMOUNT}
      FROM
      (
        SELECT store_id, till_id, source, seq, occurred_at, type, amount, units, unit_price, payload,
               if(type = 'pos.refund.issued', JSONExtractString(payload, 'method'), '') AS method,
               if(type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt'), JSONExtractString(payload, 'originalReceiptId'), '') AS original
        FROM events FINAL
        WHERE ${CASHIER_WINDOW} AND type IN {types:Array(String)} AND store_id != ''
      ) AS e
      LEFT JOIN (${lineResolution(UNRESOLVED, RECEIPT_LINES)}) AS r ON r.store_id = e.store_id AND r.source = e.source AND r.seq = e.seq
    ) AS e
    ASOF LEFT JOIN
    (
      SELECT source, till_id, seq, occurred_at, type, JSONExtractString(payload, 'shiftId') AS shift_id
      FROM events FINAL
      WHERE type IN ('pos.shift.opened', 'pos.shift.closed')
        AND occurred_at >= {shiftsFrom:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
        AND till_id IN (SELECT DISTINCT till_id FROM events WHERE ${CASHIER_WINDOW})
    ) AS s ON e.source = s.source AND e.till_id = s.till_id AND e.seq >= s.seq
  ) AS x
  LEFT JOIN (${originalsOf(refundsWhere(CASHIER_WINDOW))}) AS o ON o.store_id = x.store_id AND o.receipt_id = x.original
)
GROUP BY store_id, till_id, shift_id, t`;

/** The types the cashier query reads: the rollup's, and the shift events (for their own shift). */
const CASHIER_TYPES = [...ROLLUP_TYPES];

type Row = Record<string, string | number>;

/** A result row's metrics (rollup columns and the other-tender pair), as the API names them. */
export function metricsOfRow(row: Row): Partial<ExceptionMetrics> {
  const m: Partial<ExceptionMetrics> = {};
  for (const [col, v] of Object.entries(row)) {
    const name: MetricName | undefined = col === OTHER.count ? 'refundsOtherTender' : col === OTHER.amount ? 'refundOtherTenderAmount' : METRIC_OF_COLUMN.get(col);
    if (name) m[name] = Number(v);
  }
  return m;
}

/** The store, till and cashier rows of (store, till, cashier) sums: a store's are all its sums, a till's and a cashier's those that name them. */
export function groupRowsOf(rows: Row[]): GroupRow[] {
  const out: GroupRow[] = [];
  for (const r of rows) {
    const storeId = String(r.store_id);
    const metrics = metricsOfRow(r);
    out.push({ level: 'store', storeId, id: '', metrics });
    if (r.till_id) out.push({ level: 'till', storeId, id: String(r.till_id), metrics });
    if (r.cashier_id) out.push({ level: 'cashier', storeId, id: String(r.cashier_id), metrics });
  }
  return out;
}

/** The UTC window of local days [fromDay, toDay] in a timezone. */
export const windowOf = (s: Pick<StoreDays, 'fromDay' | 'toDay' | 'timezone'>) => ({ from: startOfLocalDay(s.fromDay, s.timezone), to: startOfLocalDay(addDays(s.toDay, 1), s.timezone) });

/** Every timezone is within 15 h of UTC: a UTC window that holds local days [fromDay, toDay] anywhere. */
export const anyZoneWindow = (fromDay: string, toDay: string) => ({ from: Date.parse(`${fromDay}T00:00:00Z`) - 15 * 3_600_000, to: Date.parse(`${addDays(toDay, 1)}T00:00:00Z`) + 15 * 3_600_000 });

const ms3 = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

export function createHistoryExceptions(ch: ClickHouseClient): ExceptionSource {
  const rows = async (query: string, params: Record<string, unknown>): Promise<Row[]> => {
    const rs = await ch.query({ query, query_params: params, format: 'JSONEachRow' });
    return rs.json<Row>();
  };
  return {
    name: 'history',
    async storeRows(stores) {
      // Stores whose days start and end at the same instants are read together.
      const windows = new Map<string, { from: number; to: number; stores: string[] }>();
      for (const s of stores) {
        const w = windowOf(s);
        const k = `${w.from}|${w.to}`;
        if (!windows.has(k)) windows.set(k, { ...w, stores: [] });
        windows.get(k)!.stores.push(s.storeId);
      }
      const parts = await Promise.all(
        [...windows.values()].flatMap((w) => {
          const params = { stores: w.stores, from: dateTimeParam(w.from), to: dateTimeParam(w.to), tenderWindowMs: TENDER_WINDOW_MS };
          return [rows(ROLLUP_QUERY, params), rows(OTHER_TENDER_QUERY, params)];
        }),
      );
      return parts.flatMap(groupRowsOf);
    },
    async cashierRows(cashierId, fromDay, toDay, timezone) {
      const w = anyZoneWindow(fromDay, toDay);
      const found = await rows(CASHIER_QUERY, {
        cashierId,
        from: ms3(w.from),
        to: ms3(w.to),
        shiftsFrom: ms3(w.from - SHIFT_MAX_MS - DAY_MS),
        types: CASHIER_TYPES,
        shiftMaxMs: SHIFT_MAX_MS,
        tenderWindowMs: TENDER_WINDOW_MS,
      });
      const out: CashierRow[] = [];
      for (const r of found) {
        const storeId = String(r.store_id);
        const day = localDay(Number(r.t) * 1000, timezone(storeId));
        if (day < fromDay || day > toDay) continue;
        out.push({ storeId, tillId: String(r.till_id), shiftId: String(r.shift_id), day, metrics: metricsOfRow(r) });
      }
      return out;
    },
  };
}
