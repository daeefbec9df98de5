import type { Kafka } from 'kafkajs';

/** The simulator's topics, for tests that read back what a run sent. */
export const SIMULATED_TOPICS = ['pos.events', 'ecom.events', 'warehouse.events', 'hq.masterdata', 'hq.promotions'];

type Offsets = Map<string, { partition: number; offset: string }[]>;

/** Where each topic ends now: a test reads what its run sends after this. */
export async function topicEnds(kafka: Kafka, topics = SIMULATED_TOPICS): Promise<Offsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: Offsets = new Map();
    for (const t of topics) ends.set(t, await admin.fetchTopicOffsets(t));
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message after `from`, grouped by the envelope's source, in partition order:
 * waits until `expected` have arrived (and half a second more, so any beyond would show),
 * or fails after `timeoutMs`.
 */
export async function readSince(kafka: Kafka, from: Offsets, expected: number, timeoutMs = 60_000): Promise<{ bySource: Map<string, string[]>; total: number }> {
  const bySource = new Map<string, string[]>();
  let total = 0;
  const consumer = kafka.consumer({ groupId: `sim-reader-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  for (const t of from.keys()) await consumer.subscribe({ topic: t, fromBeginning: true });
  const arrived = new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`only ${total} of ${expected} events arrived`)), timeoutMs);
    void consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const start = from.get(batch.topic)!.find((p) => p.partition === batch.partition)!;
        for (const m of batch.messages) {
          if (BigInt(m.offset) < BigInt(start.offset)) continue;
          const json = m.value!.toString();
          const source = (JSON.parse(json) as { source: string }).source;
          if (!bySource.has(source)) bySource.set(source, []);
          bySource.get(source)!.push(json);
          total++;
        }
        if (total >= expected) {
          clearTimeout(deadline);
          resolve();
        }
      },
    });
  });
  try {
    await arrived;
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return { bySource, total };
}

/** The events of an in-memory run, grouped by source in emission order: what `readSince` should find. */
export function bySource(deliveries: { source: string; json: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of deliveries) {
    if (!out.has(d.source)) out.set(d.source, []);
    out.get(d.source)!.push(d.json);
  }
  return out;
}

/**
 * Events by source, comparable between Kafka and memory: a till's in seq order (one
 * partition per till key), the others' as sorted sets (their keys spread them over
 * partitions, which Kafka orders only one by one).
 */
export function comparable(events: Map<string, string[]>): Record<string, string[]> {
  return Object.fromEntries([...events].sort(([a], [b]) => a.localeCompare(b)).map(([source, list]) => [source, source.includes('-T') ? list : [...list].sort()]));
}
