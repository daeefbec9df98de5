import kafkajs, { type ICustomPartitioner } from 'kafkajs';

const { Partitioners } = kafkajs;

/** Keys remembered per topic before its cache starts over (bounds topics keyed by orders or SKUs). */
const MAX_KEYS_PER_TOPIC = 10_000;

/**
 * kafkajs's DefaultPartitioner (murmur2 of the key, as the Java client does), remembered
 * per topic, partition count and key. Workers produce keyed by source (a few hundred keys),
 * and murmur2 on kafkajs's Long arithmetic for every message was a visible share of a
 * worker's CPU. The partition is always the default partitioner's own answer, so key →
 * partition is unchanged for everyone downstream; messages with an explicit partition or
 * without a string key go to it directly.
 */
export const CachedDefaultPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const caches = new Map<string, { partitions: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) return partitioner(args);
    let cache = caches.get(topic);
    if (!cache || cache.partitions !== partitionMetadata.length || cache.byKey.size >= MAX_KEYS_PER_TOPIC) {
      cache = { partitions: partitionMetadata.length, byKey: new Map() };
      caches.set(topic, cache);
    }
    let partition = cache.byKey.get(message.key);
    if (partition === undefined) {
      partition = partitioner(args);
      cache.byKey.set(message.key, partition);
    }
    return partition;
  };
};
