import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { checkedApply } from '../harness/checked-apply';
import { firstUnseen } from '../harness/seen-bitmaps';
import { DependencyUnavailable, type BatchResult, type InputBatch, type Outcome, type WorkerDefinition } from '../harness/worker';
import { toEventRow } from '../sink/event-row';
import { LINE_TYPES } from '../sink/receipt-lines';
import { planStock, type StockEvent } from './plan-stock';
import { createOutbox } from './outbox';
import { readInventory } from './read-inventory';

export interface InventoryOptions {
  redis: Redis;
  log: Logger;
}

const MAX_CONFLICT_RETRIES = 5;
const OK: Outcome = { kind: 'ok' };
const DUPLICATE: Outcome = { kind: 'duplicate' };

/** The types that move or count stock, or that a receipt's or order's later move needs. */
export const STOCK_TYPES: ReadonlySet<string> = new Set([
  ...LINE_TYPES,
  'pos.receipt.closed',
  'pos.receipt.voided',
  'pos.receipt.postvoided',
  'pos.refund.issued',
  'ecom.order.placed',
  'ecom.order.shipped',
  'ecom.order.cancelled',
  'stock.received',
  'stock.transferred',
  'stock.adjusted',
  'stock.counted',
  'stock.threshold.set',
]);
/** The types whose payload the planner reads whole (their typed columns do not hold it all). */
const PAYLOAD_TYPES: ReadonlySet<string> = new Set(['ecom.order.placed', 'stock.transferred', 'stock.threshold.set']);

/**
 * The inventory worker (design: data flow): events.validated → stock per SKU × location
 * in Redis (docs/kpis.md, "Stock per SKU × location"): on hand, reserved, the time of each
 * pair's last count and the shrink counts revealed. Each batch is read, planned in memory
 * and applied in one atomic script that first checks nothing it read has changed (seen
 * bits per source and seq, the on hand a count overwrites): duplicates are dropped
 * atomically with the movements they would make, and a replay changes nothing.
 */
export function createInventory(o: InventoryOptions): WorkerDefinition {
  const { redis, log } = o;
  const outbox = createOutbox(redis);

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const outcomes: Outcome[] = [];
    const candidates: StockEvent[] = [];
    const messageOf: number[] = [];
    batch.messages.forEach((m, j) => {
      const r = toEventRow(m.value, batch.partition, m.offset, { payloadTypes: PAYLOAD_TYPES });
      if (!r.ok) {
        outcomes.push({ kind: 'dlq', reason: r.reason });
        return;
      }
      outcomes.push(OK);
      // Validated events of other types never touch stock.
      if (!STOCK_TYPES.has(r.row.type)) return;
      candidates.push({ row: r.row, ms: r.ms });
      messageOf.push(j);
    });
    if (candidates.length === 0) return { outcomes };
    const rows = candidates.map((e) => e.row);

    for (let attempt = 1; ; attempt++) {
      let applied: Awaited<ReturnType<typeof checkedApply>>;
      let fresh: boolean[];
      let plan: ReturnType<typeof planStock>;
      try {
        const { seen, state } = await readInventory(redis, candidates);
        fresh = firstUnseen(rows, seen);
        const events = candidates.filter((_, i) => fresh[i]);
        plan = planStock(events, state);
        applied = events.length === 0 ? { ok: true } : await checkedApply(redis, plan.checks, plan.writes.toWrites());
      } catch (err) {
        throw new DependencyUnavailable('redis', err);
      }
      if (applied.ok) {
        fresh.forEach((f, i) => {
          if (!f) outcomes[messageOf[i]!] = DUPLICATE;
        });
        return { outcomes, ...(await outbox.take(plan.outbox)) };
      }
      // Another consumer changed what this plan was built on (a count's pair, a rebalance): read again.
      // Expected now and then: batches of two partitions (a till's sales, the warehouse's count) may move the same pair at once.
      (attempt >= 3 ? log.warn : log.debug).call(log, { partition: batch.partition, attempt, failedCheck: applied.failedCheck }, 'inventory state changed under a batch; replanning');
      if (attempt >= MAX_CONFLICT_RETRIES) throw new DependencyUnavailable('redis (state kept changing under the batch)');
    }
  }

  return { name: 'inventory', topics: [TOPICS.eventsValidated.name], concurrency: 2, handle };
}
