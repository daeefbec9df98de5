import type { KafkaPosition, RuleEvent } from './evaluate';

/**
 * The columns of an `events` row (workers/sink/event-row.ts, ClickHouse `events`) the rules
 * read: the live worker builds them from events.validated, a backtest selects them from
 * history; both go through `ruleEventOf`, so the evaluator sees the same thing.
 */
export interface RuleRow {
  id: string;
  type: string;
  source: string;
  seq: number;
  store_id: string;
  till_id: string;
  cashier_id: string;
  receipt_id: string;
  line_id: number;
  sku: string;
  amount: number;
  units: number;
  /** The payload as JSON, whole (a matcher may name any field of any type). */
  payload: string;
  line_skus: string[];
  kafka_partition: number;
  kafka_offset: number;
}

/** A row as the evaluator sees it: `ms` its instant, `day` its store-local day, `topic` where its Kafka position is (null: unknown). */
export function ruleEventOf(row: RuleRow, ms: number, day: string, topic: string | null): RuleEvent {
  let payload: Record<string, unknown> = {};
  if (row.payload) {
    const p = JSON.parse(row.payload) as unknown;
    if (typeof p === 'object' && p !== null && !Array.isArray(p)) payload = p as Record<string, unknown>;
  }
  const e: RuleEvent = {
    id: row.id,
    type: row.type,
    source: row.source,
    seq: row.seq,
    occurredAt: new Date(ms).toISOString(),
    ms,
    day,
    storeId: row.store_id,
    tillId: row.till_id,
    cashierId: row.cashier_id,
    receiptId: row.receipt_id,
    lineId: row.line_id,
    sku: row.sku,
    amount: row.amount,
    units: row.units,
    payload,
    lineSkus: row.line_skus,
  };
  if (topic !== null) e.kafka = { topic, partition: row.kafka_partition, offset: String(row.kafka_offset) } satisfies KafkaPosition;
  return e;
}
