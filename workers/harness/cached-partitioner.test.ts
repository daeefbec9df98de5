import kafkajs, { type Message, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CachedDefaultPartitioner } from './cached-partitioner';

const partitions = (n: number, leader = 0): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({ partitionErrorCode: 0, partitionId: i, leader, replicas: [0], isr: [0] }));

describe('CachedDefaultPartitioner', () => {
  it("chooses kafkajs's default partition for every key, whatever the partition count, again and again", () => {
    const cached = CachedDefaultPartitioner();
    const reference = kafkajs.Partitioners.DefaultPartitioner();
    const keys = ['', 'S001-T01', 'S012-T04', 'web-1', 'WH01:SKU100001', 'é ü 中', ...Array.from({ length: 300 }, (_, i) => `S${i}-T${i % 7}`)];
    for (let round = 0; round < 2; round++) {
      for (const n of [1, 3, 6, 12, 3]) {
        for (const key of keys) {
          const args = { topic: 'events.validated', partitionMetadata: partitions(n), message: { key, value: 'x' } };
          expect(cached(args)).toBe(reference(args));
        }
      }
    }
  });

  it('keeps an explicit partition, and spreads messages without a key over the available partitions', () => {
    const cached = CachedDefaultPartitioner();
    expect(cached({ topic: 't', partitionMetadata: partitions(12), message: { key: 'S001-T01', value: 'x', partition: 7 } })).toBe(7);
    const seen = new Set<number>();
    for (let i = 0; i < 24; i++) seen.add(cached({ topic: 't', partitionMetadata: partitions(6), message: { key: null, value: 'x' } as Message }));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('hashes a Buffer key as the default partitioner does', () => {
    const cached = CachedDefaultPartitioner();
    const reference = kafkajs.Partitioners.DefaultPartitioner();
    const args = { topic: 't', partitionMetadata: partitions(12), message: { key: Buffer.from('S001-T01'), value: 'x' } };
    expect(cached(args)).toBe(reference(args));
  });
});
