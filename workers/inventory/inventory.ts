import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { applyCheckedBatch } from '../harness/checked-batch';
import type { BatchResult, InputBatch, WorkerDefinition } from '../harness/worker';
import { LINE_TYPES } from '../sink/receipt-lines';
import { planStock } from './plan-stock';
import { createOutbox } from './outbox';
import { readInventory } from './read-inventory';

export interface InventoryOptions {
  redis: Redis;
  log: Logger;
}


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
    const { outcomes, plan } = await applyCheckedBatch(redis, log, batch, {
      payloadTypes: PAYLOAD_TYPES,
      // Validated events of other types never touch stock.
      keep: (row) => STOCK_TYPES.has(row.type),
      read: (events) => readInventory(redis, events),
      plan: (events, state) => planStock(events, state),
    });
    // Alerts and orders of this batch, and any a crash left in the outbox, go out with it.
    return { outcomes, ...(await outbox.take(plan?.outbox ?? [])) };
  }

  return { name: 'inventory', topics: [TOPICS.eventsValidated.name], concurrency: 2, handle };
}
