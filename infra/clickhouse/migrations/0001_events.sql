-- Why: the history sink keeps every accepted event (events.validated) here, so that any
-- KPI can be recomputed exactly from raw facts and a receipt's full journal can be shown.
-- ReplacingMergeTree keyed by (source, seq) lets a replayed batch collapse to one row per
-- event; queries that must be exact before merges use FINAL or argMax by ingested_at.
CREATE TABLE IF NOT EXISTS events
(
    id            String,
    type          LowCardinality(String),
    schema_version UInt16,
    source        String,
    seq           UInt64,
    occurred_at   DateTime64(3, 'UTC'),
    store_id      LowCardinality(String),
    till_id       String,
    cashier_id    String,
    receipt_id    String,
    payload       String,
    ingested_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (store_id, source, seq)
SETTINGS index_granularity = 8192;

-- Minute-level lookups by store and time go through this skip index.
ALTER TABLE events ADD INDEX IF NOT EXISTS idx_occurred_at occurred_at TYPE minmax GRANULARITY 4;
