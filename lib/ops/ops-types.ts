/**
 * The operations view's answer (GET /api/v1/ops, server/ops/): here so that the browser and
 * the metrics endpoint read it with the same types.
 */
import type { HealthReport } from '../live/health-types';

/** One rejected event as the DLQ monitor keeps it: identifiers and the reason only, personal and payment data masked. */
export interface DlqSample {
  /** When the monitor read it (ISO). */
  at: string;
  /** The worker that rejected it (`tillstream-dlq-worker` header). */
  worker: string;
  /** Where it came from: topic, partition, offset of the original. */
  origin: { topic: string | null; partition: number | null; offset: string | null };
  /** The reason as the worker gave it (truncated, long digit runs masked). */
  reason: string;
  /** The field the reason names (`payload.total`), when it names one. */
  field: string | null;
  /** That field's value in the event, redacted and truncated (null when absent). */
  value: string | null;
  type: string | null;
  source: string | null;
  seq: number | null;
  occurredAt: string | null;
  storeId: string | null;
  /** Size of the original message in bytes. */
  bytes: number;
  /** The message was not a JSON object (nothing of it is kept). */
  unparseable: boolean;
}

/** Dead letters of one worker and one reason class (numbers and ids in the reason replaced by `#`). */
export interface DlqReasonCount {
  worker: string;
  reason: string;
  total: number;
  lastHour: number;
  /** Per minute of the last hour, oldest first (60 values). */
  perMinute: number[];
  lastAt: string | null;
  samples: DlqSample[];
}

/** A worker for the operations view: its processes' counters summed (lag over the worker's partitions; batch times of the slowest process), with rates. */
export interface WorkerOps extends WorkerCounters {
  /** The worker's name (its counters' name: `validator`, `aggregator`…). */
  worker: string;
  instances: number;
  /** Events in per second (consumed) over the last ~30 s, null until two samples are known. */
  inPerSecond: number | null;
  /** Events out per second (produced, dead letters excluded). */
  outPerSecond: number | null;
  updatedAt: string | null;
}

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The group's committed offset (null: nothing committed yet). */
  committed: string | null;
  /** The partition's end offset (high watermark). */
  end: string;
  lag: number;
}

export interface StoreOps {
  storeId: string;
  name: string;
  region: string;
  status: 'online' | 'lagging' | 'offline';
  lastEventAt: string | null;
  /** Seconds since the store's last event arrived (null: never). */
  freshnessSeconds: number | null;
  lagMs: number | null;
  /** Seqs missing over its sources, and the open gaps listed (first ones per source). */
  missing: number;
  gaps: { source: string; first: number; last: number }[];
}

/** A central source (web shop, warehouse, HQ systems): no store's, so in no store's freshness. */
export interface SourceOps {
  source: string;
  lastEventAt: string | null;
  /** Seconds since its last event arrived (null: never). */
  freshnessSeconds: number | null;
  /** How late its newest event arrived (arrival − occurredAt), ms. */
  lagMs: number | null;
  /** Seqs missing below its highest, and the open gaps listed (the first ones). */
  missing: number;
  gaps: { first: number; last: number }[];
}

export interface OpsAnswer {
  generatedAt: string;
  workers: WorkerOps[];
  consumerLag: PartitionLag[];
  /** null when Kafka did not answer (`consumerLagError` says why). */
  consumerLagError: string | null;
  dlq: { total: number; lastHour: number; reasons: DlqReasonCount[] };
  stores: StoreOps[];
  /** The central sources, by id. */
  sources: SourceOps[];
  health: HealthReport;
}

/** What a worker did, for the operations view: every input's outcome is counted here. */
export interface WorkerCounters {
  consumed: number;
  ok: number;
  duplicate: number;
  dlq: number;
  produced: number;
  batches: number;
  /** Batches retried because a dependency was down. */
  retries: number;
  /** Messages not yet consumed, summed over this process's partitions (from the last batch of each). */
  lag: number;
  lastBatchMs: number;
  /** Exponential moving average of the batch time. */
  avgBatchMs: number;
  lastBatchAt: string | null;
}
