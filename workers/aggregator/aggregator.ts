import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { applyCheckedBatch } from '../harness/checked-batch';
import type { BatchResult, InputBatch, WorkerDefinition } from '../harness/worker';
import type { EventRow } from '../sink/event-row';
import { createLivePublisher, type LivePublisher } from './live-publisher';
import type { StoreInfo } from './place-keys';
import { planBatch } from './plan-batch';
import { readState } from './read-state';

export interface AggregatorOptions {
  redis: Redis;
  log: Logger;
  /** Timezone of locations that are not stores (the warehouse; docs/kpis.md "Time"). */
  hqTimezone: string;
  now?: () => number;
  /** Live deltas at most this often per room (ms). */
  publishEveryMs?: number;
}

const UNKNOWN_CATEGORY = '(unknown)';
/** The only type whose payload the aggregator reads whole (plan-batch.ts keeps it as the SKU's master data). */
const PAYLOAD_TYPES: ReadonlySet<string> = new Set(['sku.upserted']);

/**
 * The live aggregator (design: data flow): events.validated → the live counts in Redis
 * (lib/live/live-counts.ts), top SKUs and categories of the day, each source's freshness
 * and gaps, and coalesced live deltas per room. Each batch is read, planned in memory and
 * applied in one atomic script that first checks nothing it read has changed: duplicates
 * are dropped atomically with the counts they would change, and a replay changes nothing.
 */
export function createAggregator(o: AggregatorOptions): WorkerDefinition & { publisher: LivePublisher } {
  const { redis, log } = o;
  const now = o.now ?? Date.now;
  const stores = new Map<string, StoreInfo>();
  const skuCategory = new Map<string, string>();
  let skusLoadedAt = 0;
  const publisher = createLivePublisher({ redis, log, isStore: (id) => stores.has(id), everyMs: o.publishEveryMs, now });

  let storesLoadedAt = 0;
  /**
   * Stores from the master data the validator keeps (it has checked every till event's
   * store, so those are known); a web location that is not a known store (the warehouse)
   * reloads them at most every 5 s.
   */
  async function loadMasterData(rows: EventRow[], orderLocations: Map<string, string | null>): Promise<void> {
    const unknown = (id: string | null) => !!id && !stores.has(id);
    const unknownStore = rows.some((r) => unknown(r.store_id));
    const unknownLocation = (rows.some((r) => unknown(r.location_id)) || [...orderLocations.values()].some(unknown)) && Date.now() - storesLoadedAt > 5_000;
    if (unknownStore || unknownLocation) {
      storesLoadedAt = Date.now();
      for (const [id, json] of Object.entries(await redis.hgetall(redisKeys.stores()))) {
        const p = JSON.parse(json) as { region: string; timezone: string };
        stores.set(id, { region: p.region, timezone: p.timezone });
      }
    }
    // SKU master data changes rarely: reload when a SKU is unknown, at most every 10 s.
    const unknownSku = (sku: string) => !!sku && !skuCategory.has(sku);
    if (rows.some((r) => unknownSku(r.sku) || r.line_skus.some(unknownSku)) && Date.now() - skusLoadedAt > 10_000) {
      skusLoadedAt = Date.now();
      for (const [sku, json] of Object.entries(await redis.hgetall(redisKeys.skus()))) skuCategory.set(sku, (JSON.parse(json) as { category: string }).category);
    }
  }

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const { outcomes, plan } = await applyCheckedBatch(redis, log, batch, {
      payloadTypes: PAYLOAD_TYPES,
      read: (events) => readState(redis, events.map((e) => e.row)),
      plan: async (events, state) => {
        await loadMasterData(
          events.map((e) => e.row),
          state.orderLocations,
        );
        return planBatch(events, {
          ...state,
          now: now(),
          hqTimezone: o.hqTimezone,
          store: (id) => stores.get(id),
          category: (sku) => skuCategory.get(sku) ?? UNKNOWN_CATEGORY,
        });
      },
    });
    if (plan) {
      for (const [sku, json] of plan.skus) skuCategory.set(sku, (JSON.parse(json) as { category: string }).category);
      publisher.changed(plan.dirtyMinutes, plan.freshness);
    }
    return { outcomes };
  }

  return {
    name: 'aggregator',
    topics: [TOPICS.eventsValidated.name],
    concurrency: 2,
    handle,
    publisher,
    close: () => publisher.stop(),
  };
}
