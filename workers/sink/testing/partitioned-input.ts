import { mulberry32 } from '../../../lib/random/mulberry32';
import type { InputBatch } from '../../harness/worker';

/**
 * Test input for the sink as Kafka would hold it: events.validated keyed by source, so
 * each source's events in order on one partition, with offsets from 0.
 */
export const TOPIC = 'events.validated';

/** A stable hash of the key (not Kafka's murmur2; any stable spread will do for tests). */
export function partitionOf(key: string, partitions: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h % partitions;
}

/** Each partition's message values, in order. */
export function partitionByKey(events: { source: string; json: string }[], partitions = 12): Buffer[][] {
  const out: Buffer[][] = Array.from({ length: partitions }, () => []);
  for (const e of events) out[partitionOf(e.source, partitions)]!.push(Buffer.from(e.json));
  return out;
}

/** Offsets `from` .. `to` (exclusive) of one partition as the harness hands them over. */
export function batchOf(values: Buffer[], partition: number, from: number, to: number): InputBatch {
  return {
    topic: TOPIC,
    partition,
    highWatermark: String(values.length),
    messages: values.slice(from, to).map((value, i) => ({ topic: TOPIC, partition, offset: String(from + i), key: null, value, headers: {} })),
  };
}

/** A small deterministic generator for batch sizes and fault points. */
export const seededRandom = mulberry32;
