-- Why: the dashboard's history charts need store sales and web-shop sales per minute without
-- scanning `events`. These SummingMergeTree tables are fed by materialized views on every
-- insert into `events` (only the history sink inserts there). Definitions: docs/kpis.md.
-- Minutes are UTC minutes of occurredAt; a store's local day is a range of minutes (every
-- real timezone offset is a whole number of minutes), so any day in any timezone is exact.
-- Rows of one key are summed only when parts merge: always read with sum() ... GROUP BY.
-- Each table has the same deduplication window as `events`, so that a replayed block that
-- ClickHouse drops from `events` is dropped here too (and a block whose view failed half
-- way is completed by the retry).

-- Store sales (the till channel). net = gross - refunds - post_voids, computed when read.
CREATE TABLE IF NOT EXISTS sales_per_store_minute
(
    store_id   LowCardinality(String),
    minute     DateTime('UTC'),
    gross      Int64,
    refunds    Int64,
    post_voids Int64,
    receipts   Int64,
    items      Int64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (store_id, minute)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_per_store_minute_mv TO sales_per_store_minute AS
SELECT
    store_id,
    toStartOfMinute(occurred_at) AS minute,
    sumIf(amount, type = 'pos.receipt.closed') AS gross,
    sumIf(amount, type = 'pos.refund.issued') AS refunds,
    sumIf(amount, type = 'pos.receipt.postvoided') AS post_voids,
    toInt64(countIf(type = 'pos.receipt.closed')) - toInt64(countIf(type = 'pos.receipt.postvoided')) AS receipts,
    sumIf(units, type = 'pos.receipt.closed') - sumIf(units, type = 'pos.receipt.postvoided') AS items
FROM events
WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued') AND store_id != ''
GROUP BY store_id, minute;

-- Web orders' fulfilling location, from ecom.order.placed: the sink looks it up when it
-- writes an order's paid, cancelled and shipped events (their payload has no location).
CREATE TABLE IF NOT EXISTS web_orders
(
    order_id    String,
    location_id LowCardinality(String),
    placed_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY order_id
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS web_orders_mv TO web_orders AS
SELECT order_id, location_id, occurred_at AS placed_at
FROM events
WHERE type = 'ecom.order.placed';

-- Web-shop sales per fulfilling location (location_id resolved by the sink). net = paid - refunded.
CREATE TABLE IF NOT EXISTS web_sales_per_location_minute
(
    location_id LowCardinality(String),
    minute      DateTime('UTC'),
    paid        Int64,
    refunded    Int64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (location_id, minute)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS web_sales_per_location_minute_mv TO web_sales_per_location_minute AS
SELECT
    location_id,
    toStartOfMinute(occurred_at) AS minute,
    sumIf(amount, type = 'ecom.order.paid') AS paid,
    sumIf(amount, type = 'ecom.order.cancelled') AS refunded
FROM events
WHERE type IN ('ecom.order.paid', 'ecom.order.cancelled')
GROUP BY location_id, minute;
