import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;
import type { Logger } from '../../lib/log';
import type { TopicSpec } from '../../lib/topics';

/**
 * Creates the contract's topics that are missing and brings the settings of existing
 * ones in line (retention, compaction). Partition counts only grow: Kafka cannot
 * shrink them, so a smaller number in the spec is reported, not applied.
 */
export async function provisionTopics(admin: Admin, topics: TopicSpec[], log: Logger): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: -1,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });
    log.info({ topics: missing.map((t) => t.name) }, 'kafka topics created');
  }
  const present = topics.filter((t) => existing.has(t.name));
  if (present.length === 0) return;
  const meta = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
  for (const t of present) {
    const have = meta.topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
    if (have < t.partitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: t.partitions }] });
      log.info({ topic: t.name, from: have, to: t.partitions }, 'kafka partitions added');
    } else if (have > t.partitions) {
      log.warn({ topic: t.name, have, spec: t.partitions }, 'topic has more partitions than the spec; left as is');
    }
  }
  await admin.alterConfigs({
    validateOnly: false,
    resources: present.map((t) => ({
      type: ConfigResourceTypes.TOPIC,
      name: t.name,
      configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
    })),
  });
}
