import type { WorkerCounters } from '../../lib/ops/ops-types';

export type { WorkerCounters };

export function emptyCounters(): WorkerCounters {
  return { consumed: 0, ok: 0, duplicate: 0, dlq: 0, produced: 0, batches: 0, retries: 0, lag: 0, lastBatchMs: 0, avgBatchMs: 0, lastBatchAt: null };
}
