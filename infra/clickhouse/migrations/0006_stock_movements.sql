-- Why: the inventory's read API shows the movements of one SKU at one location over a period
-- (GET /api/v1/inventory/movements), and Redis keeps only the stock now. Every movement of
-- stock (docs/kpis.md, "Stock per SKU x location") becomes one row of `stock_movements`, fed
-- by a materialized view on every insert into `events` (only the history sink inserts there),
-- from the row alone:
--   sale          pos.receipt.closed: -qty of each of its lines (resolved by the sink), at the store
--   post_void     pos.receipt.postvoided: +qty of the lines of the receipt it reverses
--   refund        pos.refund.issued: +qty of its lines (goods back on the shelf)
--   shipment      ecom.order.shipped: -qty of the order's lines at its fulfilling location (the
--                 sink resolves both from the order's ecom.order.placed, workers/sink/resolve-references.ts)
--   received      stock.received: +qty
--   transfer_out  stock.transferred: -qty at fromLocationId (the row's location_id)
--   transfer_in   stock.transferred: +qty at toLocationId (from the payload: the one JSON read here)
--   adjusted      stock.adjusted: +delta (negative for write-offs)
--   counted       stock.counted: delta = the units counted. A count SETS on hand, it does not add:
--                 on hand at an instant = the latest count before it + the other movements after
--                 that count. Never sum a counted row with the others.
-- Lines of one event with the same SKU make one row (summed). `ref` is the receipt id (sale,
-- post_void, refund) or the order id (shipment); '' for warehouse movements.
--
-- ReplacingMergeTree keyed by the event (source, seq) and the row's place: a duplicate that
-- ever got past the sink collapses; read with FINAL (a SKU at a location is a narrow range of
-- the key). Same deduplication window as `events`, so a replayed block is dropped here too.
--
-- `web_order_lines` keeps each placed order's location and lines, so that the sink can resolve
-- the lines of an order shipped in a later block (the `web_orders` of 0003 has the location only).
--
-- Unlike 0003, `events` may already hold history when this runs: both tables are created and
-- filled from it in one statement (CREATE ... AS SELECT inserts only when it creates the table,
-- so a second run adds nothing); shipments stored before this migration get their lines from
-- `web_order_lines`. The views then take every later insert. Migrations run at start, before
-- the roles (server/main.ts); on a shared ClickHouse server, stop the sinks while this one is applied.

CREATE TABLE IF NOT EXISTS web_order_lines
(
    order_id    String,
    location_id LowCardinality(String),
    line_skus   Array(LowCardinality(String)),
    line_qtys   Array(Int64),
    line_values Array(Int64),
    placed_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY order_id
SETTINGS non_replicated_deduplication_window = 10000
AS SELECT
    order_id,
    location_id,
    arrayMap(l -> l.sku, lines) AS line_skus,
    arrayMap(l -> l.qty, lines) AS line_qtys,
    arrayMap(l -> l.qty * l.unitPrice, lines) AS line_values,
    occurred_at AS placed_at
FROM
(
    SELECT order_id, location_id, occurred_at, JSONExtract(payload, 'lines', 'Array(Tuple(sku String, qty Int64, unitPrice Int64))') AS lines
    FROM events FINAL
    WHERE type = 'ecom.order.placed'
);

CREATE MATERIALIZED VIEW IF NOT EXISTS web_order_lines_mv TO web_order_lines AS
SELECT
    order_id,
    location_id,
    arrayMap(l -> l.sku, lines) AS line_skus,
    arrayMap(l -> l.qty, lines) AS line_qtys,
    arrayMap(l -> l.qty * l.unitPrice, lines) AS line_values,
    occurred_at AS placed_at
FROM
(
    SELECT order_id, location_id, occurred_at, JSONExtract(payload, 'lines', 'Array(Tuple(sku String, qty Int64, unitPrice Int64))') AS lines
    FROM events
    WHERE type = 'ecom.order.placed'
);

CREATE TABLE IF NOT EXISTS stock_movements
(
    location_id LowCardinality(String),
    sku         LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    kind        LowCardinality(String),
    delta       Int64,
    source      String,
    seq         UInt64,
    ref         String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (location_id, sku, occurred_at, source, seq, kind)
SETTINGS non_replicated_deduplication_window = 10000
AS SELECT
    m.1 AS location_id,
    m.2 AS sku,
    occurred_at,
    m.3 AS kind,
    sum(m.4) AS delta,
    source,
    seq,
    ref
FROM
(
    SELECT
        e.occurred_at AS occurred_at,
        e.source AS source,
        e.seq AS seq,
        if(e.type = 'ecom.order.shipped', e.order_id, e.receipt_id) AS ref,
        CAST(multiIf(
            e.type = 'pos.receipt.closed', arrayMap((s, q) -> (e.store_id, s, 'sale', -q), e.line_skus, e.line_qtys),
            e.type = 'pos.receipt.postvoided', arrayMap((s, q) -> (e.store_id, s, 'post_void', q), e.line_skus, e.line_qtys),
            e.type = 'pos.refund.issued', arrayMap((s, q) -> (e.store_id, s, 'refund', q), e.line_skus, e.line_qtys),
            e.type = 'ecom.order.shipped', arrayMap((s, q) -> (o.location_id, s, 'shipment', -q), o.line_skus, o.line_qtys),
            e.type = 'stock.received', [(e.location_id, e.sku, 'received', e.units)],
            e.type = 'stock.transferred', [(e.location_id, e.sku, 'transfer_out', -e.units), (JSONExtractString(e.payload, 'toLocationId'), e.sku, 'transfer_in', e.units)],
            e.type = 'stock.adjusted', [(e.location_id, e.sku, 'adjusted', e.units)],
            e.type = 'stock.counted', [(e.location_id, e.sku, 'counted', e.units)],
            []), 'Array(Tuple(String, String, String, Int64))') AS moves
    FROM events AS e FINAL
    LEFT JOIN (SELECT * FROM web_order_lines FINAL) AS o ON e.order_id = o.order_id AND e.type = 'ecom.order.shipped'
    WHERE e.type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued', 'ecom.order.shipped',
                     'stock.received', 'stock.transferred', 'stock.adjusted', 'stock.counted')
)
ARRAY JOIN moves AS m
WHERE m.1 != '' AND m.2 != ''
GROUP BY location_id, sku, occurred_at, kind, source, seq, ref;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_movements_mv TO stock_movements AS
SELECT
    m.1 AS location_id,
    m.2 AS sku,
    occurred_at,
    m.3 AS kind,
    sum(m.4) AS delta,
    source,
    seq,
    ref
FROM
(
    SELECT
        occurred_at,
        source,
        seq,
        if(type = 'ecom.order.shipped', order_id, receipt_id) AS ref,
        CAST(multiIf(
            type = 'pos.receipt.closed', arrayMap((s, q) -> (store_id, s, 'sale', -q), line_skus, line_qtys),
            type = 'pos.receipt.postvoided', arrayMap((s, q) -> (store_id, s, 'post_void', q), line_skus, line_qtys),
            type = 'pos.refund.issued', arrayMap((s, q) -> (store_id, s, 'refund', q), line_skus, line_qtys),
            type = 'ecom.order.shipped', arrayMap((s, q) -> (location_id, s, 'shipment', -q), line_skus, line_qtys),
            type = 'stock.received', [(location_id, sku, 'received', units)],
            type = 'stock.transferred', [(location_id, sku, 'transfer_out', -units), (JSONExtractString(payload, 'toLocationId'), sku, 'transfer_in', units)],
            type = 'stock.adjusted', [(location_id, sku, 'adjusted', units)],
            type = 'stock.counted', [(location_id, sku, 'counted', units)],
            []), 'Array(Tuple(String, String, String, Int64))') AS moves
    FROM events
    WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued', 'ecom.order.shipped',
                   'stock.received', 'stock.transferred', 'stock.adjusted', 'stock.counted')
)
ARRAY JOIN moves AS m
WHERE m.1 != '' AND m.2 != ''
GROUP BY location_id, sku, occurred_at, kind, source, seq, ref;
