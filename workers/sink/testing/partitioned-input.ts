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

/** A small deterministic generator for batch sizes and fault points (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
