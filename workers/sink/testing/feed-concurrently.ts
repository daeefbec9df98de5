import type { WorkerDefinition } from '../../harness/worker';
import { batchOf } from './partitioned-input';

/**
 * Hands each partition's messages to the worker in batches cut by `size(partition)`, every
 * partition at once, each partition's batches in order, one in flight per partition: as the
 * harness does with `concurrency` set to the partitions (the sink's), so that the sink groups
 * the batches in hand into one insert as it does in production. `size` is per partition so
 * that the cuts are the same from run to run whatever the interleaving.
 */
export async function feedConcurrently(worker: WorkerDefinition, parts: Buffer[][], size: (partition: number) => number): Promise<{ ok: number; duplicate: number; dlq: number }> {
  const counts = { ok: 0, duplicate: 0, dlq: 0 };
  await Promise.all(
    parts.map(async (values, p) => {
      for (let from = 0; from < values.length; ) {
        const to = Math.min(values.length, from + size(p));
        const r = await worker.handle(batchOf(values, p, from, to));
        for (const o of r.outcomes) counts[o.kind] += 1;
        from = to;
      }
    }),
  );
  return counts;
}
