import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaToolCommand } from '../../infra/kafka/kafka-tools';

const run = promisify(execFile);

export interface ConsumerPerformanceResult {
  command: string;
  records: number;
  mb: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  /** Excluding the group join (Kafka's own split: fetch.nMsg.sec). */
  fetchRecordsPerSecond: number;
  fetchMbPerSecond: number;
  raw: string;
}

/**
 * Kafka's ceiling on this machine: `org.apache.kafka.tools.ConsumerPerformance` (from the
 * broker's own jars, as `npm run kafka -- consumer-perf` runs it) reading every record of a topic.
 */
export async function consumerPerformance(brokers: string[], topic: string, records: number, timeoutMs: number): Promise<ConsumerPerformanceResult> {
  const args = ['--bootstrap-server', brokers.join(','), '--topic', topic, '--messages', String(records), '--timeout', '30000', '--group', `bench-consumer-perf-${Date.now()}`];
  const c = kafkaToolCommand('consumer-perf', args);
  const { stdout } = await run(c.command, c.args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  const lines = stdout.split('\n').map((l) => l.trim());
  const headerAt = lines.findIndex((l) => l.startsWith('start.time'));
  if (headerAt < 0 || !lines[headerAt + 1]) throw new Error(`ConsumerPerformance printed no figures:\n${stdout}`);
  const header = lines[headerAt]!.split(',').map((s) => s.trim());
  const values = lines[headerAt + 1]!.split(',').map((s) => s.trim());
  const field = (name: string) => {
    const i = header.indexOf(name);
    const v = i >= 0 ? Number(values[i]) : NaN;
    if (!Number.isFinite(v)) throw new Error(`ConsumerPerformance: no ${name} in:\n${stdout}`);
    return v;
  };
  return {
    command: `npm run kafka -- consumer-perf ${args.join(' ')}`,
    records: field('data.consumed.in.nMsg'),
    mb: field('data.consumed.in.MB'),
    recordsPerSecond: field('nMsg.sec'),
    mbPerSecond: field('MB.sec'),
    fetchRecordsPerSecond: field('fetch.nMsg.sec'),
    fetchMbPerSecond: field('fetch.MB.sec'),
    raw: `${lines[headerAt]}\n${lines[headerAt + 1]}`,
  };
}
