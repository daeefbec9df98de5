import type { Redis } from 'ioredis';
import { EXCEPTION_EVENT_TYPES } from '../../lib/loss/exception-metrics';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { applyCheckedBatch } from '../harness/checked-batch';
import type { BatchResult, InputBatch, WorkerDefinition } from '../harness/worker';
import { PAYLOAD_TYPES, planExceptions } from './plan-exceptions';
import { readExceptions } from './read-exceptions';

export interface ExceptionsOptions {
  redis: Redis;
  log: Logger;
  /** Timezone of a store the master data does not know (yet): the chain's HQ timezone. */
  hqTimezone: string;
  now?: () => number;
}

/**
 * The loss-prevention exceptions worker (issue 8): events.validated → each cashier's, till's
 * and store's exception metrics per store-local day and per shift in Redis
 * (lib/loss/exception-metrics.ts, docs/kpis.md "Loss prevention: exceptions"). Each batch is
 * read in one pipeline, planned in memory and applied in one atomic script that first checks
 * nothing it read has changed (seen bits, the tills' shifts, the tenders and waiting refunds
 * it relied on): duplicates are dropped atomically with the counts they would change, and a
 * replay after a crash changes nothing.
 */
export function createExceptions(o: ExceptionsOptions): WorkerDefinition {
  const { redis, log } = o;
  const now = o.now ?? Date.now;
  const timezones = new Map<string, string>();

  /**
   * Store timezones from the master data the validator keeps: it forwards a till event only
   * once its store is there, so a store unknown here means the copy is stale (as the live
   * aggregator's, workers/aggregator/aggregator.ts).
   */
  async function loadStores(storeIds: Iterable<string>): Promise<void> {
    if (![...storeIds].some((id) => !timezones.has(id))) return;
    for (const [id, json] of Object.entries(await redis.hgetall(redisKeys.stores()))) timezones.set(id, (JSON.parse(json) as { timezone: string }).timezone);
  }
  const timezone = (storeId: string) => timezones.get(storeId) ?? o.hqTimezone;

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const { outcomes } = await applyCheckedBatch(redis, log, batch, {
      payloadTypes: PAYLOAD_TYPES,
      // Till events of the types the metrics read; nothing else changes them.
      keep: (row) => EXCEPTION_EVENT_TYPES.has(row.type) && row.store_id !== '',
      read: async (events) => {
        await loadStores(new Set(events.map((e) => e.row.store_id)));
        return readExceptions(redis, events, timezone);
      },
      plan: (events, state) => planExceptions(events, { ...state, now: now(), timezone }),
    });
    return { outcomes };
  }

  return { name: 'exceptions', topics: [TOPICS.eventsValidated.name], concurrency: 2, handle };
}
