import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { DependencyUnavailable, type BatchResult, type InputBatch, type WorkerDefinition } from '../harness/worker';
import { offsetsOf, packBody, toJsonEachRow, unpackBody } from './block-body';
import { clickhouseReferences } from './clickhouse-references';
import { toEventRow, type EventRow } from './event-row';
import { createEventsWriter, type EventsWriter } from './insert-events';
import { createBlockGroups } from './block-group';
import { redisPartitionStore, type Block, type BlockPart, type PartitionStore, type SeqId } from './partition-store';
import { classify, settle } from './plan-block';
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

/** A partition batch's rows, waiting for their group's insert. */
interface Part extends BlockPart {
  rows: EventRow[];
  ids: SeqId[];
}

/** Inserts above this many rows go alone (memory); ~10 MB of JSON. */
const MAX_GROUP_ROWS = 50_000;
/** How long a group waits for a batch of the same fetch that is slow to prepare. */
const MAX_GROUP_WAIT_MS = 200;

/**
 * The history sink: events.validated → ClickHouse `events`, and through materialized
 * views the rollups and the stock movements (migrations 0002–0006). Exactly once, in blocks that group the
 * batches of all partitions handled at the same time (block-group.ts: one insert per
 * fetch, not per partition):
 *
 * 1. If the partition points at a block that was planned and never confirmed, that block
 *    is sent again first: the same bytes under the same token. ClickHouse drops it if it
 *    had landed (in `events` and in every view's table), or completes it if it had not,
 *    or only partly. Then every partition of the block moves `done` to its end.
 * 2. Messages at or below `done` are a replay: nothing of them is inserted.
 * 3. The rest are parsed, deduplicated by (source, seq) within the batch and against
 *    the Redis bitmaps, and their references resolved (lines, web location, a shipped
 *    order's lines).
 * 4. The group's block (token, bytes, parts) and the seen-bits are written in one MULTI;
 *    then the insert; then, in one script, `done` of each part and the block's removal.
 * A crash anywhere is recovered by step 1 on the replay of any of the block's partitions,
 * however Kafka cuts the replayed batches, because the block is re-sent from Redis, not
 * re-formed. ClickHouse or Redis failures throw DependencyUnavailable: the harness retries.
 */
export function createSinkWorker(opts: SinkOptions): WorkerDefinition {
  const log = opts.log.child({ worker: 'sink' });
  const store = opts.store ?? redisPartitionStore(opts.redis, sinkKeys(opts.scope));
  const writer = opts.writer ?? createEventsWriter(opts.clickhouse);
  const lookups = opts.references ?? clickhouseReferences(opts.clickhouse);
  const refs: References = {
    receiptLineEvents: (r) => needs('clickhouse', () => lookups.receiptLineEvents(r)),
    closedReceiptLines: (r) => needs('clickhouse', () => lookups.closedReceiptLines(r)),
    placedOrders: (o) => needs('clickhouse', () => lookups.placedOrders(o)),
  };

  /** Plans, inserts and confirms one group of partition batches. */
  async function insertGroup(parts: Part[]): Promise<void> {
    const rows = parts.flatMap((p) => p.rows);
    const body = toJsonEachRow(rows);
    const block: Block = {
      token: `tillstream-sink:${randomBytes(12).toString('hex')}`,
      body: await packBody(body),
      parts: parts.map(({ topic, partition, from, to }) => ({ topic, partition, from, to })),
    };
    await needs('redis', () => store.begin(block, parts.flatMap((p) => p.ids)));
    await needs('clickhouse', () => writer.insert(body, block.token));
    await needs('redis', () => store.complete(block));
  }
  const groups = createBlockGroups<Part>({ flush: insertGroup, maxRows: MAX_GROUP_ROWS, maxWaitMs: MAX_GROUP_WAIT_MS });

  /** Step 1: completes the unconfirmed block this partition points at; returns the partition's state after it and the offsets re-sent. */
  async function recover(topic: string, partition: number): Promise<{ done: bigint | null; recovered: Set<string> }> {
    const state = await needs('redis', () => store.load(topic, partition));
    if (!state.pending) return { done: state.done, recovered: new Set() };
    const token = state.pending;
    const block = await needs('redis', () => store.block(token));
    if (!block) {
      // Completed meanwhile by the handler of another of its partitions.
      const after = await needs('redis', () => store.load(topic, partition));
      if (after.pending === token) throw new DependencyUnavailable('redis', new Error(`block ${token} of ${topic}:${partition} is missing from Redis`));
      return { done: after.done, recovered: new Set() };
    }
    const body = await unpackBody(block.body);
    await needs('clickhouse', () => writer.insert(body, block.token));
    await needs('redis', () => store.complete(block));
    const mine = block.parts.find((p) => p.topic === topic && p.partition === partition);
    const recovered = offsetsOf(body, partition);
    log.info({ partition, parts: block.parts.length, rows: recovered.size }, 'sent an unconfirmed block again');
    return { done: mine ? BigInt(mine.to) : state.done, recovered };
  }

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const { topic, partition } = batch;
    const ticket = groups.enter();
    try {
      const { done, recovered } = await recover(topic, partition);
      const parsed = batch.messages.map((m) => toEventRow(m.value, m.partition, m.offset));
      const c = classify(batch.messages, parsed, done, recovered);
      const rowOf = (i: number) => (parsed[i] as { ok: true; row: EventRow }).row;
      const seen = await needs('redis', () => store.seen(c.candidates.map((i) => ({ source: rowOf(i).source, seq: rowOf(i).seq }))));
      const { outcomes, kept } = settle(c, seen);
      if (kept.length === 0 || c.from === null || c.to === null) return { outcomes };

      const rows = kept.map(rowOf);
      const stats = await resolveReferences(rows, refs);
      if (stats.postVoidsWithoutReceipt > 0 || stats.ordersWithoutLocation > 0) log.warn({ partition, ...stats }, 'references not found in history');
      await ticket.submit({ topic, partition, from: c.from, to: c.to, rows, ids: rows.map((r) => ({ source: r.source, seq: r.seq })) }, rows.length);
      return { outcomes };
    } finally {
      ticket.leave();
    }
  }

  // Every partition of events.validated at once, so that one fetch becomes one insert;
  // fetches of up to ~8 MB, waiting up to a second to gather 4 MB under low traffic.
  return {
    name: 'sink',
    topics: [TOPICS.eventsValidated.name],
    handle,
    concurrency: TOPICS.eventsValidated.partitions,
    fetch: { minBytes: 4 * 1024 * 1024, maxWaitTimeInMs: 1000, maxBytes: 8 * 1024 * 1024, maxBytesPerPartition: 1024 * 1024 },
  };
}
