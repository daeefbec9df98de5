-- Why: merchandisers need units and revenue per SKU over time without scanning `events`.
-- Fed by a materialized view from the line arrays the history sink resolves onto closed
-- receipts, post-voids and refunds (migration 0002). Definitions in docs/kpis.md,
-- "History rollups": sold = the lines of closed receipts at the close (value = qty x final
-- unit price, before receipt-level discounts); post-voided = the same lines of the reversed
-- receipt, at the post-void; refunded = refund lines (units only). Till channel only.
-- Hours are UTC hours of occurredAt. Read with sum() ... GROUP BY.
CREATE TABLE IF NOT EXISTS sku_sales_per_hour
(
    store_id         LowCardinality(String),
    sku              LowCardinality(String),
    hour             DateTime('UTC'),
    sold_units       Int64,
    sold_value       Int64,
    postvoided_units Int64,
    postvoided_value Int64,
    refunded_units   Int64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (store_id, sku, hour)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sku_sales_per_hour_mv TO sku_sales_per_hour AS
SELECT
    store_id,
    line_sku AS sku,
    toStartOfHour(occurred_at) AS hour,
    sumIf(line_qty, type = 'pos.receipt.closed') AS sold_units,
    sumIf(line_value, type = 'pos.receipt.closed') AS sold_value,
    sumIf(line_qty, type = 'pos.receipt.postvoided') AS postvoided_units,
    sumIf(line_value, type = 'pos.receipt.postvoided') AS postvoided_value,
    sumIf(line_qty, type = 'pos.refund.issued') AS refunded_units
FROM events
ARRAY JOIN line_skus AS line_sku, line_qtys AS line_qty, line_values AS line_value
WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued') AND store_id != ''
GROUP BY store_id, sku, hour;
