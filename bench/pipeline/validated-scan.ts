import kafkajs, { type Admin } from 'kafkajs';
import { TOPICS } from '../../lib/topics';

const { Kafka, logLevel } = kafkajs;

/** End offset of each partition of events.validated. */
export async function validatedEnds(admin: Admin): Promise<Map<number, number>> {
  return new Map((await admin.fetchTopicOffsets(TOPICS.eventsValidated.name)).map((p) => [p.partition, Number(p.high)]));
}

/**
 * Reads events.validated between two sets of end offsets (after a rate, so as not to load the
 * machine while it is measured) and returns, for the records whose key (the source) `wanted`
 * accepts, the record timestamp by source and seq: the time the validator produced it.
 */
export async function validatedTimestamps(o: {
  brokers: string[];
  admin: Admin;
  from: Map<number, number>;
  to: Map<number, number>;
  wanted: (source: string) => boolean;
  timeoutMs: number;
}): Promise<Map<string, Map<number, number>>> {
  const topic = TOPICS.eventsValidated.name;
  const out = new Map<string, Map<number, number>>();
  const remaining = new Set([...o.to].filter(([p, end]) => end > (o.from.get(p) ?? 0)).map(([p]) => p));
  if (remaining.size === 0) return out;
  const groupId = `bench-pipeline-scan-${Date.now()}`;
  await o.admin.setOffsets({ groupId, topic, partitions: [...o.from].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
  const consumer = new Kafka({ clientId: 'bench-pipeline-scan', brokers: o.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId, maxBytes: 16 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`events.validated scan not done in ${o.timeoutMs / 1000} s (partitions left: ${[...remaining].join(',')})`)), o.timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              const source = m.key?.toString();
              if (!source || !o.wanted(source)) continue;
              const seq = /"seq":(\d+)/.exec(m.value?.toString() ?? '')?.[1];
              if (!seq) continue;
              let bySeq = out.get(source);
              if (!bySeq) out.set(source, (bySeq = new Map()));
              bySeq.set(Number(seq), Number(m.timestamp));
            }
            const end = o.to.get(batch.partition) ?? 0;
            if (Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await o.admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return out;
}
