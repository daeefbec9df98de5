-- Why: the alerts center (issue 10) keeps every alert as history: the low stock alerts, the loss
-- rules' hits and the condition rules' alerts (store offline, revenue below), in the one alert
-- model of lib/alerts/alert-model.ts (docs/kpis.md "Alerts"). The alerts worker writes an alert's
-- row on every state change (opened, repeated, acknowledged, resolved) with its version, +1 per
-- change; ReplacingMergeTree keeps the highest version per id, so a row written twice (a retry)
-- is one. Read with FINAL (or argMax by version) for each alert's latest state.
CREATE TABLE IF NOT EXISTS alerts
(
    id              String,
    version         UInt32,
    kind            LowCardinality(String),
    severity        LowCardinality(String),
    state           LowCardinality(String),
    store_id        LowCardinality(String),
    till_id         String,
    sku             String,
    cashier_id      String,
    dedupe_key      String,
    evidence        String,
    repeats         UInt32,
    opened_at       DateTime64(3, 'UTC'),
    acknowledged_by String,
    acknowledged_at Nullable(DateTime64(3, 'UTC')),
    resolved_by     String,
    resolved_at     Nullable(DateTime64(3, 'UTC')),
    updated_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY (store_id, id)
SETTINGS index_granularity = 8192;
