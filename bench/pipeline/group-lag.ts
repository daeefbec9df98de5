import type { Admin } from 'kafkajs';

/** Sum of the end offsets (high watermarks) of the topics: on a fresh broker, how many records they hold. */
export async function endOffsets(admin: Admin, topics: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const topic of topics) {
    const parts = await admin.fetchTopicOffsets(topic);
    out[topic] = parts.reduce((sum, p) => sum + Number(p.high), 0);
  }
  return out;
}

export const total = (byTopic: Record<string, number>) => Object.values(byTopic).reduce((a, b) => a + b, 0);

export interface GroupProgress {
  /** Committed records (offsets past the start of the log), summed over the topics' partitions. */
  committed: number;
  /** End offset minus committed offset, summed; a partition with no commit counts from its low watermark. */
  lag: number;
}

/** Where a consumer group stands on its topics (kafkajs fetchOffsets against fetchTopicOffsets). */
export async function groupProgress(admin: Admin, groupId: string, topics: string[]): Promise<GroupProgress> {
  const committedByTopic = await admin.fetchOffsets({ groupId, topics });
  let committed = 0;
  let lag = 0;
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committedByTopic.find((t) => t.topic === topic)?.partitions ?? [];
    for (const p of ends) {
      const high = Number(p.high);
      const low = Number(p.low);
      const c = Number(mine.find((m) => m.partition === p.partition)?.offset ?? -1);
      const at = c < 0 ? low : Math.max(c, low);
      committed += at - low;
      lag += Math.max(0, high - at);
    }
  }
  return { committed, lag };
}
