-- Why: the history sink (workers/sink) writes every event of events.validated into `events`,
-- and the rollups of 0003/0004 are materialized views over those inserts. This migration
-- gives `events` what the sink and the views need; the table keeps its engine and key
-- (ReplacingMergeTree on (store_id, source, seq): a duplicate that ever got through would
-- still collapse under FINAL).
--
-- 1. Typed columns filled by the sink from the payload, so that the views read numbers, never
--    JSON, and drill-downs can filter on them (0 or '' where a type has no such field):
--      amount      pos.receipt.closed/.postvoided total; pos.refund.issued amount;
--                  pos.discount.applied amount; pos.payment.captured amount;
--                  ecom.order.placed total; ecom.order.paid amount;
--                  ecom.order.cancelled refundedAmount
--      units       closed/postvoided items; refund: sum of its lines' qty; pos.item.added qty;
--                  pos.item.quantity.changed newQty; stock.received/.transferred qty;
--                  stock.adjusted delta; stock.counted counted
--      line_id, sku, unit_price   pos.item.added (unitPrice); pos.price.overridden (newPrice);
--                  pos.item.voided and pos.discount.applied (line_id only); stock events (sku)
--      order_id    ecom.order.*
--      location_id stock events (transferred: fromLocationId); ecom.order.placed locationId;
--                  ecom.order.paid/.cancelled/.shipped: the placed order's location, resolved
--                  by the sink (workers/sink/resolve-references.ts), '' if never placed
--      line_skus, line_qtys, line_values
--                  pos.receipt.closed: the receipt's lines at the close (added, not voided,
--                  last price and qty; value = qty x price, before receipt discounts);
--                  pos.receipt.postvoided: the same lines of the receipt it reverses;
--                  pos.refund.issued: its lines (value 0: refund lines carry no price)
-- 2. kafka_partition, kafka_offset: where the row came from in events.validated, so that an
--    operator can tell a replayed block from a resend of an event.
-- 3. non_replicated_deduplication_window: every sink insert carries an
--    insert_deduplication_token derived from the block's partition and offsets; ClickHouse
--    drops a block whose token is among the last 10,000 blocks of the table. A replay
--    after a crash resends the identical block with the identical token (the sink keeps
--    it in Redis until the insert is confirmed), so it is dropped here and, with
--    deduplicate_blocks_in_dependent_materialized_views, in every rollup fed by a view.
--    10,000 blocks is over a quarter of an hour at full speed (~10 blocks/s), hours at normal
--    traffic; the sink re-sends a pending block before anything else, within seconds of a restart.
-- 4. Skip indexes for drill-downs: a receipt's events and a cashier's receipts.
-- Nothing wrote `events` before this migration, so there is nothing to backfill.
ALTER TABLE events
    ADD COLUMN IF NOT EXISTS kafka_partition UInt16 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS kafka_offset UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS amount Int64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS units Int64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS line_id UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sku LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS unit_price Int64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS order_id String DEFAULT '',
    ADD COLUMN IF NOT EXISTS location_id LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS line_skus Array(LowCardinality(String)),
    ADD COLUMN IF NOT EXISTS line_qtys Array(Int64),
    ADD COLUMN IF NOT EXISTS line_values Array(Int64),
    MODIFY SETTING non_replicated_deduplication_window = 10000;

ALTER TABLE events ADD INDEX IF NOT EXISTS idx_receipt_id receipt_id TYPE bloom_filter(0.01) GRANULARITY 1;

ALTER TABLE events ADD INDEX IF NOT EXISTS idx_cashier_id cashier_id TYPE bloom_filter(0.01) GRANULARITY 1;
