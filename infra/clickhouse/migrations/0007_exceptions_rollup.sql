-- Why: loss prevention (issue 8) reads each cashier's, till's and store's exception metrics
-- (line voids, receipt voids, post-voids, refunds with and without receipt, no-sale drawer
-- opens, price overrides, employee and manual discounts, keyed lines, cash shortages at Z
-- reports, self-checkout assistance) and their bases (receipts, items, sales, lines) over any
-- period without scanning `events`. Definitions: lib/loss/exception-metrics.ts and docs/kpis.md,
-- "Loss prevention: exceptions". The same SQL per metric is in server/loss/exception-sql.ts
-- (a unit test holds this file to it).
--
-- One SummingMergeTree row per store, till, cashier and UTC quarter hour (15 minutes, not an
-- hour: every real timezone offset is a whole number of quarter hours, e.g. Asia/Kolkata +5:30,
-- Asia/Kathmandu +5:45, so a store-local day is always a whole number of buckets), fed by a
-- materialized view on every insert into `events` (only the history sink inserts there). An
-- event without a cashier counts under cashier_id ''. Read with sum() ... GROUP BY.
--
-- From the row alone, except two amounts the history sink resolves onto the row from the
-- receipt's earlier line events (workers/sink/resolve-references.ts, lineAt): a pos.item.voided
-- row's amount is the voided line's qty x unit price as it stood (units = qty), and a
-- pos.price.overridden row's amount is (oldPrice - newPrice) x the line's qty (units = qty, 1
-- when the line is unknown). Refunds to another tender than the sale are not here: the
-- original receipt was rung up at another till, so another partition that the sink may write
-- after the refund, and a view sees one block; the read API joins them from `events` at query
-- time (server/loss/history-exceptions.ts), order-independent.
--
-- Same deduplication window as `events`, so that a replayed block ClickHouse drops there is
-- dropped here too. `events` may already hold history when this runs: the table is created and
-- filled from it in one statement (CREATE ... AS SELECT inserts only when it creates the table),
-- with the two amounts resolved here in SQL for rows the sink stored before it resolved them
-- (units = 0): the line's last pos.item.added / pos.price.overridden unit price and last
-- pos.item.added / pos.item.quantity.changed qty before the row. Migrations run at start, before
-- the roles (server/main.ts); on a shared ClickHouse server, stop the sinks while this one is applied.

