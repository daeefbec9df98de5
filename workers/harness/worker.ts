/**
 * What a worker is, for the shared consumer harness (`run-worker.ts`): the topics it
 * reads, and a function that handles one batch of one partition and says what happened
 * to each message. The harness does the rest: fetching, heartbeats, retries while a
 * dependency is down, the dead-letter topic, producing the worker's output, committing
 * offsets only after all of that is durable, counters, and an ordered shutdown.
 */
export interface InputMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The message's Kafka timestamp (epoch ms as a string), when the fetch gave one. */
  timestamp?: string;
  key: string | null;
  /** The original bytes (forwarded as they are where nothing changes). */
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface InputBatch {
  topic: string;
  partition: number;
  messages: InputMessage[];
  /** The partition's high watermark when the batch was fetched: caught up when the last offset + 1 reaches it. */
  highWatermark: string;
}

/** What happened to one input message. */
export type Outcome =
  | { kind: 'ok' }
  /** Already seen (same source and seq): dropped, counted. */
  | { kind: 'duplicate' }
  /** Rejected: the harness sends the original bytes to events.dlq with the reason in headers. */
  | { kind: 'dlq'; reason: string };

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: Buffer | string;
  headers?: Record<string, string>;
}

export interface BatchResult {
  /** One outcome per input message, in order. */
  outcomes: Outcome[];
  /** Messages the worker derives (e.g. events.validated), produced before the offsets are committed. */
  produce?: OutgoingMessage[];
  /**
   * State writes that must not happen before the output is durable (the validator's "seen"
   * marks: written first, a crash before the produce would drop those events as duplicates
   * on replay). Run once Kafka has acknowledged `produce`, before the commit; a crash in
   * between replays the batch and produces its output again, which downstream deduplicates.
   */
  afterOutput?: () => Promise<void>;
}

export interface WorkerDefinition {
  /** Short name: logs, counters, the consumer group (`tillstream-<name>`). */
  name: string;
  topics: (string | RegExp)[];
  /**
   * Handles one batch of one partition, in offset order. Its own side effects (Redis,
   * ClickHouse) must be durable when it resolves; they must be idempotent, because a
   * crash before the commit replays the batch. Throw `DependencyUnavailable` when a
   * service it needs is down: the harness retries the batch with backoff.
   */
  handle: (batch: InputBatch) => Promise<BatchResult>;
  /** Consumer group; default `tillstream-<name>`. A group per process makes every process read everything (broadcast). */
  group?: string;
  /**
   * How a fetch fills up (kafkajs minBytes / maxWaitTimeInMs / maxBytes /
   * maxBytesPerPartition). A worker whose writes cost per call (the sink: one ClickHouse
   * insert per group of batches) asks for fuller fetches; latency-bound workers keep the
   * defaults.
   */
  fetch?: { minBytes: number; maxWaitTimeInMs: number; maxBytes?: number; maxBytesPerPartition?: number };
  /** Partitions handled at once by one process (default 2). */
  concurrency?: number;
  /** Called once the harness stops, after the last commit: flush and close what the worker holds. */
  close?: () => Promise<void>;
}

/** A service the worker needs is unavailable: retry the same batch later, never dead-letter it. */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    cause?: unknown,
  ) {
    super(`${dependency} unavailable${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
    this.name = 'DependencyUnavailable';
  }
}

/** Headers on every events.dlq message. */
export const DLQ_HEADERS = {
  reason: 'tillstream-dlq-reason',
  worker: 'tillstream-dlq-worker',
  topic: 'tillstream-source-topic',
  partition: 'tillstream-source-partition',
  offset: 'tillstream-source-offset',
} as const;
