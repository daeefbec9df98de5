import fs from 'node:fs';
import path from 'node:path';
import { createKafka } from '../lib/clients/kafka';
import { createLogger } from '../lib/log';
import { freePort } from '../lib/ports';
import { ALL_TOPICS } from '../lib/topics';
import { createKafkaNode } from '../infra/kafka/kafka-node';
import { provisionTopics } from '../infra/kafka/provision-topics';

/**
 * A Kafka broker of one test file, with every topic of the contract: for tests that
 * read a topic from the beginning and must see only what they wrote (the shared broker
 * of the run holds every other file's events). Stop it in afterAll.
 */
export async function startPrivateKafka(dir: string): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  const quiet = createLogger({ level: 'silent', pretty: false });
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const node = await createKafkaNode({ dataDir: path.resolve(dir), port, controllerPort: await freePort(), heapMb: 384, log: quiet });
  await node.start();
  const brokers = [`127.0.0.1:${port}`];
  const admin = createKafka({ brokers, clientId: 'private-kafka', log: quiet }).admin();
  await admin.connect();
  try {
    await provisionTopics(admin, ALL_TOPICS, quiet);
  } finally {
    await admin.disconnect();
  }
  return { brokers, stop: () => node.stop() };
}
