import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { exampleEvent } from '../../lib/contract/example-event';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { TOPICS } from '../../lib/topics';
import { createKafkaNode } from '../../infra/kafka/kafka-node';
import type { ManagedProcess } from '../../infra/process/managed-process';
import { createApiKeyStore } from './api-keys';
import { createIdempotencyStore } from './idempotency';
import { createIngestService, type IngestService } from './ingest-service';
import { createEventPublisher, createIngestProducer, type EventPublisher } from './publish';
import { createRateLimiter } from './rate-limit';

const { Kafka, logLevel } = kafkajs;

/**
 * Kafka goes away under the ingest: the answer is 503 with Retry-After (not bad input),
 * nothing is published, and once Kafka is back a retry with the same Idempotency-Key
 * publishes the batch exactly once. Its own broker, because it stops it.
 */
describe('REST ingest while Kafka is down', () => {
  const log = createLogger({ level: 'silent', pretty: false });
  let node: ManagedProcess;
  let nodeOptions: Parameters<typeof createKafkaNode>[0];
  let brokers: string[];
  let redis: Redis;
  let publisher: EventPublisher;
  let service: IngestService;
  let key: string;

  beforeAll(async () => {
    const dataDir = path.join(inject('testDataDir'), 'ingest-kafka-down');
    fs.mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    nodeOptions = { dataDir, port, controllerPort: await freePort(), heapMb: 256, log };
    node = await createKafkaNode(nodeOptions);
    await node.start();
    brokers = [`127.0.0.1:${port}`];
    const admin = createKafka({ brokers, clientId: 'test-admin', log }).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPICS.posEvents.name, numPartitions: 3, replicationFactor: 1 }] });
    await admin.disconnect();

    redis = createRedis(inject('redisUrl'), 'ingest-kafka-down-test');
    await redis.connect();
    const keys = createApiKeyStore(redis);
    key = (await keys.create({ storeId: 'S001', name: 'kafka-down test' })).key;
    publisher = createEventPublisher({
      producer: createIngestProducer(createKafka({ brokers, clientId: 'test-ingest', log })),
      log,
      // Shorter than in production: the request answers 503 while kafkajs still retries.
      connectTimeoutMs: 2000,
      sendTimeoutMs: 2000,
    });
    service = createIngestService({
      keys,
      rateLimiter: createRateLimiter(redis),
      idempotency: createIdempotencyStore(redis),
      publisher,
      log,
    });
  });

  afterAll(async () => {
    await publisher?.close().catch(() => undefined);
    redis?.disconnect();
    await node?.stop();
  });

  const post = async (events: unknown[], idempotencyKey: string) => {
    const res = await service.handle(
      new Request('http://test/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(events),
      }),
    );
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  };

  async function countOnTopic(ids: string[]): Promise<Map<string, number>> {
    const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `kafka-down-${crypto.randomUUID()}` });
    const counts = new Map(ids.map((id) => [id, 0]));
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.posEvents.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = (JSON.parse(message.value!.toString()) as { id: string }).id;
        if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
      },
    });
    await expect.poll(() => [...counts.values()].every((n) => n >= 1), { timeout: 30000, interval: 200 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    await consumer.disconnect();
    return counts;
  }

  it('503 with Retry-After while Kafka is down; the same Idempotency-Key publishes once when it is back', async () => {
    const warm = [{ ...exampleEvent('pos.item.added', 1), id: `kd-${crypto.randomUUID()}` }];
    expect((await post(warm, crypto.randomUUID())).status).toBe(202);

    await node.stop();
    const batch = [1, 2, 3].map((n) => ({ ...exampleEvent('pos.item.added', 10 + n), id: `kd-${crypto.randomUUID()}` }));
    const idem = crypto.randomUUID();
    const t0 = Date.now();
    const down = await post(batch, idem);
    expect(down.status).toBe(503);
    expect(Number(down.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(down.body).toMatchObject({ error: 'unavailable', retryAfterSeconds: Number(down.retryAfter) });
    expect(Date.now() - t0).toBeLessThan(10_000);

    // The same broker, data and ports again (a stopped ManagedProcess is not restarted).
    node = await createKafkaNode(nodeOptions);
    await node.start();
    // A client retries after Retry-After until Kafka takes the batch again. Meanwhile the
    // first attempt may still land (kafkajs retries on): then the key is taken (409) until
    // it does, and the retry replays its 202 instead of publishing again.
    let again = await post(batch, idem);
    const until = Date.now() + 60_000;
    while ([503, 409].includes(again.status) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      again = await post(batch, idem);
    }
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 3 });
    // And one more retry replays the answer.
    expect(await post(batch, idem)).toMatchObject({ status: 202, body: { accepted: 3 } });

    const counts = await countOnTopic([...warm, ...batch].map((e) => e.id));
    expect([...counts.values()]).toEqual([1, 1, 1, 1]);
  });
});
