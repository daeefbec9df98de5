-- Why: the KPI read API (server/kpis/history-source.ts) answers the same counts per minute as
-- the live aggregates, and the loss-prevention ones are counts of events that
-- sales_per_store_minute does not keep: refunds and post-voids (it sums their money only), line
-- voids and receipt voids. This SummingMergeTree table is fed by a materialized view on every
-- insert into `events` (only the history sink inserts there). Definitions: docs/kpis.md,
-- "History rollups". Minutes are UTC minutes of occurredAt; read with sum() ... GROUP BY.
-- It has the same deduplication window as `events`, so that a replayed block that ClickHouse
-- drops from `events` is dropped here too.
--
-- Unlike 0003, `events` may already hold history when this runs. The table is created and
-- filled from it in one statement (CREATE ... AS SELECT inserts only when it creates the table,
-- so a second run adds nothing); the view then counts every later insert. Migrations run at
-- start, before the roles (server/main.ts), so with embedded ClickHouse no sink insert falls
-- between the two; on a shared ClickHouse server, stop the sinks while this one is applied.

CREATE TABLE IF NOT EXISTS store_activity_per_minute
(
    store_id        LowCardinality(String),
    minute          DateTime('UTC'),
    refund_count    Int64,
    post_void_count Int64,
    line_voids      Int64,
    receipt_voids   Int64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (store_id, minute)
SETTINGS non_replicated_deduplication_window = 10000
AS SELECT
    store_id,
    toStartOfMinute(occurred_at) AS minute,
    toInt64(countIf(type = 'pos.refund.issued')) AS refund_count,
    toInt64(countIf(type = 'pos.receipt.postvoided')) AS post_void_count,
    toInt64(countIf(type = 'pos.item.voided')) AS line_voids,
    toInt64(countIf(type = 'pos.receipt.voided')) AS receipt_voids
FROM events FINAL
WHERE type IN ('pos.refund.issued', 'pos.receipt.postvoided', 'pos.item.voided', 'pos.receipt.voided') AND store_id != ''
GROUP BY store_id, minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS store_activity_per_minute_mv TO store_activity_per_minute AS
SELECT
    store_id,
    toStartOfMinute(occurred_at) AS minute,
    toInt64(countIf(type = 'pos.refund.issued')) AS refund_count,
    toInt64(countIf(type = 'pos.receipt.postvoided')) AS post_void_count,
    toInt64(countIf(type = 'pos.item.voided')) AS line_voids,
    toInt64(countIf(type = 'pos.receipt.voided')) AS receipt_voids
FROM events
WHERE type IN ('pos.refund.issued', 'pos.receipt.postvoided', 'pos.item.voided', 'pos.receipt.voided') AND store_id != ''
GROUP BY store_id, minute;
