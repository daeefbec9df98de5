import type { Admin } from 'kafkajs';
import type { PartitionLag } from './ops-types';

/** Tillstream's consumer groups are named `tillstream-<worker>`; a group of one process (broadcast) ends in `-<host>-<pid>`. */
const OURS = /^tillstream-/;
const PER_PROCESS = /-\d+$/;

/**
 * Consumer lag per group, topic and partition from Kafka itself: each group's committed
 * offsets against the partitions' end offsets. The groups: every `tillstream-*` group with
 * members, and the empty ones that are not a single process's (those die with it).
 */
export async function readConsumerLag(admin: Admin): Promise<PartitionLag[]> {
  const { groups } = await admin.listGroups();
  const ours = groups.map((g) => g.groupId).filter((id) => OURS.test(id));
  if (ours.length === 0) return [];
  const described = await admin.describeGroups(ours);
  const wanted = described.groups.filter((g) => g.state !== 'Dead' && (g.members.length > 0 || !PER_PROCESS.test(g.groupId))).map((g) => g.groupId);
  const ends = new Map<string, Map<number, { high: string; low: string }>>();
  const endOf = async (topic: string) => {
    let m = ends.get(topic);
    if (!m) {
      m = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { high: p.high, low: p.low }]));
      ends.set(topic, m);
    }
    return m;
  };
  const out: PartitionLag[] = [];
  for (const groupId of wanted.sort()) {
    for (const t of await admin.fetchOffsets({ groupId })) {
      const end = await endOf(t.topic);
      // Every partition of the topic: one the group has not committed yet is still to be read whole.
      const committedBy = new Map(t.partitions.map((p) => [p.partition, p.offset]));
      for (const [partition, { high, low }] of [...end].sort(([a], [b]) => a - b)) {
        const offset = committedBy.get(partition);
        const committed = offset !== undefined && Number(offset) >= 0 ? offset : null;
        out.push({ group: groupId, topic: t.topic, partition, committed, end: high, lag: Math.max(0, Number(high) - Number(committed ?? low)) });
      }
    }
  }
  return out.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
