import os from 'node:os';
import type { Redis } from 'ioredis';
import type { Batch, EachBatchPayload, IHeaders, Message } from 'kafkajs';
import { createKafka } from '../../lib/clients/kafka';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { CachedDefaultPartitioner } from './cached-partitioner';
import { emptyCounters, type WorkerCounters } from './counters';
import { DLQ_HEADERS, DependencyUnavailable, type BatchResult, type InputBatch, type InputMessage, type Outcome, type OutgoingMessage, type WorkerDefinition } from './worker';

export interface RunningWorker {
  counters: () => WorkerCounters;
  /** Stops fetching, finishes the batch in hand, commits, closes. */
  stop: () => Promise<void>;
}

export interface RunWorkerOptions {
  brokers: string[];
  log: Logger;
  /** Where the counters are published for the operations view (optional). */
  redis?: Redis;
  /** Default `tillstream-<name>`. */
  groupId?: string;
  /** Retries of a batch while a dependency is down, before the consumer restarts (default 10, about 40 s). */
  maxRetries?: number;
  /**
   * Fault injection for the crash tests (config FAULT_KILL_AFTER_WRITES): the process kills
   * itself with SIGKILL after the side effects and output of its Nth batch, before the
   * offsets are committed: the worst moment, which the effects' idempotence must survive.
   */
  killAfterWritesOfBatch?: number;
}

const HEARTBEAT_MS = 3000;
const STATS_MS = 2000;
const STATS_TTL_S = 30;
const MAX_REASON = 500;
const MAX_REQUEST_BYTES = 900 * 1024;

/**
 * The shared consumer harness: every worker runs on it (conventions, "Consumers").
 *
 * For each batch of one partition: hand it to the worker (heartbeats keep the group
 * membership during long batches); when a dependency is down, wait and retry the same
 * batch with backoff; when the worker throws anything else, handle the messages one by
 * one so that only the bad one goes to events.dlq; produce the worker's output and the
 * dead letters with the idempotent producer; only then resolve and commit the offset.
 * A crash anywhere before the commit replays the batch, so a worker's effects must be
 * idempotent.
 */
