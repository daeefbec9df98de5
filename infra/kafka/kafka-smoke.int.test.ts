import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import type { ManagedProcess } from '../process/managed-process';
import { createKafkaNode } from './kafka-node';
import { runKafkaTool } from './kafka-tools';

const { Kafka, logLevel } = kafkajs;

/**
 * The pairing the project stands on: Apache Kafka 4.1.1 (KRaft, from Maven Central)
 * with kafkajs 2.2.4. Its own broker, because it kills that broker with SIGKILL.
 */
describe('Kafka 4.1.1 + kafkajs 2.2.4 smoke', () => {
  const log = createLogger({ level: 'warn', pretty: false });
  let node: ManagedProcess;
  let brokers: string[];
  const topic = 'smoke.events';
  const groupId = 'smoke-group';

  beforeAll(async () => {
    const dataDir = path.join(inject('testDataDir'), 'kafka-smoke');
    fs.mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    node = await createKafkaNode({ dataDir, port, controllerPort: await freePort(), heapMb: 256, log });
    await node.start();
    brokers = [`127.0.0.1:${port}`];
  });

  afterAll(async () => {
    await node?.stop();
  });

  const client = () =>
    new Kafka({ clientId: 'smoke', brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 200, retries: 10 } });

  async function produce(from: number, count: number): Promise<void> {
    const producer = client().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: count }, (_, i) => ({ key: `S001:S001-T${(from + i) % 12}`, value: `m${from + i}` }));
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
  }

  /** Consumes in the group until `expected` messages came, commits, and returns them. */
  async function consume(expected: number): Promise<string[]> {
    const consumer = client().consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${expected} messages`)), 60000);
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            for (const m of batch.messages) {
              got.push(m.value!.toString());
              resolveOffset(m.offset);
            }
            await heartbeat();
            await consumer.commitOffsets([
              { topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
            ]);
            if (got.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    // Give a late batch the chance to show up: there must be none beyond `expected`.
    await new Promise((r) => setTimeout(r, 1500));
    await consumer.disconnect();
    return got;
  }

  it('produces idempotently, consumes in a group, survives kill -9 and resumes at the committed offset', async () => {
    const admin = client().admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
    await admin.disconnect();

    await produce(0, 300);
    const first = await consume(300);
    expect(first).toHaveLength(300);
    expect(new Set(first).size).toBe(300);

    const pidBefore = node.pid;
    node.crash(); // SIGKILL, as a power cut would; the supervisor restarts it
    await expect.poll(() => node.pid !== pidBefore && node.isReady, { timeout: 60000, interval: 250 }).toBe(true);

    await produce(300, 50); // retries until the restarted broker takes writes
    const second = await consume(50);
    expect(second.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `m${300 + i}`).sort());
  });

  it("answers Kafka's own console tools from the same jars", async () => {
    const list = await runKafkaTool('topics', ['--bootstrap-server', brokers[0]!, '--list']);
    expect(list.split('\n')).toContain(topic);
    const groups = await runKafkaTool('consumer-groups', ['--bootstrap-server', brokers[0]!, '--describe', '--group', groupId]);
    // Committed offsets equal the end offsets: lag 0 on every partition.
    const rows = groups.split('\n').filter((l) => l.startsWith(groupId));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.split(/\s+/)[5]).toBe('0');
    const dump = await runKafkaTool('console-consumer', [
      '--bootstrap-server',
      brokers[0]!,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '350',
      '--timeout-ms',
      '20000',
    ]);
    expect(dump.trim().split('\n')).toHaveLength(350);
  });
});
