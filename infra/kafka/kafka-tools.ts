import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { classPath } from './kafka-node';

const run = promisify(execFile);

/** Kafka's own command-line tools, from the same jars as the broker. */
export const KAFKA_TOOLS = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'producer-perf': 'org.apache.kafka.tools.ProducerPerformance',
  'consumer-perf': 'org.apache.kafka.tools.ConsumerPerformance',
} as const;

export type KafkaTool = keyof typeof KAFKA_TOOLS;

export function kafkaToolCommand(tool: KafkaTool, args: string[]): { command: string; args: string[] } {
  return { command: 'java', args: ['-Xmx256m', '-cp', classPath(), KAFKA_TOOLS[tool], ...args] };
}

/** Runs a tool to completion and returns its stdout (stdin closed, so console tools end at EOF). */
export async function runKafkaTool(tool: KafkaTool, args: string[], timeoutMs = 60000): Promise<string> {
  const c = kafkaToolCommand(tool, args);
  const { stdout } = await run(c.command, c.args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