export async function runWorker(def: WorkerDefinition, opts: RunWorkerOptions): Promise<RunningWorker> {
  const log = opts.log.child({ worker: def.name });
  const kafka = createKafka({ brokers: opts.brokers, clientId: `tillstream-${def.name}`, log });
  const consumer = kafka.consumer({
    groupId: opts.groupId ?? def.group ?? `tillstream-${def.name}`,
    sessionTimeout: 30_000,
    heartbeatInterval: HEARTBEAT_MS,
    maxBytesPerPartition: 1024 * 1024,
    ...(def.fetch ?? {}),
    retry: { retries: 10 },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: CachedDefaultPartitioner });
  const counters = emptyCounters();
  const lagByPartition = new Map<string, number>();
  const instance = `${os.hostname()}-${process.pid}`;
  const maxRetries = opts.maxRetries ?? 10;

  await producer.connect();
  await consumer.connect();
  for (const topic of def.topics) await consumer.subscribe({ topic, fromBeginning: true });

  /** Produces messages in order, in requests of at most ~900 KB, acknowledged by all replicas. */
  async function send(messages: (OutgoingMessage | (Message & { topic: string }))[]): Promise<void> {
    if (messages.length === 0) return;
    // The messages go to kafkajs as they are (it ignores `topic`): no copy per message.
    const byTopic = new Map<string, Message[]>();
    let produced = 0;
    for (const m of messages) {
      let list = byTopic.get(m.topic);
      if (!list) byTopic.set(m.topic, (list = []));
      list.push(m);
      if (m.topic !== TOPICS.eventsDlq.name) produced += 1;
    }
    // Requests of at most ~900 KB: one partition's share must stay under the broker's
    // message size limit (1 MiB by default), whatever the batch held. In order.
    let chunk: { topic: string; messages: Message[] }[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length > 0) await producer.sendBatch({ acks: -1, topicMessages: chunk });
      chunk = [];
      bytes = 0;
    };
    for (const [topic, list] of byTopic) {
      for (const m of list) {
        const size = (m.value?.length ?? 0) + 64;
        if (bytes + size > MAX_REQUEST_BYTES) await flush();
        let last = chunk.at(-1);
        if (!last || last.topic !== topic) chunk.push((last = { topic, messages: [] }));
        last.messages.push(m);
        bytes += size;
      }
    }
    await flush();
    counters.produced += produced;
  }

  /** The state writes that follow the output, retried while their dependency is down. */
  async function afterOutputWithRetry(write: () => Promise<void>, payload: EachBatchPayload): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if (attempt >= maxRetries || !payload.isRunning()) throw err;
        const wait = Math.min(30_000, 250 * 2 ** attempt);
        log.warn({ err: (err as Error).message, attempt: attempt + 1, waitMs: wait }, 'state write after the output failed; retrying');
        await new Promise((r) => setTimeout(r, wait));
        await payload.heartbeat().catch(() => undefined);
      }
    }
  }

  const partitionLocks = new Map<string, Promise<void>>();
  /** Waits for the partition's previous batch in this process to finish; returns the release. */
  async function lockPartition(key: string): Promise<() => void> {
    const previous = partitionLocks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = previous.then(() => mine);
    partitionLocks.set(key, chained);
    await previous;
    return () => {
      release();
      if (partitionLocks.get(key) === chained) partitionLocks.delete(key);
    };
  }

  async function handleOrSplit(batch: InputBatch): Promise<BatchResult> {
    try {
      return await def.handle(batch);
    } catch (err) {
      if (err instanceof DependencyUnavailable || batch.messages.length === 1) throw err;
      // A bug or a poison message: find it by handling the messages one at a time.
      log.warn({ err: (err as Error).message, partition: batch.partition, messages: batch.messages.length }, 'batch failed; handling its messages one by one');
      // Each message's output and state go out before the next is handled (it may read that state).
      const outcomes: Outcome[] = [];
      for (const m of batch.messages) {
        try {
          const r = await def.handle({ ...batch, messages: [m] });
          outcomes.push(...r.outcomes);
          await send(r.produce ?? []);
          await r.afterOutput?.();
        } catch (one) {
          if (one instanceof DependencyUnavailable) throw one;
          outcomes.push({ kind: 'dlq', reason: `${def.name} failed on this message: ${(one as Error).message}` });
        }
      }
      return { outcomes };
    }
  }

  async function handleWithRetry(batch: InputBatch, payload: EachBatchPayload): Promise<BatchResult | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await handleOrSplit(batch);
      } catch (err) {
        if (!(err instanceof DependencyUnavailable) || attempt >= maxRetries) throw err;
        counters.retries += 1;
        const wait = Math.min(5000, 200 * 2 ** attempt);
        log.warn({ dependency: err.dependency, attempt: attempt + 1, waitMs: wait }, `${err.message}; retrying the batch`);
        const until = Date.now() + wait;
        while (Date.now() < until) {
          if (!payload.isRunning() || payload.isStale()) return undefined;
          await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
          await payload.heartbeat().catch(() => undefined);
        }
      }
    }
  }

  function deadLetter(m: InputMessage, reason: string): Message & { topic: string } {
    return {
      topic: TOPICS.eventsDlq.name,
      key: m.key,
      value: m.value,
      headers: {
        ...m.headers,
        [DLQ_HEADERS.reason]: reason.slice(0, MAX_REASON),
        [DLQ_HEADERS.worker]: def.name,
        [DLQ_HEADERS.topic]: m.topic,
        [DLQ_HEADERS.partition]: String(m.partition),
        [DLQ_HEADERS.offset]: m.offset,
      },
    };
  }

  await consumer.run({
    eachBatchAutoResolve: false,
    autoCommit: true,
    autoCommitThreshold: 1,
    autoCommitInterval: null,
    partitionsConsumedConcurrently: def.concurrency ?? 2,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
      // One batch per partition at a time, in this process: after a rebalance kafkajs may
      // fetch a partition again while the previous (now stale) batch is still writing.
      const release = await lockPartition(`${batch.topic}:${batch.partition}`);
      try {
        if (!payload.isRunning() || payload.isStale()) return;
        await processBatch(payload);
      } finally {
        release();
      }
    },
  });

  async function processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const t0 = performance.now();
    const input = toInputBatch(batch);
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_MS);
    let result: BatchResult | undefined;
    try {
      result = await handleWithRetry(input, payload);
    } finally {
      clearInterval(beat);
    }
    if (!result) return; // stopping or rebalanced: the batch is replayed by whoever gets it
    if (result.outcomes.length !== input.messages.length) {
      throw new Error(`${def.name} returned ${result.outcomes.length} outcomes for ${input.messages.length} messages`);
    }
    const output: (OutgoingMessage | (Message & { topic: string }))[] = result.produce ?? [];
    const dlq: (Message & { topic: string })[] = [];
    result.outcomes.forEach((o, i) => {
      counters[o.kind] += 1;
      if (o.kind === 'dlq') dlq.push(deadLetter(input.messages[i]!, o.reason));
    });
    await send(dlq.length > 0 ? [...output, ...dlq] : output);
    // A batch that went stale while it was handled (a rebalance) writes no state: whoever
    // has the partition now replays it from the committed offset.
    if (payload.isStale()) return;
    if (result.afterOutput) await afterOutputWithRetry(result.afterOutput, payload);
    if (opts.killAfterWritesOfBatch !== undefined && counters.batches + 1 >= opts.killAfterWritesOfBatch) {
      log.warn({ batch: counters.batches + 1 }, 'FAULT_KILL_AFTER_WRITES: killing this process before the commit');
      process.kill(process.pid, 'SIGKILL');
    }
    payload.resolveOffset(batch.lastOffset());
    await payload.commitOffsetsIfNecessary();
    const ms = performance.now() - t0;
    counters.consumed += input.messages.length;
    counters.batches += 1;
    counters.lastBatchMs = Math.round(ms);
    counters.avgBatchMs = Math.round(counters.batches === 1 ? ms : counters.avgBatchMs * 0.9 + ms * 0.1);
    counters.lastBatchAt = new Date().toISOString();
    lagByPartition.set(`${batch.topic}:${batch.partition}`, Math.max(0, Number(batch.offsetLag())));
    counters.lag = [...lagByPartition.values()].reduce((a, b) => a + b, 0);
  }

  const publish = async () => {
    if (!opts.redis) return;
    const key = redisKeys.workerStats(def.name, instance);
    await opts.redis
      .multi()
      .hset(key, { ...Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, String(v ?? '')])), worker: def.name, instance, updatedAt: new Date().toISOString() })
      .expire(key, STATS_TTL_S)
      .exec()
      .catch(() => undefined);
  };
  const stats = setInterval(() => void publish(), STATS_MS);
  log.info({ topics: def.topics.map(String), group: opts.groupId ?? def.group ?? `tillstream-${def.name}` }, 'worker started');

  let stopping: Promise<void> | undefined;
  return {
    counters: () => ({ ...counters }),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(stats);
        // disconnect() stops fetching and waits for the batch in hand (which commits).
        await consumer.disconnect().catch((err: Error) => log.warn({ err: err.message }, 'consumer disconnect failed'));
        await producer.disconnect().catch(() => undefined);
        await def.close?.();
        await publish();
        log.info({ ...counters }, 'worker stopped');
      })()),
  };
}

/** The worker's view of a kafkajs batch. */
export function toInputBatch(batch: Batch): InputBatch {
  const { topic, partition } = batch;
  return {
    topic,
    partition,
    highWatermark: batch.highWatermark,
    messages: batch.messages.map((m) => ({ topic, partition, offset: m.offset, timestamp: m.timestamp, key: m.key ? m.key.toString() : null, value: m.value, headers: headersOf(m.headers) })),
  };
}

/** Headers as strings (the first value of a repeated one). Most messages have none: no work for them. */
function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) {
    for (const k of Object.keys(headers)) {
      const v = headers[k];
      out[k] = Array.isArray(v) ? String(v[0]) : String(v ?? '');
    }
  }
  return out;
}
