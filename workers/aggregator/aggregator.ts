import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { checkedApply } from '../harness/checked-apply';
import { DependencyUnavailable, type BatchResult, type InputBatch, type Outcome, type WorkerDefinition } from '../harness/worker';
import { toDateTime64, toEventRow } from '../sink/event-row';
import { createLivePublisher, type LivePublisher } from './live-publisher';
import { planBatch, type NewEvent, type StoreInfo } from './plan-batch';
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

const MAX_CONFLICT_RETRIES = 5;
const UNKNOWN_CATEGORY = '(unknown)';

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
  async function loadMasterData(storeIds: Set<string>, locationIds: Set<string>, skus: Set<string>): Promise<void> {
    const unknownStore = [...storeIds].some((s) => s && !stores.has(s));
    const unknownLocation = [...locationIds].some((s) => s && !stores.has(s)) && Date.now() - storesLoadedAt > 5_000;
    if (unknownStore || unknownLocation) {
      storesLoadedAt = Date.now();
      for (const [id, json] of Object.entries(await redis.hgetall(redisKeys.stores()))) {
        const p = JSON.parse(json) as { region: string; timezone: string };
        stores.set(id, { region: p.region, timezone: p.timezone });
      }
    }
    // SKU master data changes rarely: reload when a SKU is unknown, at most every 10 s.
    if ([...skus].some((s) => !skuCategory.has(s)) && Date.now() - skusLoadedAt > 10_000) {
      skusLoadedAt = Date.now();
      for (const [sku, json] of Object.entries(await redis.hgetall(redisKeys.skus()))) skuCategory.set(sku, (JSON.parse(json) as { category: string }).category);
    }
  }

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const outcomes: Outcome[] = [];
    const parsed: (NewEvent | undefined)[] = batch.messages.map((m) => {
      const r = toEventRow(m.value, batch.partition, m.offset);
      if (!r.ok) {
        outcomes.push({ kind: 'dlq', reason: r.reason });
        return undefined;
      }
      outcomes.push({ kind: 'ok' });
      return { row: r.row, ms: toDateTime64(`${r.row.occurred_at.replace(' ', 'T')}Z`).ms };
    });
    const candidates = parsed.filter((e): e is NewEvent => e !== undefined);
    if (candidates.length === 0) return { outcomes };

    for (let attempt = 1; ; attempt++) {
      let applied: Awaited<ReturnType<typeof checkedApply>>;
      let plan: ReturnType<typeof planBatch>;
      let fresh: NewEvent[];
      try {
        const { seen, state } = await readState(
          redis,
          candidates.map((e) => e.row),
        );
        const locations = new Set([...candidates.map((e) => e.row.location_id), ...state.orderLocations.values()].filter((l): l is string => !!l));
        const skus = new Set(candidates.flatMap((e) => [e.row.sku, ...e.row.line_skus]).filter(Boolean));
        await loadMasterData(new Set(candidates.map((e) => e.row.store_id)), locations, skus);
        // A source's seq twice in one batch (a resend close behind) counts once.
        const inBatch = new Set<string>();
        fresh = candidates.filter((e, i) => {
          const k = `${e.row.source}#${e.row.seq}`;
          if (seen[i] || inBatch.has(k)) return false;
          inBatch.add(k);
          return true;
        });
        plan = planBatch(fresh, {
          ...state,
          now: now(),
          hqTimezone: o.hqTimezone,
          store: (id) => stores.get(id),
          category: (sku) => skuCategory.get(sku) ?? UNKNOWN_CATEGORY,
        });
        applied = fresh.length === 0 ? { ok: true } : await checkedApply(redis, plan.checks, plan.writes.toWrites());
      } catch (err) {
        throw new DependencyUnavailable('redis', err);
      }
      if (applied.ok) {
        for (const [sku, json] of plan.skus) skuCategory.set(sku, (JSON.parse(json) as { category: string }).category);
        const freshKeys = new Set(fresh.map((e) => `${e.row.source}#${e.row.seq}`));
        for (const [j, e] of parsed.entries()) {
          if (e && !freshKeys.delete(`${e.row.source}#${e.row.seq}`)) outcomes[j] = { kind: 'duplicate' };
        }
        publisher.changed(plan.dirtyMinutes, plan.freshness);
        return { outcomes };
      }
      // Another consumer changed what this plan was built on (a rebalance): read again.
      log.warn({ partition: batch.partition, attempt, failedCheck: applied.failedCheck }, 'aggregator state changed under a batch; replanning');
      if (attempt >= MAX_CONFLICT_RETRIES) throw new DependencyUnavailable('redis (state kept changing under the batch)');
    }
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
