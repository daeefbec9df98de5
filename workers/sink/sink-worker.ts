import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { DependencyUnavailable, type BatchResult, type InputBatch, type WorkerDefinition } from '../harness/worker';
import { offsetsOf, packBody, toJsonEachRow, unpackBody } from './block-body';
import { clickhouseReferences } from './clickhouse-references';
import { toEventRow, type EventRow } from './event-row';
import { createEventsWriter, type EventsWriter } from './insert-events';
import { redisPartitionStore, type PartitionStore } from './partition-store';
import { blockToken, classify, settle } from './plan-block';
import { sinkKeys } from './redis-keys';
import { resolveReferences, type References } from './resolve-references';

export interface SinkOptions {
  clickhouse: ClickHouseClient;
  redis: Redis;
  log: Logger;
  /** Redis key scope (`ts:<scope>:…`), default `sink`. Tests use their own. */
  scope?: string;
  /** Replace the parts that talk to ClickHouse or Redis (tests: fault injection, fakes). */
  writer?: EventsWriter;
  references?: References;
  store?: PartitionStore;
}

/** Runs `fn`; any failure means `dependency` is unavailable: the harness retries the batch. */
async function needs<T>(dependency: 'clickhouse' | 'redis', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof DependencyUnavailable ? err : new DependencyUnavailable(dependency, err);
  }
}

/**
 * The history sink: events.validated → ClickHouse `events`, and through materialized
 * views the rollups (migrations 0002–0004). One insert per handled batch, exactly once:
 *
 * 1. If Redis holds a plan of this partition that was never confirmed, send it again
 *    first: the same bytes under the same token. ClickHouse drops it if it had landed
 *    (in `events` and in every view's table), or completes it if it had not, or only
 *    partly. Then `done` moves to its end.
 * 2. Messages at or below `done` are a replay: nothing of them is inserted.
 * 3. The rest are parsed, deduplicated by (source, seq) within the block and against
 *    the Redis bitmaps, and their references resolved (lines, web location).
 * 4. The plan (offsets, token, bytes) and the seen-bits are written in one MULTI;
 *    then the insert; then `done` and the plan's removal in one MULTI.
 * A crash anywhere is recovered by step 1 on the replay, however Kafka cuts the
 * replayed batches, because the block is re-sent from Redis, not re-formed.
 * ClickHouse or Redis failures throw DependencyUnavailable: the harness retries.
 */
export function createSinkWorker(opts: SinkOptions): WorkerDefinition {
  const log = opts.log.child({ worker: 'sink' });
  const store = opts.store ?? redisPartitionStore(opts.redis, sinkKeys(opts.scope));
  const writer = opts.writer ?? createEventsWriter(opts.clickhouse);
  const lookups = opts.references ?? clickhouseReferences(opts.clickhouse);
  const refs: References = {
    receiptLineEvents: (r) => needs('clickhouse', () => lookups.receiptLineEvents(r)),
    closedReceiptLines: (r) => needs('clickhouse', () => lookups.closedReceiptLines(r)),
    orderLocations: (o) => needs('clickhouse', () => lookups.orderLocations(o)),
  };

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const { topic, partition } = batch;
    const state = await needs('redis', () => store.load(topic, partition));
    let done = state.done;
    let recovered = new Set<string>();
    if (state.pending) {
      const plan = state.pending;
      const body = await unpackBody(plan.body);
      await needs('clickhouse', () => writer.insert(body, plan.token));
      await needs('redis', () => store.complete(topic, partition, plan.to));
      done = BigInt(plan.to);
      recovered = offsetsOf(body);
      log.info({ partition, from: plan.from, to: plan.to, rows: recovered.size }, 'sent an unconfirmed block again');
    }

    const parsed = batch.messages.map((m) => toEventRow(m.value, m.partition, m.offset));
    const c = classify(batch.messages, parsed, done, recovered);
    const rowOf = (i: number) => (parsed[i] as { ok: true; row: EventRow }).row;
    const seen = await needs('redis', () => store.seen(c.candidates.map((i) => ({ source: rowOf(i).source, seq: rowOf(i).seq }))));
    const { outcomes, kept } = settle(c, seen);
    if (kept.length === 0 || c.from === null || c.to === null) return { outcomes };

    const rows = kept.map(rowOf);
    const stats = await resolveReferences(rows, refs);
    if (stats.postVoidsWithoutReceipt > 0 || stats.ordersWithoutLocation > 0) log.warn({ partition, ...stats }, 'references not found in history');
    const body = toJsonEachRow(rows);
    const plan = { from: c.from, to: c.to, token: blockToken(state.generation, topic, partition, c.from, c.to), body: await packBody(body) };
    await needs('redis', () =>
      store.begin(
        topic,
        partition,
        plan,
        rows.map((r) => ({ source: r.source, seq: r.seq })),
      ),
    );
    await needs('clickhouse', () => writer.insert(body, plan.token));
    await needs('redis', () => store.complete(topic, partition, plan.to));
    return { outcomes };
  }

  // Fuller batches under low traffic: about one insert per second per partition, not one per event.
  return { name: 'sink', topics: [TOPICS.eventsValidated.name], handle, concurrency: 2, fetch: { minBytes: 256 * 1024, maxWaitTimeInMs: 1000 } };
}