CREATE TABLE IF NOT EXISTS exceptions_per_quarter
(
    store_id                       LowCardinality(String),
    till_id                        String,
    cashier_id                     String,
    quarter                        DateTime('UTC'),
    receipts                       Int64,
    items                          Int64,
    sales                          Int64,
    lines                          Int64,
    keyed_lines                    Int64,
    line_voids                     Int64,
    line_void_amount               Int64,
    receipt_voids                  Int64,
    post_voids                     Int64,
    post_void_amount               Int64,
    refunds_with_receipt           Int64,
    refund_with_receipt_amount     Int64,
    refunds_without_receipt        Int64,
    refund_without_receipt_amount  Int64,
    no_sale_opens                  Int64,
    price_overrides                Int64,
    price_override_amount          Int64,
    employee_discounts             Int64,
    employee_discount_amount       Int64,
    manual_discounts               Int64,
    manual_discount_amount         Int64,
    cash_shortages                 Int64,
    cash_shortage_amount           Int64,
    sco_assists                    Int64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(quarter)
ORDER BY (store_id, quarter, till_id, cashier_id)
SETTINGS non_replicated_deduplication_window = 10000
AS SELECT
    store_id,
    till_id,
    cashier_id,
    toStartOfFifteenMinutes(occurred_at) AS quarter,
    toInt64(countIf(type = 'pos.receipt.closed')) - toInt64(countIf(type = 'pos.receipt.postvoided')) AS receipts,
    sumIf(units, type = 'pos.receipt.closed') - sumIf(units, type = 'pos.receipt.postvoided') AS items,
    sumIf(amount, type = 'pos.receipt.closed') - sumIf(amount, type = 'pos.receipt.postvoided') AS sales,
    toInt64(countIf(type = 'pos.item.added')) AS lines,
    toInt64(countIf(type = 'pos.item.added' AND JSONExtractString(payload, 'entry') = 'keyed')) AS keyed_lines,
    toInt64(countIf(type = 'pos.item.voided')) AS line_voids,
    sumIf(amount, type = 'pos.item.voided') AS line_void_amount,
    toInt64(countIf(type = 'pos.receipt.voided')) AS receipt_voids,
    toInt64(countIf(type = 'pos.receipt.postvoided')) AS post_voids,
    sumIf(amount, type = 'pos.receipt.postvoided') AS post_void_amount,
    toInt64(countIf(type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt'))) AS refunds_with_receipt,
    sumIf(amount, type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt')) AS refund_with_receipt_amount,
    toInt64(countIf(type = 'pos.refund.issued' AND NOT JSONExtractBool(payload, 'withReceipt'))) AS refunds_without_receipt,
    sumIf(amount, type = 'pos.refund.issued' AND NOT JSONExtractBool(payload, 'withReceipt')) AS refund_without_receipt_amount,
    toInt64(countIf(type = 'pos.drawer.opened' AND JSONExtractString(payload, 'reason') = 'no_sale')) AS no_sale_opens,
    toInt64(countIf(type = 'pos.price.overridden')) AS price_overrides,
    sumIf(amount, type = 'pos.price.overridden') AS price_override_amount,
    toInt64(countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'employee')) AS employee_discounts,
    sumIf(amount, type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'employee') AS employee_discount_amount,
    toInt64(countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'manual')) AS manual_discounts,
    sumIf(amount, type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'manual') AS manual_discount_amount,
    toInt64(countIf(type = 'pos.report.z' AND JSONExtractInt(payload, 'countedCash') < JSONExtractInt(payload, 'expectedCash'))) AS cash_shortages,
    sumIf(JSONExtractInt(payload, 'expectedCash') - JSONExtractInt(payload, 'countedCash'), type = 'pos.report.z' AND JSONExtractInt(payload, 'countedCash') < JSONExtractInt(payload, 'expectedCash')) AS cash_shortage_amount,
    toInt64(countIf(type = 'pos.sco.assist.requested')) AS sco_assists
FROM
(
    SELECT e.store_id AS store_id, e.till_id AS till_id, e.cashier_id AS cashier_id, e.occurred_at AS occurred_at,
           e.type AS type, e.units AS units, e.payload AS payload,
           multiIf(e.type = 'pos.item.voided' AND e.units = 0, r.price * r.qty,
                   e.type = 'pos.price.overridden' AND e.units = 0, (JSONExtractInt(e.payload, 'oldPrice') - e.unit_price) * if(r.qty > 0, r.qty, 1),
                   e.amount) AS amount
    FROM
    (
        SELECT store_id, source, seq, till_id, cashier_id, occurred_at, type, units, unit_price, amount, payload
        FROM events FINAL
        WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.item.added', 'pos.item.voided', 'pos.receipt.voided', 'pos.refund.issued', 'pos.drawer.opened', 'pos.price.overridden', 'pos.discount.applied', 'pos.report.z', 'pos.sco.assist.requested') AND store_id != ''
    ) AS e
    LEFT JOIN
    (
        SELECT t.store_id AS store_id, t.source AS source, t.seq AS seq,
               argMaxIf(l.unit_price, l.seq, l.type IN ('pos.item.added', 'pos.price.overridden')) AS price,
               argMaxIf(l.units, l.seq, l.type IN ('pos.item.added', 'pos.item.quantity.changed')) AS qty
        FROM (SELECT store_id, source, seq, receipt_id, line_id FROM events FINAL
            WHERE type IN ('pos.item.voided', 'pos.price.overridden') AND units = 0 AND store_id != '') AS t
        INNER JOIN (SELECT store_id, source, seq, receipt_id, line_id, type, unit_price, units FROM events FINAL
            WHERE type IN ('pos.item.added', 'pos.price.overridden', 'pos.item.quantity.changed') AND store_id != '') AS l ON l.store_id = t.store_id AND l.source = t.source AND l.receipt_id = t.receipt_id AND l.line_id = t.line_id
        WHERE l.seq < t.seq
        GROUP BY t.store_id, t.source, t.seq
    ) AS r ON r.store_id = e.store_id AND r.source = e.source AND r.seq = e.seq
)
GROUP BY store_id, till_id, cashier_id, quarter;

CREATE MATERIALIZED VIEW IF NOT EXISTS exceptions_per_quarter_mv TO exceptions_per_quarter AS
SELECT
    store_id,
    till_id,
    cashier_id,
    toStartOfFifteenMinutes(occurred_at) AS quarter,
    toInt64(countIf(type = 'pos.receipt.closed')) - toInt64(countIf(type = 'pos.receipt.postvoided')) AS receipts,
    sumIf(units, type = 'pos.receipt.closed') - sumIf(units, type = 'pos.receipt.postvoided') AS items,
    sumIf(amount, type = 'pos.receipt.closed') - sumIf(amount, type = 'pos.receipt.postvoided') AS sales,
    toInt64(countIf(type = 'pos.item.added')) AS lines,
    toInt64(countIf(type = 'pos.item.added' AND JSONExtractString(payload, 'entry') = 'keyed')) AS keyed_lines,
    toInt64(countIf(type = 'pos.item.voided')) AS line_voids,
    sumIf(amount, type = 'pos.item.voided') AS line_void_amount,
    toInt64(countIf(type = 'pos.receipt.voided')) AS receipt_voids,
    toInt64(countIf(type = 'pos.receipt.postvoided')) AS post_voids,
    sumIf(amount, type = 'pos.receipt.postvoided') AS post_void_amount,
    toInt64(countIf(type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt'))) AS refunds_with_receipt,
    sumIf(amount, type = 'pos.refund.issued' AND JSONExtractBool(payload, 'withReceipt')) AS refund_with_receipt_amount,
    toInt64(countIf(type = 'pos.refund.issued' AND NOT JSONExtractBool(payload, 'withReceipt'))) AS refunds_without_receipt,
    sumIf(amount, type = 'pos.refund.issued' AND NOT JSONExtractBool(payload, 'withReceipt')) AS refund_without_receipt_amount,
    toInt64(countIf(type = 'pos.drawer.opened' AND JSONExtractString(payload, 'reason') = 'no_sale')) AS no_sale_opens,
    toInt64(countIf(type = 'pos.price.overridden')) AS price_overrides,
    sumIf(amount, type = 'pos.price.overridden') AS price_override_amount,
    toInt64(countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'employee')) AS employee_discounts,
    sumIf(amount, type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'employee') AS employee_discount_amount,
    toInt64(countIf(type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'manual')) AS manual_discounts,
    sumIf(amount, type = 'pos.discount.applied' AND JSONExtractString(payload, 'kind') = 'manual') AS manual_discount_amount,
    toInt64(countIf(type = 'pos.report.z' AND JSONExtractInt(payload, 'countedCash') < JSONExtractInt(payload, 'expectedCash'))) AS cash_shortages,
    sumIf(JSONExtractInt(payload, 'expectedCash') - JSONExtractInt(payload, 'countedCash'), type = 'pos.report.z' AND JSONExtractInt(payload, 'countedCash') < JSONExtractInt(payload, 'expectedCash')) AS cash_shortage_amount,
    toInt64(countIf(type = 'pos.sco.assist.requested')) AS sco_assists
FROM events
WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.item.added', 'pos.item.voided', 'pos.receipt.voided', 'pos.refund.issued', 'pos.drawer.opened', 'pos.price.overridden', 'pos.discount.applied', 'pos.report.z', 'pos.sco.assist.requested') AND store_id != ''
GROUP BY store_id, till_id, cashier_id, quarter;
