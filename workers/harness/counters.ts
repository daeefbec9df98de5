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

export function emptyCounters(): WorkerCounters {
  return { consumed: 0, ok: 0, duplicate: 0, dlq: 0, produced: 0, batches: 0, retries: 0, lag: 0, lastBatchMs: 0, avgBatchMs: 0, lastBatchAt: null };
}
