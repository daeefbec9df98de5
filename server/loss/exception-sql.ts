import { METRICS } from '../../lib/loss/exception-metrics';

/**
 * The SQL of each exception metric over rows of ClickHouse `events` (columns type, amount,
 * units, payload; the sink resolves a voided line's value and an override's amount onto the
 * row, workers/sink/resolve-references.ts), as aggregates. Migration 0007's view and backfill
 * use exactly these (exception-sql.test.ts holds them to it), and the per-shift history of a
 * cashier (history-exceptions.ts) runs them over `events` itself, so every reader counts the
 * same way as lib/loss/exception-metrics.ts says.
 */
const isRefund = "type = 'pos.refund.issued'";
const withReceipt = "JSONExtractBool(payload, 'withReceipt')";
const kind = (k: string) => `type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = '${k}'`;
const short = "type = 'pos.report.z' AND JSONExtractInt(payload, 'countedCash') < JSONExtractInt(payload, 'expectedCash')";
const count = (cond: string) => `toInt64(countIf(${cond}))`;

export const METRIC_SQL = {
  receipts: `${count("type = 'pos.receipt.closed'")} - ${count("type = 'pos.receipt.postvoided'")}`,
  items: "sumIf(units, type = 'pos.receipt.closed') - sumIf(units, type = 'pos.receipt.postvoided')",
  sales: "sumIf(amount, type = 'pos.receipt.closed') - sumIf(amount, type = 'pos.receipt.postvoided')",
  lines: count("type = 'pos.item.added'"),
  keyed_lines: count("type = 'pos.item.added' AND JSONExtractString(payload, 'entry') = 'keyed'"),
  line_voids: count("type = 'pos.item.voided'"),
  line_void_amount: "sumIf(amount, type = 'pos.item.voided')",
  receipt_voids: count("type = 'pos.receipt.voided'"),
  post_voids: count("type = 'pos.receipt.postvoided'"),
  post_void_amount: "sumIf(amount, type = 'pos.receipt.postvoided')",
  refunds_with_receipt: count(`${isRefund} AND ${withReceipt}`),
  refund_with_receipt_amount: `sumIf(amount, ${isRefund} AND ${withReceipt})`,
  refunds_without_receipt: count(`${isRefund} AND NOT ${withReceipt}`),
  refund_without_receipt_amount: `sumIf(amount, ${isRefund} AND NOT ${withReceipt})`,
  no_sale_opens: count("type = 'pos.drawer.opened' AND JSONExtractString(payload, 'reason') = 'no_sale'"),
  price_overrides: count("type = 'pos.price.overridden'"),
  price_override_amount: "sumIf(amount, type = 'pos.price.overridden')",
  employee_discounts: count(kind('employee')),
  employee_discount_amount: `sumIf(amount, ${kind('employee')})`,
  manual_discounts: count(kind('manual')),
  manual_discount_amount: `sumIf(amount, ${kind('manual')})`,
  cash_shortages: count(short),
  cash_shortage_amount: `sumIf(JSONExtractInt(payload, 'expectedCash') - JSONExtractInt(payload, 'countedCash'), ${short})`,
  sco_assists: count("type = 'pos.sco.assist.requested'"),
} as const;

export type RollupColumn = keyof typeof METRIC_SQL;

/** The types the rollup reads (migration 0007's WHERE). */
export const ROLLUP_TYPES = [
  'pos.receipt.closed',
  'pos.receipt.postvoided',
  'pos.item.added',
  'pos.item.voided',
  'pos.receipt.voided',
  'pos.refund.issued',
  'pos.drawer.opened',
  'pos.price.overridden',
  'pos.discount.applied',
  'pos.report.z',
  'pos.sco.assist.requested',
] as const;

/** Rollup column → metric name (the metrics with a column). */
export const METRIC_OF_COLUMN: ReadonlyMap<string, (typeof METRICS)[number]['name']> = new Map(
  METRICS.filter((m) => m.column !== null).map((m) => [m.column as string, m.name]),
);

/** `expr AS column` for every column, as the view and the queries select them. */
export const selectList = (indent = '    ') =>
  Object.entries(METRIC_SQL)
    .map(([col, expr]) => `${indent}${expr} AS ${col}`)
    .join(',\n');

/**
 * Rows the sink stored before it resolved line voids and overrides (migration 0007: units = 0
 * on a pos.item.voided or pos.price.overridden row) get their amount here, from the line's
 * last pos.item.added / pos.price.overridden unit price and last pos.item.added /
 * pos.item.quantity.changed qty before the row: `e` is the row, `r` the row of `lineResolution`
 * for it (LEFT JOIN on store_id, source, seq). Migration 0007's backfill uses the same text.
 */
export const RESOLVED_AMOUNT = `multiIf(e.type = 'pos.item.voided' AND e.units = 0, r.price * r.qty,
                   e.type = 'pos.price.overridden' AND e.units = 0, (JSONExtractInt(e.payload, 'oldPrice') - e.unit_price) * if(r.qty > 0, r.qty, 1),
                   e.amount) AS amount`;

/** The line of each unresolved void or override that `unresolved` selects (columns store_id, source, seq, receipt_id, line_id), among `lines` (line events). */
export const lineResolution = (unresolved: string, lines: string) => `
        SELECT t.store_id AS store_id, t.source AS source, t.seq AS seq,
               argMaxIf(l.unit_price, l.seq, l.type IN ('pos.item.added', 'pos.price.overridden')) AS price,
               argMaxIf(l.units, l.seq, l.type IN ('pos.item.added', 'pos.item.quantity.changed')) AS qty
        FROM (${unresolved}) AS t
        INNER JOIN (${lines}) AS l ON l.store_id = t.store_id AND l.source = t.source AND l.receipt_id = t.receipt_id AND l.line_id = t.line_id
        WHERE l.seq < t.seq
        GROUP BY t.store_id, t.source, t.seq`;
